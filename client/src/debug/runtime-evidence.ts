// Runtime evidence on static hints: where many goroutines are blocked at a workspace line, a diagnostic says so — next to
// the LeakLens hint on that line when there is one ("seen at runtime: N goroutines blocked here"), or alone when the
// static analysis found nothing there. They belong to the session and disappear when it ends.
// (A client-side DiagnosticCollection keeps this out of the language server: runtime facts never outlive the session.)
import * as vscode from 'vscode';
import { findHotspots, type Hotspot } from './hotspots';
import type { SessionRegistry } from './session-registry';

function evidenceFor(spot: Hotspot, sessionName: string): { uri: vscode.Uri; diagnostic: vscode.Diagnostic } {
  const uri = vscode.Uri.file(spot.file);
  const line = spot.line - 1;
  const staticHint = vscode.languages
    .getDiagnostics(uri)
    .find((d) => d.source === 'leaklens' && d.range.start.line <= line && d.range.end.line >= line);
  const text = `seen at runtime: ${spot.goroutines} goroutines blocked here (debug session "${sessionName}")`;
  const diagnostic = new vscode.Diagnostic(
    staticHint?.range ?? new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
    staticHint ? text : `${text}; no static LeakLens hint on this line`,
    vscode.DiagnosticSeverity.Information,
  );
  diagnostic.source = 'leaklens runtime';
  if (staticHint) {
    diagnostic.code = staticHint.code;
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, staticHint.range), staticHint.message)];
  }
  return { uri, diagnostic };
}

export function registerRuntimeEvidence(registry: SessionRegistry): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('leaklens-runtime');
  const bySession = new Map<string, { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[]>();
  const publish = (): void => {
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const entries of bySession.values()) {
      for (const { uri, diagnostic } of entries) {
        const slot = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
        slot.diagnostics.push(diagnostic);
        byUri.set(uri.toString(), slot);
      }
    }
    collection.clear();
    for (const { uri, diagnostics } of byUri.values()) collection.set(uri, diagnostics);
  };
  const onSample = registry.onDidSample(({ session, sample }) => {
    if (sample.goroutines?.source !== 'pprof') return;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const spots = findHotspots(sample.goroutines.groups, folders);
    const previous = bySession.get(session.session.id) ?? [];
    if (spots.length === 0 && previous.length === 0) return;
    bySession.set(session.session.id, spots.map((s) => evidenceFor(s, session.session.name)));
    publish();
  });
  const onEnd = registry.onDidEnd((session) => {
    if (bySession.delete(session.session.id)) publish();
  });
  return vscode.Disposable.from(onSample, onEnd, collection);
}
