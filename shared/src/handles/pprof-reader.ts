// Reads a running Go program's goroutines from its own net/http/pprof handler: an explicit base URL, or one found on the
// process's loopback listening ports. Callers must only call read() while the program runs: a paused program accepts the
// connection and never answers (the timeout bounds that, but it would still cost a stalled request per sample).
import { httpGet } from './http-get';
import { parseGoroutineProfile } from './pprof-parse';
import type { GoroutineProfile, GoroutineSummary } from './types';

export const GOROUTINE_PATH = '/debug/pprof/goroutine?debug=1';
const LEAK_PATH = '/debug/pprof/goroutineleak?debug=1';
const PROBE_TIMEOUT_MS = 500;

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

  private async detect(signal?: AbortSignal): Promise<string | undefined> {
    if (this.explicit || !this.options.listPorts || this.now() < this.nextDetectAt) return undefined;
    this.nextDetectAt = this.now() + (this.options.redetectAfterMs ?? 10_000);
    let ports: { host: string; port: number }[];
    try {
      ports = this.options.listPorts();
    } catch {
      return undefined; // The process is gone or unreadable; the OS sampler reports that.
    }
    for (const { host, port } of ports) {
      const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      try {
        // Probes are shorter than reads: most ports are not pprof, and some are not HTTP at all.
        parseGoroutineProfile(await this.get(base + GOROUTINE_PATH, signal, Math.min(this.timeoutMs, PROBE_TIMEOUT_MS)));
        this.base = base;
        return base;
      } catch {
        if (signal?.aborted) return undefined;
        // Not pprof (another HTTP server, or not HTTP at all): try the next port.
      }
    }
    return undefined;
  }
}
