// Reads a running Go program's goroutines from its own net/http/pprof handler: an explicit base URL, or one found on the
// process's loopback listening ports. Callers must only call read() while the program runs: a paused program accepts the
// connection and never answers (the timeout bounds that, but it would still cost a stalled request per sample).
import { httpGet } from './http-get';
import { parseGoroutineProfile } from './pprof-parse';
import type { GoroutineProfile, GoroutineSummary } from './types';

export const GOROUTINE_PATH = '/debug/pprof/goroutine?debug=1';
const LEAK_PATH = '/debug/pprof/goroutineleak?debug=1';
/** All loopback ports are probed at once, and the whole detection gets this long (a silent port costs no more). */
const DETECT_BUDGET_MS = 1000;

export interface PprofReaderOptions {
  /** Explicit base URL (http://127.0.0.1:6060, with or without /debug/pprof); empty or absent: auto-detect. */
  baseUrl?: string;
  /** Lists the debuggee's loopback listening ports for auto-detection. */
  listPorts?: () => { host: string; port: number }[];
  timeoutMs?: number;
  /** After a failed auto-detection, wait this long before probing the ports again (the server may start later). */
  redetectAfterMs?: number;
  now?: () => number;
}

/** `http://h:p/debug/pprof/` → `http://h:p`; rejects anything that is not an http URL. */
export function normalizePprofBase(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== 'http:') throw new Error(`pprof URL must start with http:// (got ${url})`);
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/debug\/pprof$/, '');
  return `${parsed.protocol}//${parsed.host}${path}`;
}

/** True when the URL's host is a loopback address or `localhost` (a debuggee on this machine). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export class PprofReader {
  private base: string | undefined;
  private readonly explicit: boolean;
  private leakProfile: 'unknown' | 'present' | 'absent' = 'unknown';
  private nextDetectAt = 0;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /** Number of HTTP requests sent so far (tests and the benchmark read it). */
  requests = 0;
  /** Why the last read of an explicit URL failed (for the view); cleared by a successful read. */
  lastError: string | undefined;

  constructor(private readonly options: PprofReaderOptions) {
    this.explicit = Boolean(options.baseUrl?.trim());
    this.base = this.explicit ? normalizePprofBase(options.baseUrl!) : undefined;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** The base URL in use, once known. */
  get baseUrl(): string | undefined {
    return this.base;
  }

  /** Goroutines now, or null when the program serves no pprof (yet). Throws only on a malformed answer from an explicit URL. */
  async read(signal?: AbortSignal): Promise<GoroutineSummary | null> {
    const base = this.base ?? (await this.detect(signal));
    if (!base) return null;
    let profile;
    try {
      profile = parseGoroutineProfile(await this.get(base + GOROUTINE_PATH, signal));
    } catch (err) {
      if (signal?.aborted) throw err;
      if (this.explicit) {
        this.lastError = err instanceof Error ? err.message : String(err);
        throw err;
      }
      this.base = undefined; // The detected server went away (or the port was reused): detect again later.
      return null;
    }
    this.lastError = undefined;
    const summary: GoroutineSummary = { ...profile, source: 'pprof' };
    const leaked = await this.readLeaked(base, signal);
    if (leaked !== undefined) {
      summary.leaked = leaked.total;
      summary.leakedGroups = leaked.groups;
    }
    return summary;
  }

  private async get(url: string, signal?: AbortSignal, timeoutMs = this.timeoutMs): Promise<string> {
    this.requests++;
    const { status, body } = await httpGet(url, { timeoutMs, signal });
    if (status !== 200) throw new Error(`GET ${url}: HTTP ${status}`);
    return body;
  }

  /** Go 1.26's goroutineleak profile, asked for once and remembered as absent when the program does not serve it. */
  private async readLeaked(base: string, signal?: AbortSignal): Promise<GoroutineProfile | undefined> {
    if (this.leakProfile === 'absent') return undefined;
    try {
      const profile = parseGoroutineProfile(await this.get(base + LEAK_PATH, signal));
      this.leakProfile = 'present';
      return profile;
    } catch {
      if (this.leakProfile === 'unknown') this.leakProfile = 'absent';
      return undefined;
    }
  }

  /**
   * Probes every loopback port at once within DETECT_BUDGET_MS and keeps the first that answers as pprof; the answer
   * (or its absence, for redetectAfterMs) is remembered for the reader's life, i.e. per debug session.
   */
  private async detect(signal?: AbortSignal): Promise<string | undefined> {
    if (this.explicit || !this.options.listPorts || this.now() < this.nextDetectAt) return undefined;
    this.nextDetectAt = this.now() + (this.options.redetectAfterMs ?? 10_000);
    let ports: { host: string; port: number }[];
    try {
      ports = this.options.listPorts();
    } catch {
      return undefined; // The process is gone or unreadable; the OS sampler reports that.
    }
    if (ports.length === 0) return undefined;
    const probing = new AbortController();
    const onAbort = (): void => probing.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const budget = Math.min(this.timeoutMs, DETECT_BUDGET_MS);
    try {
      const base = await firstFulfilled(
        ports.map(async ({ host, port }) => {
          const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
          // Not pprof (another HTTP server, or not HTTP at all) rejects; so does a port silent past the budget.
          parseGoroutineProfile(await this.get(base + GOROUTINE_PATH, probing.signal, budget));
          return base;
        }),
      );
      if (base !== undefined && !signal?.aborted) this.base = base;
      return this.base;
    } finally {
      probing.abort(); // the other probes end with it: no socket outlives detection
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** The first promise to fulfil, or undefined when all reject. */
function firstFulfilled<T>(promises: Promise<T>[]): Promise<T | undefined> {
  return Promise.any(promises).catch(() => undefined);
}
