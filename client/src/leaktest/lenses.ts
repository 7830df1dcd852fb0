// "Run with leak check" above the package clause and each test of a `_test.go` file, "Run with leak watch" above
// `func main` of a `package main`. Lenses only offer: nothing runs until the user clicks, and in an untrusted workspace
// the lens says why it is off instead.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { isTestFile, mainTarget, testTargets, type LensTarget } from './targets';

export class LeakRunLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly onTrust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const text = document.getText();
    const targets: LensTarget[] = isTestFile(document.uri.fsPath) ? testTargets(text) : [mainTarget(text)].filter((t) => t !== undefined);
    if (targets.length === 0) return [];
    const at = (t: LensTarget): vscode.Range => new vscode.Range(t.line, 0, t.line, 0);
    if (!vscode.workspace.isTrusted) {
      const title = targets[0].kind === 'main' ? '$(lock) Leak watch needs a trusted workspace' : '$(lock) Leak check needs a trusted workspace';
      return [new vscode.CodeLens(at(targets[0]), { title, command: COMMANDS.explainUntrustedRun })];
    }
    return targets.map((t) => {
      if (t.kind === 'main') {
        return new vscode.CodeLens(at(t), { title: '$(play) Run with leak watch', command: COMMANDS.runLeakWatch, arguments: [document.uri] });
      }
      const tooltip = t.kind === 'test' ? `Run ${t.name} with the Go runtime's goroutine leak detector` : 'Run the tests of this package with the Go runtime\'s goroutine leak detector';
      return new vscode.CodeLens(at(t), { title: '$(play) Run with leak check', tooltip, command: COMMANDS.runLeakCheckTarget, arguments: [document.uri, t.name] });
    });
  }

  dispose(): void {
    this.onTrust.dispose();
    this.changed.dispose();
  }
}
