// Hides our lost-cancel diagnostic where gopls already reports its own lostcancel (see ./goplsDuplicates.ts), in
// both delivery modes, and asks for our diagnostics again when gopls's change (they may arrive after ours).
import * as vscode from 'vscode';
import { DocumentDiagnosticRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { goplsLostCancelLines, withoutGoplsDuplicates } from './goplsDuplicates';

export const goplsDedupMiddleware: Middleware = {
  handleDiagnostics(uri, diagnostics, next) {
    next(uri, withoutGoplsDuplicates(diagnostics, vscode.languages.getDiagnostics(uri)));
  },
  async provideDiagnostics(document, previousResultId, token, next) {
    const report = await next(document, previousResultId, token);
    if (report?.kind !== 'full') return report;
    const uri = document instanceof vscode.Uri ? document : document.uri;
    return { ...report, items: withoutGoplsDuplicates(report.items, vscode.languages.getDiagnostics(uri)) };
  },
};

/** Re-pulls our diagnostics when the lines carrying gopls's lostcancel diagnostic change in some document. */
export function registerGoplsDeduplication(context: vscode.ExtensionContext, client: LanguageClient): void {
  const seen = new Map<string, string>();
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics((event) => {
      let changed = false;
      for (const uri of event.uris) {
        const key = goplsLostCancelLines(vscode.languages.getDiagnostics(uri));
        if ((seen.get(uri.toString()) ?? '') !== key) changed = true;
        if (key) seen.set(uri.toString(), key);
        else seen.delete(uri.toString());
      }
      if (changed && client.isRunning()) client.getFeature(DocumentDiagnosticRequest.method)?.refresh();
    }),
  );
}
