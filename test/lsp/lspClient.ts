// A real LSP client for tests: spawns the built server (dist/server.js --stdio) as a child process and speaks
// JSON-RPC to it with vscode-jsonrpc. Every wait has a timeout; close() always ends the child.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
export interface LspDiagnostic {
  range: LspRange;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: LspRange }; message: string }[];
}
export interface LspTextEdit {
  range: LspRange;
  newText: string;
}
export interface LspCodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: LspDiagnostic[];
  edit?: {
    changes?: Record<string, LspTextEdit[]>;
    documentChanges?: { textDocument: { uri: string }; edits: { range: LspTextEdit['range']; snippet?: { kind: string; value: string } }[] }[];
  };
  command?: { command: string; arguments?: unknown[] };
}

export interface StartOptions {
  /** Declare textDocument.diagnostic (pull); without it the server must publish. */
  pull: boolean;
  /** The `leaklens` section the client answers workspace/configuration with; absent: null, as Helix answers. */
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  workspaceFolder?: string;
  /** Declare workspace.workspaceEdit.snippetEditSupport (LSP 3.18), as vscode-languageclient 11 does. */
  snippetEdits?: boolean;
}

export class LspTestClient {
  readonly published = new Map<string, LspDiagnostic[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  settings: Record<string, unknown> | null;
  refreshRequests = 0;
  /** The server's answer to initialize. */
  initializeResult?: { capabilities: Record<string, unknown> };
  /** client/registerCapability registrations, in arrival order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly waiters = new Set<() => void>();
  private exit?: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown> | null,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options.settings ?? null);
    client.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onNotification((method, params) => {
      client.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as { uri: string; diagnostics: LspDiagnostic[] };
        client.published.set(p.uri, p.diagnostics);
      }
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'leaklens' ? client.settings : null)),
    );
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshRequests++;
      client.wake();
      return null;
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...params.registrations);
      client.wake();
      return null;
    });
    connection.listen();
    const folder = options.workspaceFolder;
    client.initializeResult = await withTimeout(
      connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        initializationOptions: options.initializationOptions,
        rootUri: folder ? pathToFileURL(folder).href : null,
        workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'ws' }] : null,
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            diagnostics: { refreshSupport: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            ...(options.snippetEdits ? { workspaceEdit: { snippetEditSupport: true } } : {}),
          },
          textDocument: {
            ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
            publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
        },
      }),
      60_000, // generous: the machine running the tests may be heavily loaded
      'initialize',
    );
    await connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } });
  }

  change(uri: string, version: number, changes: ({ range: LspRange; text: string } | { text: string })[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** The leaklens/analysisStatus notifications received so far about `uri` with `state`. */
  statusCount(uri: string, state: 'analysing' | 'done' | 'skipped'): number {
    return this.notifications.filter((n) => {
      const p = n.params as { uri?: string; state?: string } | undefined;
      return n.method === 'leaklens/analysisStatus' && p?.uri === uri && p.state === state;
    }).length;
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async pull(uri: string): Promise<LspDiagnostic[]> {
    const report = await withTimeout(
      this.connection.sendRequest<{ kind: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }),
      30_000,
      'textDocument/diagnostic',
    );
    return report.items;
  }

  request<R>(method: string, params: unknown, timeoutMs = 30_000): Promise<R> {
    return withTimeout(this.connection.sendRequest<R>(method, params), timeoutMs, method);
  }

  /** Resolves when `condition()` holds after some server message; rejects after `timeoutMs`. */
  async waitFor<T>(what: string, condition: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /** shutdown + exit; resolves with the exit code (rejects if the process does not exit in time). */
  async shutdown(timeoutMs = 5_000): Promise<number | null> {
    await this.request('shutdown', null, timeoutMs);
    await this.connection.sendNotification('exit');
    return withTimeout(this.exit!, timeoutMs, 'server exit');
  }

  /** Always safe: ends the connection and kills the child if it is still alive. */
  async dispose(): Promise<void> {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await withTimeout(this.exit!, 5_000, 'killed server exit');
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function untitledUri(name: string): string {
  return `untitled:${name}`;
}
