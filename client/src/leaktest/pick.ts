// From a click or the palette to a leak-check request: the package of a test file (optionally one test), or a package
// picked from the workspace's test files.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { moduleRootOf, packagePattern } from './module-root';
import type { LeakTestRequest } from './run-history';
import { exactTestPattern, testTargets } from './targets';

/** The request for the tests of the file's package, or only `testName`. */
export function requestForFile(file: string, testName?: string): LeakTestRequest | string {
  const root = moduleRootOf(file);
  if (!root) return `${file} is not inside a Go module (no go.mod above it).`;
  const pattern = packagePattern(root, dirname(file));
  return testName
    ? { cwd: root, packages: [pattern], run: exactTestPattern(testName), label: testName }
    : { cwd: root, packages: [pattern], label: pattern };
}

interface PackagePick extends vscode.QuickPickItem {
  request: LeakTestRequest;
  file?: string;
}

/** Palette: a package (or every package of a module), then all its tests or one of them. */
export async function pickRequest(): Promise<LeakTestRequest | undefined> {
  const files = await vscode.workspace.findFiles('**/*_test.go', '**/{vendor,node_modules,testdata}/**', 2000);
  const byPackage = new Map<string, PackagePick>();
  const modules = new Map<string, PackagePick>();
  for (const uri of files) {
    const request = requestForFile(uri.fsPath);
    if (typeof request === 'string') continue;
    const key = `${request.cwd}\0${request.packages[0]}`;
    if (!byPackage.has(key)) byPackage.set(key, { label: request.label, description: vscode.workspace.asRelativePath(request.cwd), request, file: uri.fsPath });
    if (!modules.has(request.cwd)) {
      const all: LeakTestRequest = { cwd: request.cwd, packages: ['./...'], label: './...' };
      modules.set(request.cwd, { label: './...', description: `every package of ${vscode.workspace.asRelativePath(request.cwd)}`, request: all });
    }
  }
  if (byPackage.size === 0) {
    void vscode.window.showInformationMessage('LeakLens: no Go test files (*_test.go) in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick([...modules.values(), ...[...byPackage.values()].sort((a, b) => a.label.localeCompare(b.label))], {
    title: 'Run Tests with Leak Check',
    placeHolder: 'Package to test',
  });
  if (!picked?.file) return picked?.request;
  return pickTest(picked.request, dirname(picked.file));
}

async function pickTest(packageRequest: LeakTestRequest, dir: string): Promise<LeakTestRequest | undefined> {
  const tests = new Set<string>();
  for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(dir, '*_test.go'))) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    for (const t of testTargets(text)) if (t.name) tests.add(t.name);
  }
  const all = { label: `All tests of ${packageRequest.label}`, request: packageRequest };
  const picked = await vscode.window.showQuickPick(
    [all, ...[...tests].sort().map((name) => ({ label: name, request: { ...packageRequest, run: exactTestPattern(name), label: name } }))],
    { title: 'Run Tests with Leak Check', placeHolder: 'Test to run' },
  );
  return picked?.request;
}
