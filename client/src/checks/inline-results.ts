// Shows each latest result after its request line or Go URL literal ("✓ 200 · 43 ms"). Results reach the Problems
// panel only when `leaklens.checks.showInProblems` is on (see problems.ts). When a document is edited its results are
// detached: their ranges no longer fit, so their inline text and Problems entries go.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol/ids';
import { inlineResult } from './outcome-text';
import { problemEntries, SHOW_IN_PROBLEMS_SETTING } from './problems';
import type { ResultsStore } from './results-store';

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function showInlineResults(store: ResultsStore): vscode.Disposable {
  const decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1.5em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const diagnostics = vscode.languages.createDiagnosticCollection('leaklens-health-checks');

  const decorate = (editor: vscode.TextEditor): void => {
    const options = store.inDocument(editor.document.uri.toString()).map((result): vscode.DecorationOptions => {
      const end = toRange(result.anchor!.range).end;
      return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: inlineResult(result) } } };
    });
    editor.setDecorations(decoration, options);
  };

  const refresh = (): void => {
    for (const editor of vscode.window.visibleTextEditors) decorate(editor);
    diagnostics.clear();
    const showInProblems = vscode.workspace.getConfiguration('leaklens.checks').get<boolean>(SHOW_IN_PROBLEMS_SETTING) === true;
    const byUri = new Map<string, vscode.Diagnostic[]>();
    for (const entry of problemEntries(store.all().map((record) => record.latest), showInProblems)) {
      const diagnostic = new vscode.Diagnostic(toRange(entry.range), entry.message, vscode.DiagnosticSeverity.Information);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = entry.code;
      byUri.set(entry.uri, [...(byUri.get(entry.uri) ?? []), diagnostic]);
    }
    for (const [uri, list] of byUri) diagnostics.set(vscode.Uri.parse(uri), list);
  };

  return vscode.Disposable.from(
    decoration,
    diagnostics,
    store.onDidChange(refresh),
    vscode.window.onDidChangeVisibleTextEditors(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`leaklens.checks.${SHOW_IN_PROBLEMS_SETTING}`)) refresh();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) store.detachDocument(e.document.uri.toString());
    }),
  );
}
