// `leaklens test` without the command line: lists the packages, runs each package's tests with the overlay (in
// parallel up to the number of cores), and turns what the binaries wrote into the report. The temporary folder is
// removed whatever happens, cancellation included.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGoTest, type GoTestOutcome } from './go-test-run';
import { writeOverlay } from './overlay';
import { listPackages, type ListedPackage } from './packages';
import { LEAK_REPORT_VERSION, type LeakMode, type LeakTestReport, type PackageLeakReport } from './report';
import { groupLeaks, hungGoroutines, type FrameScope } from './summarize';
import { detectToolchain, runGo, withLeakExperiment } from './toolchain';

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
  const toolchain = await detectToolchain(options.cwd, options.env);
  const env = toolchain.mode === 'proven' ? withLeakExperiment(options.env) : options.env;
  const listed = await listPackages(options.patterns, options.goTestFlags, options.cwd, env);
  const packages = listed.filter((p) => p.loadError !== null || p.testFiles.length + p.xtestFiles.length > 0);
  const tempRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'leaklens-test-'));
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
    dir: relativePath(options.cwd, pkg.dir),
    ok: false,
    durationMs: 0,
    leaks: [],
    hang: null,
    buildError: pkg.loadError,
  };
  if (pkg.loadError !== null || options.signal.aborted) return report;
  await fs.mkdir(workDir, { recursive: true });
  const overlay = await writeOverlay({ dir: pkg.dir, name: pkg.name, testFiles: pkg.testFiles, xtestFiles: pkg.xtestFiles }, workDir);
  const env = mode === 'proven' ? withLeakExperiment(options.env) : options.env;
  const runs: { test?: string; runFlags: string[] }[] = options.isolate
    ? (await listTests(pkg, overlay, options, env)).map((test) => ({ test, runFlags: [`-run=^${test}$`] }))
    : [{ runFlags: options.run === undefined ? [] : [`-run=${options.run}`] }];
  const scope: FrameScope = { moduleDir: pkg.moduleDir, cwd: options.cwd };
  report.ok = true;
  for (const [i, run] of runs.entries()) {
    if (options.signal.aborted) break;
    const outDir = path.join(workDir, `run-${i}`);
    await fs.mkdir(outDir);
    const outcome = await runGoTest({
      dir: pkg.dir,
      overlay,
      outDir,
      testFlags: [`-count=${options.count}`, ...run.runFlags, ...options.goTestFlags],
      mode,
      timeoutMs: options.timeoutMs,
      env: options.env,
      signal: options.signal,
    });
    report.durationMs += outcome.durationMs;
    addOutcome(report, outcome, mode, scope, run.test, options.warn);
    if (report.buildError !== null) break;
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

/** The compiler's messages without go test's closing FAIL lines. */
function buildErrorText(outputTail: string): string {
  const lines = outputTail.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^FAIL(\s|$)/.test(l) && !/^ok\s/.test(l));
  return lines.join('\n') || 'go test failed before the tests started';
}

/** The tests `go test -list` finds (matching --run), each run alone with --isolate. */
async function listTests(pkg: ListedPackage, overlay: string, options: LeakTestOptions, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runGo(['test', `-overlay=${overlay}`, `-list=${options.run ?? '.'}`, ...options.goTestFlags, '.'], { cwd: pkg.dir, env, signal: options.signal });
  return result.stdout.split(/\r?\n/).filter((line) => /^(Test|Fuzz|Example)\w*$/.test(line));
}

export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || '.';
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
