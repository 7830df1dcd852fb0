// The language server: LSP wiring of the features in ./featureList.ts. Used by dist/server.js (VS Code starts it over
// Node IPC; other editors with --stdio) and by `leaklens lsp --stdio`, which calls startServer() in-process.
import {
  CodeActionKind,
  createConnection,
  MarkupKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { DocumentStore } from './documents';
import { FEATURE_FACTORIES } from './featureList';
import { featuresFor, type FeatureContext, type LspFeature } from './features';
import { SettingsStore } from './settings';

/** Starts the server on the transport named in process.argv (--stdio, --node-ipc, --socket=N, --pipe=NAME). */
export function startServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  let features: LspFeature[] = [];
  let scheduler: DiagnosticsScheduler | undefined;
  let folders: WorkspaceFolder[] = [];
  let settings: SettingsStore | undefined;
  /** Pull mode with refresh support: after a settings change, ask the client to pull again. */
  let clientCanRefresh = false;
  let clientSendsFolderChanges = false;

  const log = (message: string): void => connection.console.log(message);
  const logError = (what: string, err: unknown): void =>
    connection.console.error(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  // The last line of defence: a stray rejection is logged, never allowed to take the server down.
  process.on('unhandledRejection', (reason) => logError('Unhandled rejection', reason));
  const documents = new DocumentStore((err) => logError('Keeping a document in sync failed', err));

  /** Runs one contribution of every feature serving `doc`, each guarded: a failing feature is logged and skipped. */
  async function gather<T>(
    doc: TextDocument,
    what: string,
    call: (f: LspFeature) => Promise<T | null | undefined> | T | null | undefined,
  ): Promise<T[]> {
    const answers: T[] = [];
    for (const feature of featuresFor(features, doc.languageId)) {
      try {
        const answer = await call(feature);
        if (answer !== undefined && answer !== null) answers.push(answer);
      } catch (err) {
        logError(`${feature.name}: ${what} of ${doc.uri} failed`, err);
      }
    }
    return answers;
  }

  const computeDiagnostics = async (doc: TextDocument, token: CancellationToken): Promise<Diagnostic[]> =>
    (await gather<Diagnostic[]>(doc, 'diagnostics', (f) => f.diagnostics?.(doc, token))).flat();

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const capabilities = params.capabilities;
    const pull = capabilities.textDocument?.diagnostic !== undefined;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    settings = new SettingsStore(connection, capabilities.workspace?.configuration === true, params.initializationOptions);
    scheduler = new DiagnosticsScheduler(
      computeDiagnostics,
      (uri) => documents.get(uri),
      pull ? undefined : (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version: version || undefined, diagnostics }),
    );
    clientCanRefresh = pull && capabilities.workspace?.diagnostics?.refreshSupport === true;
    clientSendsFolderChanges = capabilities.workspace?.workspaceFolders === true;
    const ctx: FeatureContext = {
      connection,
      documents,
      settings,
      clientCapabilities: capabilities,
      workspaceFolders: () => folders,
      refreshDiagnostics: (uris) => refreshDiagnostics(uris),
      log,
    };
    features = [];
    for (const factory of FEATURE_FACTORIES) {
      try {
        features.push(await factory(ctx));
      } catch (err) {
        logError('A language server feature failed to start and is left out', err);
      }
    }
    for (const f of features) f.activate?.(params);
    const commands = features.flatMap((f) => Object.keys(f.commands ?? {}));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        ...(features.some((f) => f.codeActions) ? { codeActionProvider: { codeActionKinds: [...new Set(features.flatMap((f) => (f.codeActions ? (f.codeActionKinds ?? [CodeActionKind.QuickFix]) : [])))] } } : {}),
        ...(features.some((f) => f.codeLenses) ? { codeLensProvider: { resolveProvider: false } } : {}),
        ...(features.some((f) => f.hover) ? { hoverProvider: true } : {}),
        ...(features.some((f) => f.completion)
          ? { completionProvider: { triggerCharacters: [...new Set(features.flatMap((f) => f.completionTriggers ?? []))] } }
          : {}),
        ...(commands.length > 0 ? { executeCommandProvider: { commands } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'LeakLens' },
    };
  });

  connection.onInitialized(() => {
    for (const f of features) {
      try {
        f.initialized?.();
      } catch (err) {
        logError(`${f.name}: initialized`, err);
      }
    }
    // vscode-languageserver throws on this subscription when the client never sends folder changes.
    if (!clientSendsFolderChanges) return;
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders = [...folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)), ...e.added];
    });
  });

  function refreshDiagnostics(uris?: string | readonly string[]): void {
    const named = typeof uris === 'string' ? [uris] : uris;
    const docs = named ? named.flatMap((uri) => documents.get(uri) ?? []) : documents.all();
    if (named && docs.length === 0) return;
    for (const doc of docs) scheduler?.schedule(doc.uri);
    if (clientCanRefresh) void connection.languages.diagnostics.refresh().catch((err) => logError('diagnostics refresh', err));
  }

  documents.onDocument({
    // A newly opened document has nobody typing in it yet: no quiet period to wait for.
    opened: (doc) => scheduler?.schedule(doc.uri, 0),
    changed: (doc) => scheduler?.schedule(doc.uri),
    closed: (uri) => scheduler?.forget(uri),
  });
  documents.listen(connection);

  connection.onDidChangeConfiguration((params) => {
    settings?.changed(params.settings);
    refreshDiagnostics();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const f of features) {
      try {
        f.watchedFilesChanged?.(changes);
      } catch (err) {
        logError(`${f.name}: watched files`, err);
      }
    }
  });

  connection.languages.diagnostics.on(async (params, token) => ({
    kind: 'full',
    items: (await scheduler?.pull(params.textDocument.uri, token)) ?? [],
  }));

  connection.onCodeAction(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? (await gather(doc, 'code actions', (f) => f.codeActions?.(doc, params, token))).flat() : [];
  });

  connection.onCodeLens(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? (await gather(doc, 'code lenses', (f) => f.codeLenses?.(doc, token))).flat() : [];
  });

  connection.onHover(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    const hovers = doc ? await gather(doc, 'hover', (f) => f.hover?.(doc, params, token)) : [];
    if (hovers.length <= 1) return hovers[0] ?? null;
    // Several features answered: show all, one after the other.
    return { contents: { kind: MarkupKind.Markdown, value: hovers.map((h) => hoverMarkdown(h.contents)).join('\n\n---\n\n') } };
  });

  connection.onCompletion(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? (await gather(doc, 'completion', (f) => f.completion?.(doc, params, token))).flat() : [];
  });

  connection.onExecuteCommand(async (params) => {
    const run = features.find((f) => f.commands?.[params.command])?.commands?.[params.command];
    if (!run) throw new Error(`Unknown command ${params.command}`);
    return run(params.arguments ?? []);
  });

  connection.onShutdown(() => {
    scheduler?.dispose();
    for (const f of features) {
      try {
        f.dispose?.();
      } catch (err) {
        logError(`${f.name}: dispose failed`, err);
      }
    }
    features = [];
  });

  connection.listen();
  return connection;
}

function hoverMarkdown(contents: Hover['contents']): string {
  const parts = Array.isArray(contents) ? contents : [contents];
  return parts
    .map((p) => (typeof p === 'string' ? p : 'kind' in p ? p.value : `\`\`\`${p.language}\n${p.value}\n\`\`\``))
    .join('\n\n');
}
