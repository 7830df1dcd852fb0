// `npm run eval:runtime`: runs `leaklens test --format json` on the runtime corpus (test/leaktest/corpus) at --count 1
// and --count 10, and prints per package whether each marked leak was found, the share found, the false reports on the
// clean packages and the wall time of each run. Exits 1 when the runs miss issue 10's budget (≥ 80 % found at --count 10,
// 0 false reports), 2 when the CLI could not produce a report. Bundled to out/eval-runtime.js (never shipped).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { budgetFailures, formatScores, parseLeakReport, scoreRun, type LeakReport, type RunScore } from './eval-scoring';
import { readCorpus } from './read-corpus';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const CORPUS = path.join(REPO_ROOT, 'test', 'leaktest', 'corpus');
const COUNTS = [1, 10];
/** A whole run of the corpus is cut off after this long: the CLI has its own per-package watchdog, this is the backstop. */
const RUN_TIMEOUT_MS = 20 * 60_000;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs the CLI in its own process group, so that the backstop can end it with every `go` process it started. */
function runCli(args: string[], cwd: string): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    const backstop = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(backstop);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(backstop);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        wallMs: performance.now() - started,
      });
    });
  });
}

async function main(): Promise<number> {
  const corpus = readCorpus(CORPUS);
  const bugs = corpus.filter((p) => !p.clean).length;
  console.log(`runtime corpus: ${bugs} bug packages (${corpus.reduce((n, p) => n + p.leaks.length, 0)} leak sites), ` +
    `${corpus.length - bugs} clean packages`);
  const runs: RunScore[] = [];
  for (const count of COUNTS) {
    const args = ['test', '--format', 'json', '--count', String(count), './...'];
    const run = await runCli(args, CORPUS);
    // Exit 1 means "leaks found", which is what the corpus is for; 0 would mean none at all; 2 is an error.
    if (run.code !== 0 && run.code !== 1) {
      console.error(`leaklens ${args.join(' ')} exited with ${run.code}:\n${run.stderr.slice(-4000)}`);
      return 2;
    }
    let report: LeakReport;
    try {
      report = parseLeakReport(run.stdout);
    } catch (err) {
      console.error(`leaklens ${args.join(' ')}: ${(err as Error).message}\n${run.stderr.slice(-4000)}`);
      return 2;
    }
    console.log(`--count ${count}: ${(run.wallMs / 1000).toFixed(1)} s wall, ${report.go}, mode ${report.mode}`);
    runs.push(scoreRun(corpus, report, CORPUS, count));
  }
  console.log('');
  console.log(formatScores(runs));
  const failures = budgetFailures(runs);
  console.log('');
  console.log(failures.length === 0 ? 'within budget' : `OVER BUDGET: ${failures.join('; ')}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  },
);
