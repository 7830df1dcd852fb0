// Language-client middleware that appends runtime evidence to the LeakLens hints it covers ("… — seen at runtime: N
// goroutines blocked here"), in both delivery modes, and brings those messages up to date when the evidence changes:
// pull diagnostics are pulled again, pushed ones are re-applied from the server's last push. When a session ends its
// evidence goes, and so does the text. vscode is imported for types only, so the middleware is unit-tested in Node.
import type * as vscode from 'vscode';
import type { HandleDiagnosticsSignature, Middleware } from 'vscode-languageclient/node';
import { DocumentDiagnosticRequest } from 'vscode-languageserver-protocol';
import { withRuntimeEvidence } from './evidence-merge';
import type { RuntimeEvidenceStore } from './evidence-store';

/** The parts of the LanguageClient used to re-pull diagnostics. */
export interface RefreshableClient {
  isRunning(): boolean;
  getFeature(method: typeof DocumentDiagnosticRequest.method): { refresh(): void } | undefined;
}

interface Pushed {
  uri: vscode.Uri;
  /** As the server (and the middleware before this one) sent them, without runtime text. */
  diagnostics: vscode.Diagnostic[];
  next: HandleDiagnosticsSignature;
}

function uriOf(document: vscode.TextDocument | vscode.Uri): vscode.Uri {
  return 'uri' in document ? document.uri : document;
}

export class RuntimeEvidenceMiddleware {
  private readonly pushed = new Map<string, Pushed>();
  /** Files whose last pulled report carried runtime text, so their next pull must be a full one. */
  private readonly pulledWithEvidence = new Set<string>();

  constructor(private readonly store: RuntimeEvidenceStore) {}

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      if (uri.scheme !== 'file') return next(uri, diagnostics);
      if (diagnostics.length === 0) this.pushed.delete(uri.toString());
      else this.pushed.set(uri.toString(), { uri, diagnostics, next });
      next(uri, withRuntimeEvidence(diagnostics, this.store.forFile(uri.fsPath)));
    },
    provideDiagnostics: async (document, previousResultId, token, next) => {
      const uri = uriOf(document);
      if (uri.scheme !== 'file') return next(document, previousResultId, token);
      const evidence = this.store.forFile(uri.fsPath);
      // An "unchanged" answer would keep the text of the previous evidence: ask for a full report instead.
      const mustBeFull = evidence.length > 0 || this.pulledWithEvidence.has(uri.fsPath);
      const report = await next(document, mustBeFull ? undefined : previousResultId, token);
      if (report?.kind !== 'full') return report;
      if (evidence.length > 0) this.pulledWithEvidence.add(uri.fsPath);
      else this.pulledWithEvidence.delete(uri.fsPath);
      return { ...report, items: withRuntimeEvidence(report.items, evidence) };
    },
  };

  /** Updates the client's diagnostics whenever the evidence of some file changes. */
  attach(client: RefreshableClient): { dispose(): void } {
    const subscription = this.store.onDidChange((files) => {
      for (const { uri, diagnostics, next } of this.pushed.values()) {
        if (files.has(uri.fsPath)) next(uri, withRuntimeEvidence(diagnostics, this.store.forFile(uri.fsPath)));
      }
      if (client.isRunning()) client.getFeature(DocumentDiagnosticRequest.method)?.refresh();
    });
    return {
      dispose: () => {
        subscription.dispose();
        this.pushed.clear();
      },
    };
  }
}
