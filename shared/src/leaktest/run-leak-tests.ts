// `leaklens test` without the command line: lists the packages, runs each package's tests with the overlay (in
// parallel up to the number of cores), and turns what the binaries wrote into the report. The temporary folder is
// removed whatever happens, cancellation included.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGoTest, type GoTestOutcome } from './go-test-run';
import { withPackagePaths, writeOverlay, type Overlay } from './overlay';
import { listPackages, type ListedPackage } from './packages';
import { LEAK_REPORT_VERSION, type LeakMode, type LeakTestReport, type PackageLeakReport } from './report';
import { groupLeaks, hungGoroutines, reportPath, type FrameScope } from './summarize';
import { detectToolchain, runGo, withLeakExperiment } from './toolchain';

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
  const toolchain = await detectToolchain(options.cwd, options.env);
  const listing = toolchain.mode === 'proven' ? await provenListing : { packages: await listPackages(options.patterns, options.goTestFlags, options.cwd, options.env) };
  if ('error' in listing) throw listing.error;
  const listed = listing.packages;
  const packages = listed.filter((p) => p.loadError !== null || p.testFiles.length + p.xtestFiles.length > 0);
  await removeAbandonedTempDirs();
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
  for (const [i, run] of runs.entries()) {
    if (options.signal.aborted) break;
    const outDir = path.join(workDir, `run-${i}`);
    await fs.mkdir(outDir);
    const outcome = await runGoTest({
      dir: pkg.dir,
      overlay: overlay.file,
      outDir,
      testFlags: [`-count=${options.count}`, ...run.runFlags, ...options.goTestFlags],
      mode,
      timeoutMs: options.timeoutMs,
      env: options.env,
      signal: options.signal,
    });
    report.durationMs += outcome.durationMs;
    if (options.signal.aborted) break;
    addOutcome(report, outcome, mode, scope, run.test, options.warn);
    if (report.buildError !== null) {
      report.buildError = withPackagePaths(report.buildError, overlay, options.cwd);
      break;
    }
  }
  return report;
}

function addOutcome(report: PackageLeakReport, outcome: GoTestOutcome, mode: LeakMode, scope: FrameScope, test: string | undefined, warn: (m: string) => void): void {
  const label = test === undefined ? report.package : `${report.package} ${test}`;
  if (!outcome.started && outcome.exitCode !== 0 && outcome.hang === null) {
    report.ok = false;
    report.buildError = buildErrorText(outcome.outputTail);
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
  const candidates = (outcome.finalDump ?? []).filter((g) => (mode === 'proven' ? g.leaked : !outcome.baselineIds.has(g.id)));
  report.leaks.push(...groupLeaks(candidates, scope, test));
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

/** The tests `go test -list` finds (matching --run), each run alone with --isolate; go test's output when it fails. */
async function listTests(pkg: ListedPackage, overlay: Overlay, options: LeakTestOptions, env: NodeJS.ProcessEnv): Promise<string[] | string> {
  const result = await runGo(['test', `-overlay=${overlay.file}`, `-list=${options.run ?? '.'}`, ...options.goTestFlags, '.'], { cwd: pkg.dir, env, signal: options.signal });
  if (result.code !== 0) return `${result.stderr}\n${result.stdout}`;
  return result.stdout.split(/\r?\n/).filter((line) => /^(Test|Fuzz|Example)\w*$/.test(line));
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
