// One `go test` of one package with LeakLens's overlay, under a watchdog. The generated TestMain stops a hung binary
// itself (dump, then exit); if it cannot (stuck outside Go), leaklens ends the process group a grace period later.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseGoroutineDump, type DumpedGoroutine } from './goroutine-dump';
import { OUTPUT_FILES } from './overlay';
import { ProcessGroup } from './process-group';
import { withLeakExperiment } from './toolchain';
import type { LeakMode } from './report';

/** How long after the in-binary watchdog should have fired leaklens kills the group itself. */
const KILL_GRACE_MS = 10_000;
const START_POLL_MS = 200;
/** Goroutines one generation back, enough to see the test behind a helper that starts the leaking goroutine. */
const TRACEBACK_ANCESTORS = 5;
/** Suspected mode: how long goroutines get to end after the tests before they count (goleak waits about as long). */
const SETTLE_MS = 2_000;

export interface GoTestRequest {
  dir: string;
  overlay: string;
  /** An empty folder for the binary's output files. */
  outDir: string;
  /** -run, -count and pass-through flags, placed after LeakLens's own. */
  testFlags: string[];
  mode: LeakMode;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export interface GoTestOutcome {
  exitCode: number | null;
  outputTail: string;
  /** The test binary started: a failure before that is a build error. */
  started: boolean;
  /** Goroutines of leaks.txt (proven: marked leaked; suspected: every goroutine); null when it was not written. */
  finalDump: DumpedGoroutine[] | null;
  /** Suspected mode: goroutines present before the tests. */
  baselineIds: Set<number>;
  /** The watchdog fired: every goroutine at that moment (empty when the binary could not write it). */
  hang: { afterMs: number; goroutines: DumpedGoroutine[] } | null;
  /** Proven mode was asked, but the binary had no goroutineleak profile. */
  noProfile: boolean;
  durationMs: number;
}

export async function runGoTest(request: GoTestRequest): Promise<GoTestOutcome> {
  const started = Date.now();
  const args = ['test', `-overlay=${request.overlay}`, '-timeout=0', ...request.testFlags, '.'];
  const group = new ProcessGroup('go', args, { cwd: request.dir, env: testEnv(request) });
  const out = (name: string) => path.join(request.outDir, name);
  let killedAfterMs: number | null = null;
  const killForHang = () => {
    killedAfterMs = request.timeoutMs + KILL_GRACE_MS;
    group.kill();
  };
  const cancel = () => group.kill();
  request.signal.addEventListener('abort', cancel);
  // The backstop is armed once the binary says it started, so that a slow build never counts as a hang.
  let backstop: NodeJS.Timeout | undefined;
  const poll = setInterval(() => {
    void exists(out(OUTPUT_FILES.started)).then((yes) => {
      if (!yes || backstop) return;
      clearInterval(poll);
      backstop = setTimeout(killForHang, request.timeoutMs + KILL_GRACE_MS);
    });
  }, START_POLL_MS);
  try {
    const exit = await group.exited;
    const hangText = await readIfExists(out(OUTPUT_FILES.hang));
    const finalText = await readIfExists(out(OUTPUT_FILES.leaks));
    const baselineText = await readIfExists(out(OUTPUT_FILES.baseline));
    const hang = hangText !== undefined
      ? { afterMs: request.timeoutMs, goroutines: parseGoroutineDump(hangText) }
      : killedAfterMs !== null ? { afterMs: killedAfterMs, goroutines: [] } : null;
    return {
      exitCode: exit.code,
      outputTail: exit.outputTail,
      started: await exists(out(OUTPUT_FILES.started)),
      finalDump: finalText === undefined ? null : parseGoroutineDump(finalText),
      baselineIds: new Set(parseGoroutineDump(baselineText ?? '').map((g) => g.id)),
      hang,
      noProfile: await exists(out(OUTPUT_FILES.noProfile)),
      durationMs: Date.now() - started,
    };
  } finally {
    clearInterval(poll);
    clearTimeout(backstop);
    request.signal.removeEventListener('abort', cancel);
    // Processes the tests started and left behind are in the group too.
    group.kill();
  }
}

function testEnv(request: GoTestRequest): NodeJS.ProcessEnv {
  const base = request.mode === 'proven' ? withLeakExperiment(request.env) : { ...request.env };
  const godebug = [base.GODEBUG, `tracebackancestors=${TRACEBACK_ANCESTORS}`].filter(Boolean).join(',');
  return {
    ...base,
    GODEBUG: godebug,
    LEAKLENS_TEST_OUT: request.outDir,
    LEAKLENS_MODE: request.mode,
    LEAKLENS_HANG_AFTER_MS: String(request.timeoutMs),
    LEAKLENS_SETTLE_MS: String(SETTLE_MS),
    LEAKLENS_PARENT_PID: String(process.pid),
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

async function readIfExists(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}
