// Runs diagnostics per document after a quiet period (debounce), one run at a time per document, and delivers them:
// by pull (textDocument/diagnostic answers wait for the run of the current version) or by push (publishDiagnostics)
// for clients without pull support such as Neovim 0.7. Analysis never runs inside the request or notification that
// caused it, so typing and other requests are never blocked by it.
import { CancellationTokenSource, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Must not reject: report errors and return what is known. */
export type ComputeDiagnostics = (doc: TextDocument, token: CancellationToken) => Promise<Diagnostic[]>;

interface DocumentState {
  timer?: NodeJS.Timeout;
  running?: CancellationTokenSource;
  /** The diagnostics of `version`, once computed. */
  result?: { version: number; diagnostics: Diagnostic[] };
  /** Pull requests waiting for the current version. */
  waiters: ((diagnostics: Diagnostic[]) => void)[];
}

export class DiagnosticsScheduler {
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly compute: ComputeDiagnostics,
    private readonly getDocument: (uri: string) => TextDocument | undefined,
    /** Called with fresh diagnostics when the client takes pushed ones; undefined in pull mode. */
    private readonly publish: ((uri: string, version: number, diagnostics: Diagnostic[]) => void) | undefined,
    private readonly delayMs = 150,
  ) {}

  /** (Re)starts the quiet period of `uri`; a run in progress for an older version is cancelled. */
  schedule(uri: string, delayMs = this.delayMs): void {
    const state = this.state(uri);
    clearTimeout(state.timer);
    state.running?.cancel();
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(uri, state);
    }, delayMs);
  }

  /** The diagnostics of the document's current version, waiting for the pending run if needed. */
  pull(uri: string, token: CancellationToken): Promise<Diagnostic[]> {
    const doc = this.getDocument(uri);
    if (!doc) return Promise.resolve([]);
    const state = this.state(uri);
    if (state.result?.version === doc.version && !state.timer && !state.running) return Promise.resolve(state.result.diagnostics);
    if (!state.timer && !state.running) this.schedule(uri, 0);
    return new Promise((resolve) => {
      const done = (diagnostics: Diagnostic[]): void => {
        listener.dispose();
        resolve(diagnostics);
      };
      // A cancelled pull (the client moved on) gets the last known diagnostics; its answer is dropped anyway.
      const listener = token.onCancellationRequested(() => {
        state.waiters = state.waiters.filter((w) => w !== done);
        done(state.result?.diagnostics ?? []);
      });
      state.waiters.push(done);
    });
  }

  /** Stops everything about a closed document; pushed diagnostics are cleared. */
  forget(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    state.running?.cancel();
    for (const w of state.waiters) w([]);
    this.states.delete(uri);
    this.publish?.(uri, 0, []);
  }

  /** Pending timers and runs: none after dispose (tests check this). */
  get pendingCount(): number {
    return [...this.states.values()].filter((s) => s.timer || s.running).length;
  }

  dispose(): void {
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.running?.cancel();
      for (const w of state.waiters) w([]);
    }
    this.states.clear();
  }

  private state(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { waiters: [] };
      this.states.set(uri, state);
    }
    return state;
  }

  private async run(uri: string, state: DocumentState): Promise<void> {
    const doc = this.getDocument(uri);
    if (!doc || this.states.get(uri) !== state) return;
    const version = doc.version;
    const source = new CancellationTokenSource();
    state.running = source;
    let diagnostics: Diagnostic[] = [];
    try {
      diagnostics = await this.compute(doc, source.token);
    } catch {
      // compute() reports its own errors; an escaped one must not become an unhandled rejection.
    }
    const superseded = source.token.isCancellationRequested;
    if (state.running === source) state.running = undefined;
    source.dispose();
    // Superseded by an edit (a new run is scheduled) or by close: drop these results.
    if (superseded || this.getDocument(uri)?.version !== version || this.states.get(uri) !== state) return;
    state.result = { version, diagnostics };
    if (state.timer) return;
    const waiters = state.waiters;
    state.waiters = [];
    for (const w of waiters) w(diagnostics);
    this.publish?.(uri, version, diagnostics);
  }
}
