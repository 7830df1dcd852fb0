// Shows each latest result after its request line or Go URL literal ("✅ 200 · 43 ms"), and unhealthy or failed
// checks as diagnostics on their block. When a document is edited its results are detached: their ranges no longer fit.
import * as vscode from 'vscode';
import type { CheckResult } from '../../../server/src/protocol/checks';
import { shortResult, type ResultsStore } from './results-store';

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
      return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: shortResult(result) } } };
    });
    editor.setDecorations(decoration, options);
  };

  const refresh = (): void => {
    for (const editor of vscode.window.visibleTextEditors) decorate(editor);
    diagnostics.clear();
    const byUri = new Map<string, vscode.Diagnostic[]>();
    for (const record of store.all()) {
      const result = record.latest;
      if (!result.anchor || result.outcome === 'healthy') continue;
      const list = byUri.get(result.anchor.uri) ?? [];
      list.push(toDiagnostic(result));
      byUri.set(result.anchor.uri, list);
    }
    for (const [uri, list] of byUri) diagnostics.set(vscode.Uri.parse(uri), list);
  };

  return vscode.Disposable.from(
    decoration,
    diagnostics,
    store.onDidChange(refresh),
    vscode.window.onDidChangeVisibleTextEditors(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) store.detachDocument(e.document.uri.toString());
    }),
  );
}

function toDiagnostic(result: CheckResult): vscode.Diagnostic {
  const why = result.error ?? result.failedAssertions.join('; ');
  const diagnostic = new vscode.Diagnostic(
    toRange(result.anchor!.blockRange ?? result.anchor!.range),
    `Health check "${result.name}" ${result.outcome === 'failed' ? 'failed' : 'is unhealthy'}: ${why}`,
    result.outcome === 'failed' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = 'leaklens';
  diagnostic.code = 'health-check';
  return diagnostic;
}
