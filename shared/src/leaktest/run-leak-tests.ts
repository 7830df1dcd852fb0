// `leaklens test` without the command line: lists the packages, runs each package's tests with the overlay (in
// parallel up to the number of cores), and turns what the binaries wrote into the report. The temporary folder is
// removed whatever happens, cancellation included.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGoTest, START_LIMIT_MS, type GoTestOutcome } from './go-test-run';
import { withPackagePaths, writeOverlay, type Overlay } from './overlay';
import { listPackages, type ListedPackage } from './packages';
import { LEAK_REPORT_VERSION, type LeakGroup, type LeakMode, type LeakTestReport, type PackageLeakReport, type SourceLocation } from './report';
import { groupLeaks, hungGoroutines, reportPath, type FrameScope } from './summarize';
import { ProcessGroup } from './process-group';
import { detectToolchain, withLeakExperiment } from './toolchain';

const TEMP_PREFIX = 'leaklens-test-';

export interface LeakTestOptions {
  /** Package patterns as go test takes them; default ./... */
  patterns: string[];
  run?: string;
  count: number;
  /** Per package (per test with isolate): the tests' run time after which the binary counts as hung. */
  timeoutMs: number;
  /** Run each test in its own go test (-run ^Name$): attribution without guessing, at the price of one run per test. */
  isolate: boolean;
  /** Passed to go test after LeakLens's own flags (-race, -tags, -v, …). */
  goTestFlags: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Packages tested at once; default the number of cores. */
  parallel?: number;
  /** Things the user should know that do not fit the report (a binary that exited before the profile was read). */
  warn(message: string): void;
}

export async function runLeakTests(options: LeakTestOptions): Promise<LeakTestReport> {
  // go list runs beside go env, expecting the experiment to work (the common case); only a fallback lists again.
  const provenListing = listPackages(options.patterns, options.goTestFlags, options.cwd, withLeakExperiment(options.env)).then(
    (packages) => ({ packages }),
    (error: unknown) => ({ error }),
  );
  // Housekeeping beside the go commands, not before the tests.
  const sweep = removeAbandonedTempDirs();
  const toolchain = await detectToolchain(options.cwd, options.env);
  const listing = toolchain.mode === 'proven' ? await provenListing : { packages: await listPackages(options.patterns, options.goTestFlags, options.cwd, options.env) };
  if ('error' in listing) throw listing.error;
  const listed = listing.packages;
  const packages = listed.filter((p) => p.loadError !== null || p.testFiles.length + p.xtestFiles.length > 0);
  await sweep;
  const tempRoot = await fs.mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  try {
    const reports = await mapLimited(packages, options.parallel ?? os.availableParallelism(), (pkg, index) =>
      testPackage(pkg, path.join(tempRoot, String(index)), toolchain.mode, options),
    );
    options.signal.throwIfAborted();
    return { version: LEAK_REPORT_VERSION, go: toolchain.version, mode: toolchain.mode, packages: reports };
  } finally {
    await fs.rm(tempRoot, { recursive: true, force: true });
  }
}

async function testPackage(pkg: ListedPackage, workDir: string, mode: LeakMode, options: LeakTestOptions): Promise<PackageLeakReport> {
  const report: PackageLeakReport = {
    package: pkg.importPath,
    dir: reportPath(options.cwd, pkg.dir),
    ok: false,
    durationMs: 0,
    leaks: [],
    hang: null,
    buildError: pkg.loadError,
  };
  if (pkg.loadError !== null || options.signal.aborted) return report;
  await fs.mkdir(workDir, { recursive: true });
  let overlay: Overlay;
  try {
    overlay = await writeOverlay({ dir: pkg.dir, name: pkg.name, testFiles: pkg.testFiles, xtestFiles: pkg.xtestFiles }, workDir);
  } catch (err) {
    return { ...report, buildError: `cannot read the package's test files: ${err instanceof Error ? err.message : String(err)}` };
  }
  const env = mode === 'proven' ? withLeakExperiment(options.env) : options.env;
  let runs: { test?: string; runFlags: string[] }[] = [{ runFlags: options.run === undefined ? [] : [`-run=${options.run}`] }];
  if (options.isolate) {
    const listed = await listTests(pkg, overlay, options, env);
    if (typeof listed === 'string') return { ...report, buildError: withPackagePaths(buildErrorText(listed), overlay, options.cwd) };
    runs = listed.map((test) => ({ test, runFlags: [`-run=^${test}$`] }));
  }
  const scope: FrameScope = { moduleDir: pkg.moduleDir, modulePath: pkg.modulePath, cwd: options.cwd };
  report.ok = true;
  let runIndex = 0;
  const goTest = async (runFlags: string[], traceAncestors: boolean): Promise<GoTestOutcome> => {
    const outDir = path.join(workDir, `run-${runIndex++}`);
    await fs.mkdir(outDir);
    const outcome = await runGoTest({
      dir: pkg.dir,
      overlay: overlay.file,
      outDir,
      testFlags: [`-count=${options.count}`, ...runFlags, ...options.goTestFlags],
      mode,
      traceAncestors,
      moduleDir: pkg.moduleDir,
      modulePath: pkg.modulePath,
      timeoutMs: options.timeoutMs,
      env: options.env,
      signal: options.signal,
    });
    report.durationMs += outcome.durationMs;
    return outcome;
  };
  for (const run of runs) {
    if (options.signal.aborted) break;
    const outcome = await goTest(run.runFlags, false);
    if (options.signal.aborted) break;
    addOutcome(report, outcome, mode, scope, run.test, options.warn);
    if (report.buildError !== null) {
      report.buildError = withPackagePaths(report.buildError, overlay, options.cwd);
      break;
    }
  }
  if (!options.isolate && report.leaks.some((l) => l.test === null) && !options.signal.aborted) {
    const again = await goTest([...withoutInlining(pkg), ...runs[0].runFlags], true);
    if (!options.signal.aborted) nameTests(report.leaks, again, mode, scope);
  }
  return report;
}

/**
 * Creator stacks list return addresses without expanding inlined calls: a helper with the go statement inlined into the
 * test reads as the helper (or as the next inlined call), never as the test. The attribution run builds the module's
 * own packages without inlining (the standard library keeps it); a -gcflags of the user's, given after, still wins.
 */
function withoutInlining(pkg: ListedPackage): string[] {
  return pkg.modulePath === null ? [] : [`-gcflags=${pkg.modulePath}/...=-l`];
}

/**
 * Leaks created by a helper's go statement do not show their test without creator stacks, which cost at every go
 * statement; so only a package with such leaks runs again with them, and the groups found again get their test (and
 * their creation site, when only the creator stacks lead into the module, as for a time.AfterFunc callback).
 */
function nameTests(leaks: LeakGroup[], outcome: GoTestOutcome, mode: LeakMode, scope: FrameScope): void {
  const named = leakGroupsOf(outcome, mode, scope).filter((l) => l.test !== null);
  const same = (a: SourceLocation | null, b: SourceLocation | null) => JSON.stringify(a) === JSON.stringify(b);
  for (const leak of leaks) {
    if (leak.test !== null) continue;
    const match = named.find((l) => l.state === leak.state && same(l.blockedAt, leak.blockedAt) && (leak.createdAt === null || same(l.createdAt, leak.createdAt)));
    if (!match) continue;
    leak.test = match.test;
    leak.createdAt ??= match.createdAt;
  }
}

function leakGroupsOf(outcome: GoTestOutcome, mode: LeakMode, scope: FrameScope, test?: string): LeakGroup[] {
  const candidates = (outcome.finalDump ?? []).filter((g) => (mode === 'proven' ? g.leaked : !outcome.baselineIds.has(g.id)));
  return groupLeaks(candidates, scope, test);
}

function addOutcome(report: PackageLeakReport, outcome: GoTestOutcome, mode: LeakMode, scope: FrameScope, test: string | undefined, warn: (m: string) => void): void {
  const label = test === undefined ? report.package : `${report.package} ${test}`;
  if (!outcome.started && outcome.exitCode !== 0 && outcome.hang === null) {
    report.ok = false;
    report.buildError = outcome.startTimedOut
      ? `the tests had not started after ${START_LIMIT_MS / 60_000} minutes (build or package initialisation stuck); go test was ended\n${buildErrorText(outcome.outputTail)}`
      : buildErrorText(outcome.outputTail);
    return;
  }
  if (outcome.exitCode !== 0 || outcome.hang !== null) report.ok = false;
  if (outcome.exitCode !== 0 && outcome.hang === null) {
    warn(`${label}: tests failed; the end of go test's output:\n${lastLines(outcome.outputTail, FAILURE_LINES)}`);
  }
  if (outcome.hang !== null) {
    report.hang ??= { afterMs: outcome.hang.afterMs, goroutines: hungGoroutines(outcome.hang.goroutines, scope) };
    if (outcome.hang.goroutines.length === 0) warn(`${label}: the test binary did not answer the watchdog; its process group was killed without a goroutine dump`);
  } else if (outcome.noProfile) {
    warn(`${label}: the test binary has no goroutineleak profile although GOEXPERIMENT=goroutineleakprofile was set; leaks were not checked`);
  } else if (outcome.finalDump === null && outcome.started) {
    warn(`${label}: the test binary ended before LeakLens read the leak profile (os.Exit in a test, or in a function TestMain calls?); leaks were not checked`);
  }
  report.leaks.push(...leakGroupsOf(outcome, mode, scope, test));
}

/** Go test output shown for a failed package: the panic or t.Fatal message is usually in its last lines. */
const FAILURE_LINES = 30;

function lastLines(text: string, count: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-count).map((l) => `    ${l}`).join('\n');
}

/** The compiler's messages without go test's closing FAIL lines. */
function buildErrorText(outputTail: string): string {
  const lines = outputTail.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^FAIL(\s|$)/.test(l) && !/^ok\s/.test(l));
  return lines.join('\n') || 'go test failed before the tests started';
}

/** `go test -list` output kept: test names, one a line, for packages with very many tests. */
const LIST_BYTES = 16 * 1024 * 1024;

/**
 * The tests `go test -list` finds (matching --run), each run alone with --isolate; go test's output when it fails.
 * The test binary runs for the list (and so does the package's own TestMain): it gets a process group and a time limit.
 */
async function listTests(pkg: ListedPackage, overlay: Overlay, options: LeakTestOptions, env: NodeJS.ProcessEnv): Promise<string[] | string> {
  const args = ['test', `-overlay=${overlay.file}`, `-list=${options.run ?? '.'}`, ...options.goTestFlags, '.'];
  const group = new ProcessGroup('go', args, { cwd: pkg.dir, env }, LIST_BYTES);
  const kill = () => group.kill();
  const limit = setTimeout(kill, START_LIMIT_MS + options.timeoutMs);
  options.signal.addEventListener('abort', kill);
  if (options.signal.aborted) kill();
  try {
    const exit = await group.exited;
    if (exit.code !== 0) return exit.outputTail;
    return exit.outputTail.split(/\r?\n/).filter((line) => /^(Test|Fuzz|Example)\w*$/.test(line));
  } finally {
    clearTimeout(limit);
    options.signal.removeEventListener('abort', kill);
    group.kill();
  }
}

/** Temporary folders of leaklens runs killed with SIGKILL (no chance to clean up): their process is gone. */
async function removeAbandonedTempDirs(): Promise<void> {
  const names = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^leaklens-test-(\d+)-/.exec(name)?.[1]);
    if (!pid || processExists(pid)) continue;
    await fs.rm(path.join(os.tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
