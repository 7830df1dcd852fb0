// Leak-checked test runs and leak watch in VS Code: lenses, palette commands, the Leak Checks view, runtime diagnostics
// and the proven evidence on static hints. Running tests or programs executes workspace code: trusted workspaces only,
// and only on a click or a command.
import * as vscode from 'vscode';
import { explainUntrusted } from '../checks/trust';
import type { RuntimeEvidenceStore } from '../debug/evidence-store';
import { openSourceLine } from '../debug/open-location';
import { COMMANDS } from '../commands';
import { enableLeakDetection } from '../leakwatch/launch-config';
import type { LeakWatches } from '../leakwatch/leak-watch';
import { LEAK_CHECKS_VIEW_ID, UNTRUSTED_RUN_MESSAGE } from './context-keys';
import { LeakDiagnostics } from './diagnostics';
import { LeakRunLenses } from './lenses';
import { pickRequest, requestForFile } from './pick';
import { LeakRunsView } from './results-view';
import { RunHistory } from './run-history';
import { LeakTestRuns } from './runs';

function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void explainUntrusted(UNTRUSTED_RUN_MESSAGE);
  return false;
}

export function registerLeakChecks(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  evidence: RuntimeEvidenceStore,
  watches: LeakWatches,
): void {
  const history = new RunHistory();
  const diagnostics = new LeakDiagnostics(evidence);
  const view = new LeakRunsView(history);
  const runs = new LeakTestRuns(context.extensionPath, history, diagnostics, view, output);
  const lenses = new LeakRunLenses();

  const runTarget = async (uri?: vscode.Uri, testName?: string): Promise<void> => {
    if (!trusted()) return;
    const file = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!file || file.scheme !== 'file') return;
    const request = requestForFile(file.fsPath, testName);
    if (typeof request === 'string') {
      void vscode.window.showWarningMessage(`LeakLens: ${request}`);
      return;
    }
    await runs.run(request);
  };

  context.subscriptions.push(
    diagnostics,
    view,
    runs,
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'go', scheme: 'file' }, lenses),
    vscode.window.registerTreeDataProvider(LEAK_CHECKS_VIEW_ID, view),
    vscode.commands.registerCommand(COMMANDS.runLeakCheckTarget, runTarget),
    vscode.commands.registerCommand(COMMANDS.runLeakCheck, async () => {
      if (!trusted()) return;
      const request = await pickRequest();
      if (request) await runs.run(request);
    }),
    vscode.commands.registerCommand(COMMANDS.rerunLeakCheck, () => (trusted() ? runs.rerun() : undefined)),
    vscode.commands.registerCommand(COMMANDS.cancelLeakCheck, () => {
      if (!runs.cancel()) void vscode.window.showInformationMessage('LeakLens: no leak check is running.');
    }),
    vscode.commands.registerCommand(COMMANDS.clearLeakCheck, () => runs.clear()),
    vscode.commands.registerCommand(COMMANDS.openLeakLine, (file: string, line: number) => openSourceLine(file, line)),
    vscode.commands.registerCommand(COMMANDS.explainUntrustedRun, () => explainUntrusted(UNTRUSTED_RUN_MESSAGE)),
    vscode.commands.registerCommand(COMMANDS.runLeakWatch, async (uri?: vscode.Uri) => {
      if (!trusted()) return;
      const file = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!file || file.scheme !== 'file' || !file.fsPath.endsWith('.go')) {
        void vscode.window.showInformationMessage('LeakLens: open the Go file with func main to run it with leak watch.');
        return;
      }
      await watches.start(file);
    }),
    vscode.commands.registerCommand(COMMANDS.stopLeakWatch, () => {
      if (watches.stopAll() === 0) void vscode.window.showInformationMessage('LeakLens: no program runs with leak watch.');
    }),
    vscode.commands.registerCommand(COMMANDS.enableLeakDetection, enableLeakDetection),
  );
}
