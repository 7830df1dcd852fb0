// Views show only in workspaces they can serve (package.json: each view's `when` is one of these context keys):
// Health Checks with a *.checks file or a Go file, Leak Checks with a Go file. Set at activation and when such a file
// is created.
import * as vscode from 'vscode';

export const HAS_CHECKS_CONTEXT_KEY = 'leaklens.workspaceHasChecks';
export const HAS_GO_CONTEXT_KEY = 'leaklens.workspaceHasGo';

const VIEW_SOURCES = [
  { key: HAS_CHECKS_CONTEXT_KEY, glob: '**/*.{checks,go}' },
  { key: HAS_GO_CONTEXT_KEY, glob: '**/*.go' },
];

export function trackViewVisibility(): vscode.Disposable {
  return vscode.Disposable.from(...VIEW_SOURCES.map(({ key, glob }) => trackFiles(key, glob)));
}

function trackFiles(key: string, glob: string): vscode.Disposable {
  const show = (): void => void vscode.commands.executeCommand('setContext', key, true);
  void vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**', 1).then((found) => {
    if (found.length > 0) show();
  });
  const watcher = vscode.workspace.createFileSystemWatcher(glob, false, true, true);
  return vscode.Disposable.from(watcher, watcher.onDidCreate(show));
}
