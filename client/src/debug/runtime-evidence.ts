// Runtime evidence on static hints: each session's latest pprof sample says where in the workspace its goroutines pile
// up. That evidence goes to the shared store, whose language-client middleware appends it to the LeakLens hint covering
// the line; lines without a hint get an information diagnostic of the session's own here. Both go when the session ends.
// (A client-side DiagnosticCollection keeps this out of the language server: runtime facts never outlive the session.)
import * as vscode from 'vscode';
import { evidenceWithoutStaticHint, RUNTIME_EVIDENCE_SOURCE, standaloneEvidenceMessage } from './evidence-merge';
import type { RuntimeEvidenceStore } from './evidence-store';
import { findHotspots } from './hotspots';
import type { SessionRegistry } from './session-registry';

function provenKey(sessionId: string): string {
  return `${sessionId}#proven`;
}

export function registerRuntimeEvidence(registry: SessionRegistry, store: RuntimeEvidenceStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('leaklens-runtime');
  /** What the collection holds per file, to publish only changes (our own publishing fires onDidChangeDiagnostics). */
  const published = new Map<string, string>();

  const publish = (file: string): void => {
    const uri = vscode.Uri.file(file);
    const hints = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== RUNTIME_EVIDENCE_SOURCE);
    const alone = evidenceWithoutStaticHint(hints, store.forFile(file));
    const key = JSON.stringify(alone);
    if ((published.get(file) ?? '[]') === key) return;
    if (alone.length === 0) {
      published.delete(file);
      collection.delete(uri);
      return;
    }
    published.set(file, key);
    collection.set(
      uri,
      alone.map((evidence) => {
        const range = new vscode.Range(evidence.line, 0, evidence.line, Number.MAX_SAFE_INTEGER);
        const diagnostic = new vscode.Diagnostic(range, standaloneEvidenceMessage(evidence), vscode.DiagnosticSeverity.Information);
        diagnostic.source = RUNTIME_EVIDENCE_SOURCE;
        return diagnostic;
      }),
    );
  };

  const onSample = registry.onDidSample(({ session, sample }) => {
    if (sample.goroutines?.source !== 'pprof') return;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    store.set(session.session.id, session.session.name, findHotspots(sample.goroutines.groups, folders));
    // Goroutines the runtime proved leaked count from one: any is a leak.
    store.set(provenKey(session.session.id), session.session.name, findHotspots(sample.goroutines.leakedGroups ?? [], folders, 1), 'proven');
  });
  const onEnd = registry.onDidEnd((session) => {
    store.delete(session.session.id);
    store.delete(provenKey(session.session.id));
  });
  const onEvidence = store.onDidChange((files) => files.forEach(publish));
  // A hint appearing on (or leaving) an evidence line moves the evidence into (or out of) the hint's message.
  const onDiagnostics = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) {
      if (uri.scheme === 'file' && (published.has(uri.fsPath) || store.forFile(uri.fsPath).length > 0)) publish(uri.fsPath);
    }
  });
  return vscode.Disposable.from(onSample, onEnd, onEvidence, onDiagnostics, collection);
}
