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
/** A build (or an imported package's init) that takes longer than this is ended: go test never hangs leaklens. */
export const START_LIMIT_MS = 15 * 60_000;
const START_POLL_MS = 200;
/**
 * Creator stacks kept per goroutine with traceAncestors: enough to reach the test behind helpers that start the leaking
 * goroutine. Recording them costs at every `go` statement (about +30 % on a test starting 200,000 goroutines).
 */
const TRACEBACK_ANCESTORS = 5;
/** Suspected mode: how long goroutines get to end after the tests before they count (goleak waits about as long). */
const SUSPECTED_SETTLE_MS = 2_000;
/**
 * Proven mode: how long the profile waits for the module's goroutines that still run after the tests (a sleep or a
 * timer before they block for good, or end). Only packages with such goroutines wait.
 */
const PROVEN_SETTLE_MS = 500;

export interface GoTestRequest {
  dir: string;
  overlay: string;
  /** An empty folder for the binary's output files. */
  outDir: string;
  /** -run, -count and pass-through flags, placed after LeakLens's own. */
  testFlags: string[];
  mode: LeakMode;
  /** The module's folder and path: the profile waits for goroutines with a frame there (see PROVEN_SETTLE_MS). */
  moduleDir: string;
  modulePath: string | null;
  /** Record creator stacks (GODEBUG=tracebackancestors), to name the test behind a helper's go statement. */
  traceAncestors: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export interface GoTestOutcome {
  exitCode: number | null;
  outputTail: string;
  /** The test binary started: a failure before that is a build error. */
  started: boolean;
  /** Ended because the tests had not started after START_LIMIT_MS. */
  startTimedOut: boolean;
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
  if (request.signal.aborted) cancel();
  // The hang backstop is armed once the binary says it started, so that a slow build never counts as a hang.
  let startTimedOut = false;
  const startLimit = setTimeout(() => {
    startTimedOut = true;
    group.kill();
  }, START_LIMIT_MS);
  let backstop: NodeJS.Timeout | undefined;
  let finished = false;
  const poll = setInterval(() => {
    void exists(out(OUTPUT_FILES.started)).then((yes) => {
      if (!yes || backstop || finished) return; // finished: an answer that arrives after the cleanup arms nothing
      clearInterval(poll);
      clearTimeout(startLimit);
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
      startTimedOut,
      finalDump: finalText === undefined ? null : parseGoroutineDump(finalText),
      baselineIds: new Set(parseGoroutineDump(baselineText ?? '').map((g) => g.id)),
      hang,
      noProfile: await exists(out(OUTPUT_FILES.noProfile)),
      durationMs: Date.now() - started,
    };
  } finally {
    finished = true;
    clearInterval(poll);
    clearTimeout(startLimit);
    clearTimeout(backstop);
    request.signal.removeEventListener('abort', cancel);
    // Processes the tests started and left behind are in the group too.
    group.kill();
  }
}

function testEnv(request: GoTestRequest): NodeJS.ProcessEnv {
  const base = request.mode === 'proven' ? withLeakExperiment(request.env) : { ...request.env };
  const godebug = [base.GODEBUG, request.traceAncestors ? `tracebackancestors=${TRACEBACK_ANCESTORS}` : undefined].filter(Boolean).join(',');
  return {
    ...base,
    ...(godebug ? { GODEBUG: godebug } : {}),
    LEAKLENS_TEST_OUT: request.outDir,
    LEAKLENS_MODE: request.mode,
    LEAKLENS_HANG_AFTER_MS: String(request.timeoutMs),
    LEAKLENS_SETTLE_MS: String(request.mode === 'proven' ? PROVEN_SETTLE_MS : SUSPECTED_SETTLE_MS),
    LEAKLENS_MODULE_DIR: request.moduleDir,
    LEAKLENS_MODULE_PATH: request.modulePath ?? '',
    LEAKLENS_PARENT_PID: String(process.pid),
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

async function readIfExists(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}
