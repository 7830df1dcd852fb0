// The language client: starts dist/server.js over Node IPC for Go documents (files and untitled) and the health-check
// files whose diagnostics and lenses the server also provides. Tracing follows `leaklens.trace.server` (the client id is
// "leaklens") and goes to the LeakLens output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { goplsDedupMiddleware } from './goplsDedup';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
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
    middleware: goplsDedupMiddleware,
  };
  return new LanguageClient('leaklens', 'LeakLens', serverOptions, clientOptions);
}
