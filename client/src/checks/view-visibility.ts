// The Health Checks view shows only in workspaces that can have checks: with a *.checks file or a Go file (package.json:
// the view's `when` is this context key). Set at activation and when such a file is created.
import * as vscode from 'vscode';

export const HAS_CHECKS_CONTEXT_KEY = 'leaklens.workspaceHasChecks';
const CHECK_SOURCES = '**/*.{checks,go}';

export function trackViewVisibility(): vscode.Disposable {
  const show = (): void => void vscode.commands.executeCommand('setContext', HAS_CHECKS_CONTEXT_KEY, true);
  void vscode.workspace.findFiles(CHECK_SOURCES, '**/{node_modules,.git}/**', 1).then((found) => {
    if (found.length > 0) show();
  });
  const watcher = vscode.workspace.createFileSystemWatcher(CHECK_SOURCES, false, true, true);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(show));
}
