// Opens a Go source line reported by pprof (an absolute path, 1-based line) in an editor.
import * as vscode from 'vscode';

export async function openSourceLine(file: string, line: number): Promise<void> {
  if (!file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file)) {
    void vscode.window.showWarningMessage(`LeakLens: cannot open "${file}": pprof reported no absolute path (built with -trimpath?).`);
    return;
  }
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: true });
  } catch (err) {
    void vscode.window.showWarningMessage(`LeakLens: cannot open ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
