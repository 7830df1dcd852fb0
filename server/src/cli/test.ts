// `leaklens test [PACKAGES…] [-- GO_TEST_FLAGS…]`: runs the tests with the Go runtime's leak detector and reports the
// goroutines they leaked and the tests that hung. Exit 0: no leak and no hang; 1: leaks or hangs; 2: usage error, no
// Go, or no package could build. SIGINT/SIGTERM end every go test process group and remove the temporary folder.
import { parseArgs } from 'node:util';
import { runLeakTests } from '../../../shared/src/leaktest/run-leak-tests';
import type { LeakTestReport } from '../../../shared/src/leaktest/report';
import { ToolchainError } from '../../../shared/src/leaktest/toolchain';
import { FORMATS, type OutputFormat } from './check-options';
import { formatTestSarif } from './test-format-sarif';
import { formatTestText } from './test-format-text';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError } from './usage';

const DEFAULT_TIMEOUT = '60s';

export const TEST_HELP = `Usage: leaklens test [options] [PACKAGES...] [-- GO_TEST_FLAGS...]

Runs go test on the packages (default ./...) with GOEXPERIMENT=goroutineleakprofile and a test main added
through go test -overlay (nothing is written into your tree). After the tests it reads the Go runtime's
goroutineleak profile: goroutines blocked forever on a channel, select, mutex or WaitGroup that nothing can
wake. A package whose tests run longer than --timeout is stopped and its blocked goroutines reported as a hang.
Without the experiment (Go < 1.26) goroutines still running after the tests are reported as suspected.

Options:
  --run REGEX                only tests matching REGEX (as go test -run)
  --count N                  run each test N times, to catch interleaving-dependent leaks (default 1)
  --timeout DURATION         per package (per test with --isolate): test run time before it counts
                             as hung, e.g. 90s, 2m (default ${DEFAULT_TIMEOUT}); the build does not count
  --isolate                  run each test in its own go test, so each leak names its test for sure
  --format text|json|sarif   output format (default text)
  -h, --help                 this help
  -- GO_TEST_FLAGS           passed to go test: -race, -tags x, -v, -short, …

Exit codes:
  0  no leak and no hang
  1  leaks or hangs
  2  usage error, no go command, or no package could build (build errors are reported per package)
`;

interface TestOptions {
  patterns: string[];
  goTestFlags: string[];
  run?: string;
  count: number;
  timeoutMs: number;
  isolate: boolean;
  format: OutputFormat;
  help: boolean;
}

export async function runTest(args: string[]): Promise<number> {
  let options: TestOptions;
  try {
    options = parseTestArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`leaklens test: ${err.message}\nRun "leaklens test --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    process.stdout.write(TEST_HELP);
    return EXIT_CLEAN;
  }
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => cancel.abort(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runLeakTests({
      ...options,
      cwd: process.cwd(),
      env: process.env,
      signal: cancel.signal,
      warn: (message) => process.stderr.write(`leaklens test: ${message}\n`),
    });
    process.stdout.write(format(report, options.format));
    return exitCode(report);
  } catch (err) {
    if (cancel.signal.aborted) {
      process.stderr.write(`leaklens test: cancelled (${String(cancel.signal.reason)}); every go test was ended\n`);
      return cancel.signal.reason === 'SIGINT' ? 130 : 143;
    }
    if (!(err instanceof ToolchainError)) throw err;
    process.stderr.write(`leaklens test: ${err.message}\n`);
    return EXIT_USAGE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function exitCode(report: LeakTestReport): number {
  if (report.packages.some((p) => p.leaks.length > 0 || p.hang !== null)) return EXIT_FINDINGS;
  const built = report.packages.filter((p) => p.buildError === null);
  if (report.packages.length > 0 && built.length === 0) return EXIT_USAGE;
  return EXIT_CLEAN;
}

function format(report: LeakTestReport, outputFormat: OutputFormat): string {
  switch (outputFormat) {
    case 'json':
      return `${JSON.stringify(report)}\n`;
    case 'sarif':
      return formatTestSarif(report, process.cwd());
    case 'text':
      return formatTestText(report);
  }
}

export function parseTestArgs(args: readonly string[]): TestOptions {
  const separator = args.indexOf('--');
  const own = separator < 0 ? [...args] : args.slice(0, separator);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      strict: true,
      options: {
        run: { type: 'string' },
        count: { type: 'string', default: '1' },
        timeout: { type: 'string', default: DEFAULT_TIMEOUT },
        isolate: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count needs a positive integer, not "${values.count}"`);
  if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
  if (values.run === '') throw new UsageError('--run needs a regular expression');
  return {
    patterns: positionals.length > 0 ? positionals : ['./...'],
    goTestFlags: separator < 0 ? [] : args.slice(separator + 1),
    run: values.run,
    count,
    timeoutMs: parseGoDuration(values.timeout),
    isolate: values.isolate,
    format: values.format as OutputFormat,
    help: values.help,
  };
}

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`90s`, `1m30s`, `500ms`) in milliseconds, at least 1. */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(`--timeout needs a duration such as 90s or 2m, not "${text}"`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * DURATION_UNITS_MS[p[2]], 0);
  if (ms < 1) throw new UsageError(`--timeout must be at least 1ms, not "${text}"`);
  return Math.round(ms);
}
