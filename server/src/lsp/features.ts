// The feature registry of the language server. LSP allows one handler per method, but several features contribute to
// the same method (Go leak analysis and health checks both add diagnostics, code lenses, code actions and hovers), so
// the server core owns the handlers and fans each request out to the features that serve the document's language.
//
// How a feature plugs in:
//   1. Write a factory `(ctx: FeatureContext) => LspFeature` in your own folder (e.g. server/src/checks/lspFeature.ts).
//      Fill in only the contributions you have; `languages` says which documents (by language id) you are asked about.
//      Custom requests and notifications go in `activate` (ctx.connection.onRequest(...)).
//   2. Add one import and one entry to FEATURE_FACTORIES in ./featureList.ts. Capabilities are declared from the union of
//      all features at initialize, so nothing else needs to change.
// Contributions may be async and may throw: the core logs the error to the connection console and goes on with the
// other features' answers. Call ctx.refreshDiagnostics() when something other than an edit changes your diagnostics.
import type {
  CancellationToken,
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  CodeLens,
  CompletionItem,
  CompletionParams,
  Connection,
  Diagnostic,
  FileEvent,
  Hover,
  HoverParams,
  InitializeParams,
  WorkspaceFolder,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documents';
import type { SettingsStore } from './settings';

type MaybePromise<T> = T | Promise<T>;

export interface FeatureContext {
  connection: Connection;
  documents: DocumentStore;
  settings: SettingsStore;
  clientCapabilities: ClientCapabilities;
  /** The workspace folders the client announced (updated on workspace/didChangeWorkspaceFolders). */
  workspaceFolders(): WorkspaceFolder[];
  /** Recompute the diagnostics of the named open documents, or of all of them (debounced); pull clients are asked to pull again. */
  refreshDiagnostics(uris?: string | readonly string[]): void;
  log(message: string): void;
}

export interface LspFeature {
  /** For log messages. */
  readonly name: string;
  /** Language ids of the documents this feature serves, e.g. ['go'] or ['healthchecks', 'go']. */
  readonly languages: readonly string[];
  /** Server commands this feature executes (workspace/executeCommand), by command id. */
  readonly commands?: Readonly<Record<string, (args: unknown[]) => MaybePromise<unknown>>>;
  /** Called once after initialize; register custom requests/notifications here. */
  activate?(initializeParams: InitializeParams): void;
  /** Called once the client sent `initialized`: the first moment requests to the client (client/registerCapability) are allowed. */
  initialized?(): void;
  diagnostics?(doc: TextDocument, token: CancellationToken): MaybePromise<Diagnostic[]>;
  codeLenses?(doc: TextDocument, token: CancellationToken): MaybePromise<CodeLens[]>;
  codeActions?(doc: TextDocument, params: CodeActionParams, token: CancellationToken): MaybePromise<CodeAction[]>;
  /** The code action kinds `codeActions` answers, for the server capabilities; quick fixes only when absent. */
  readonly codeActionKinds?: readonly string[];
  hover?(doc: TextDocument, params: HoverParams, token: CancellationToken): MaybePromise<Hover | null>;
  /** textDocument/completion items; the characters that trigger it are declared with `completionTriggers`. */
  completion?(doc: TextDocument, params: CompletionParams, token: CancellationToken): MaybePromise<CompletionItem[]>;
  readonly completionTriggers?: readonly string[];
  /** workspace/didChangeWatchedFiles (the VS Code client watches go.mod files; the server registers more where it can). */
  watchedFilesChanged?(changes: FileEvent[]): void;
  /** Releases everything the feature holds (timers, parsers, trees, sockets). Called on shutdown. */
  dispose?(): void;
}

export type FeatureFactory = (ctx: FeatureContext) => MaybePromise<LspFeature>;

/** The features serving a language id, in registration order. */
export function featuresFor(features: readonly LspFeature[], languageId: string): LspFeature[] {
  return features.filter((f) => f.languages.includes(languageId));
}
