// "LeakLens: New Automation Script…": pick a template, name the folder, get main.go (+ go.mod) opened in an editor.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import * as vscode from 'vscode';
import { SCRIPT_TEMPLATES, templatePath, type ScriptTemplate } from './catalogue';
import { validateRelativeFolder } from './folder-input';
import { FileExistsError, planScaffold, writeScaffold } from './scaffold';
import { showError } from '../output';

export async function newScript(extensionPath: string): Promise<void> {
  const template = await pickTemplate();
  if (!template) return;
  const folder = await pickFolder(template);
  if (!folder) return;
  const mainGoPath = join(folder, 'main.go');
  const overwrite = existsSync(mainGoPath);
  if (overwrite && !(await confirmOverwrite(mainGoPath))) return;
  try {
    const templateText = await readFile(join(extensionPath, ...templatePath(template)), 'utf8');
    await writeScaffold(planScaffold(folder, templateText), overwrite);
    await vscode.window.showTextDocument(vscode.Uri.file(mainGoPath));
  } catch (error) {
    const reason =
      error instanceof FileExistsError ? `${error.path} was created meanwhile; nothing was overwritten` : String(error);
    void showError(`LeakLens: could not create the script: ${reason}`);
  }
}

async function pickTemplate(): Promise<ScriptTemplate | undefined> {
  const items = SCRIPT_TEMPLATES.map((template) => ({ label: template.label, detail: template.description, template }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LeakLens: New Automation Script',
    placeHolder: 'Choose a template (stdlib only; passes go vet and LeakLens)',
    matchOnDetail: true,
  });
  return picked?.template;
}

/** The folder for main.go: a folder name relative to the (chosen) workspace folder, or a folder picked on disk. */
async function pickFolder(template: ScriptTemplate): Promise<string | undefined> {
  const root = await pickWorkspaceRoot();
  if (!root) return undefined;
  const relative = await vscode.window.showInputBox({
    title: 'LeakLens: New Automation Script',
    prompt: `Folder for main.go, relative to ${root}. Outside a Go module, a go.mod named after the folder is added.`,
    value: template.id,
    validateInput: validateRelativeFolder,
  });
  return relative === undefined ? undefined : join(root, normalize(relative.trim()));
}

async function pickWorkspaceRoot(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1) {
    const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the script go?' });
    return picked?.uri.fsPath;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Create Script Here',
  });
  return picked?.[0]?.fsPath;
}

async function confirmOverwrite(path: string): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `${path} already exists. Replace it with the template?`,
    { modal: true },
    'Replace',
  );
  return answer === 'Replace';
}
