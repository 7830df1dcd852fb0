// Follows one debug session's DAP traffic (as a VS Code debug adapter tracker sees it) to know what sampling may do:
// whether the debuggee runs or is paused, its PID when the adapter says it, and the goroutine list of the last stop.
// Pure: no VS Code, so the DAP-level tests feed it a real `dlv dap` conversation.
import type { GoroutineSummary } from './types';

export type DebuggeeState = 'starting' | 'running' | 'stopped' | 'exited';

/** Delve lists at most this many goroutines in a `threads` response. */
export const DELVE_THREADS_CAP = 1024;

interface DapMessage {
  type?: string;
  event?: string;
  command?: string;
  success?: boolean;
  body?: unknown;
}

const RESUMING_COMMANDS = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restartFrame']);

export class DapObserver {
  state: DebuggeeState = 'starting';
  /** From the DAP `process` event (Delve ≥ 1.24.1 on launch, debugpy). */
  processEventPid: number | undefined;
  private stoppedThreads: { count: number; atLeast: boolean } | undefined;
  private readonly listeners = new Set<() => void>();

  /** threadsAreGoroutines: true for Delve, whose `threads` answer lists goroutines; other adapters list OS threads. */
  constructor(private readonly threadsAreGoroutines = true) {}

  /** Called on every state or PID change. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A message the adapter sent (VS Code tracker: onDidSendMessage). */
  fromAdapter(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as DapMessage;
    const body = (m.body ?? {}) as Record<string, unknown>;
    if (m.type === 'event') {
      if (m.event === 'process' && typeof body.systemProcessId === 'number') {
        this.processEventPid = body.systemProcessId;
        this.changed();
      } else if (m.event === 'stopped') this.setState('stopped');
      else if (m.event === 'continued') this.setState('running');
      else if (m.event === 'exited' || m.event === 'terminated') this.setState('exited');
    } else if (m.type === 'response' && m.success) {
      if (m.command === 'configurationDone' && this.state === 'starting') this.setState('running');
      else if (m.command && RESUMING_COMMANDS.has(m.command)) this.setState('running');
      else if (m.command === 'threads' && this.threadsAreGoroutines && this.state === 'stopped' && Array.isArray(body.threads)) {
        const count = body.threads.length;
        this.stoppedThreads = { count, atLeast: count >= DELVE_THREADS_CAP };
        this.changed();
      }
    }
  }

  /** The adapter exited or the session ended. */
  end(): void {
    this.setState('exited');
    this.listeners.clear();
  }

  /** Goroutines from the last stop's `threads` response (Delve: one thread per goroutine), while still stopped. */
  stoppedGoroutines(): GoroutineSummary | undefined {
    if (this.state !== 'stopped' || !this.stoppedThreads) return undefined;
    return { total: this.stoppedThreads.count, atLeast: this.stoppedThreads.atLeast, groups: [], source: 'dap-threads' };
  }

  private setState(state: DebuggeeState): void {
    if (this.state === state || this.state === 'exited') return;
    this.state = state;
    if (state !== 'stopped') this.stoppedThreads = undefined;
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
