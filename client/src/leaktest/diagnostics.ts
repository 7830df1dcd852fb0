// The findings of the latest leak-checked runs as diagnostics (source `leaklens (runtime)`), and as proven evidence for
// the static hints on the same lines (the language-client middleware appends "confirmed at run time" to them).
import * as vscode from 'vscode';
import type { RuntimeEvidenceStore } from '../debug/evidence-store';
import { findingsByFile, RUNTIME_LEAK_SOURCE, type RuntimeFinding } from './findings';

/** The evidence store's key for leak-checked test runs (debug sessions use their session ids). */
const EVIDENCE_ID = 'leaklens.leakCheck';

export class LeakDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('leaklens-leak-check');

  constructor(private readonly evidence: RuntimeEvidenceStore) {}

  show(findings: readonly RuntimeFinding[]): void {
    this.collection.clear();
    for (const [file, inFile] of findingsByFile(findings)) {
      this.collection.set(vscode.Uri.file(file), inFile.map(toDiagnostic));
    }
    const proven = findings.filter((f) => f.kind === 'leak' && f.proven);
    this.evidence.set(EVIDENCE_ID, 'leak check', proven.map((f) => ({ file: f.file, line: f.line + 1, goroutines: f.goroutines })), 'proven');
  }

  dispose(): void {
    this.evidence.delete(EVIDENCE_ID);
    this.collection.dispose();
  }
}

function toDiagnostic(finding: RuntimeFinding): vscode.Diagnostic {
  const range = new vscode.Range(finding.line, 0, finding.line, Number.MAX_SAFE_INTEGER);
  const severity = finding.kind === 'hang' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
  diagnostic.source = RUNTIME_LEAK_SOURCE;
  diagnostic.code = finding.kind === 'hang' ? 'test-hang' : 'goroutine-leak';
  if (finding.createdAt) {
    const at = new vscode.Location(vscode.Uri.file(finding.createdAt.file), new vscode.Position(finding.createdAt.line, 0));
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(at, finding.createdAt.message)];
  }
  return diagnostic;
}
