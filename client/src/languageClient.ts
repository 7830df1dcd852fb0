// The language client: starts dist/server.js over Node IPC for Go documents (files and untitled) and the health-check
// files whose diagnostics and lenses the server also provides. Tracing follows `leaklens.trace.server` (the client id is
// "leaklens") and goes to the LeakLens output channel. Our diagnostics pass two middlewares: gopls deduplication, then
// runtime evidence from debug sessions (appended to the hints it covers). Our quick fixes record that they were applied
// (the walkthrough's step ticks on that); "Open documentation" opens a Markdown preview.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';
import { RuntimeEvidenceMiddleware } from './debug/evidence-middleware';
import type { RuntimeEvidenceStore } from './debug/evidence-store';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol/ids';
import { COMMANDS } from './commands';
import { goplsDedupMiddleware } from './goplsDedup';
import { tagQuickFixes } from './walkthrough/steps';
import { ruleDocPreviewMiddleware } from './ruleDocPreview';

/** Diagnostics pass `outer`, then `inner`, then the client's own handling (push); pull reports come back the other way. */
function composeDiagnostics(outer: Middleware, inner: Middleware): Middleware {
  return {
    handleDiagnostics(uri, diagnostics, next) {
      const handleInner: typeof next = (u, d) => (inner.handleDiagnostics ? inner.handleDiagnostics(u, d, next) : next(u, d));
      return outer.handleDiagnostics ? outer.handleDiagnostics(uri, diagnostics, handleInner) : handleInner(uri, diagnostics);
    },
    provideDiagnostics(document, previousResultId, token, next) {
      const provideInner: typeof next = (doc, id, t) => (inner.provideDiagnostics ? inner.provideDiagnostics(doc, id, t, next) : next(doc, id, t));
      return outer.provideDiagnostics ? outer.provideDiagnostics(document, previousResultId, token, provideInner) : provideInner(document, previousResultId, token);
    },
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  runtimeEvidence: RuntimeEvidenceStore,
): LanguageClient {
  const evidenceMiddleware = new RuntimeEvidenceMiddleware(runtimeEvidence);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const goModWatcher = vscode.workspace.createFileSystemWatcher('**/go.mod');
  context.subscriptions.push(goModWatcher);
  const serverOptions: ServerOptions = { module, transport: TransportKind.ipc };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['go', 'healthchecks'].flatMap((language) => [
      { language, scheme: 'file' },
      { language, scheme: 'untitled' },
    ]),
    // go.mod: its `go` directive changes what the timer rules report.
    synchronize: { configurationSection: 'leaklens', fileEvents: goModWatcher },
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      ...composeDiagnostics(goplsDedupMiddleware, evidenceMiddleware.middleware),
      ...ruleDocPreviewMiddleware,
      async provideCodeActions(document, range, context, token, next) {
        const actions = await next(document, range, context, token);
        if (actions) tagQuickFixes(actions.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction), DIAGNOSTIC_SOURCE, COMMANDS.recordQuickFix);
        return actions;
      },
    },
  };
  const client = new LanguageClient('leaklens', 'LeakLens', serverOptions, clientOptions);
  context.subscriptions.push(evidenceMiddleware.attach(client));
  return client;
}
