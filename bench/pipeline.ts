// What a user of `leaklens check` waits for: the CLI end to end (start, walk, read, parse, package summaries, rules,
// output) on Go's src/net, against a single-thread parse-only pass over the same files (read beforehand, not timed).
// The CLI parses only the program files (a `_test.go` file is test code: it reads the names it mentions, unparsed),
// half of src/net: the ratio to a parse of those alone is shown beside the budget's, which counts every file.
// Each is run a few times, alternately, so that a busy machine disturbs both alike; the budget is judged on the fastest
// run of each, and the medians are shown beside it. Wall times mean little when other processes want the cores, so
// the CPU times (every thread) and the load average are printed too: CPU / cores is the wall time a quiet machine
// could reach at best. The CLI's peak RSS (main thread and its analysis threads: one process) is read from the CLI
// process itself.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isGoTestFile, readGoSource, walkGoFiles } from '../server/src/analysis/files';
import { createGoParser } from '../server/src/analysis/parser';
import { analyzePaths } from '../server/src/cli/analyze-paths';
import { goRoot } from './analysis';
import { figure, formatNumber, quantile, section, type BenchOptions } from './figures';

const CLI_TO_PARSE_BUDGET = 1.3;
const RSS_BUDGET_MB = 200;
const ROUNDS = 5;

export async function benchPipeline(options: BenchOptions): Promise<void> {
  const root = path.join(goRoot(), 'src', 'net');
  section(`leaklens check end to end: ${root}, ${os.availableParallelism()} cores`);
  // Wall times mean little when other processes want the cores: say so, and give CPU times too.
  figure('load average (1 min) at the start', os.loadavg()[0].toFixed(1));
  const files = await readAll(root, options.limit);
  const texts = files.map((f) => f.text);
  const programTexts = files.filter((f) => !isGoTestFile(f.file)).map((f) => f.text);
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
  figure('files, lines', `${formatNumber(texts.length)}, ${formatNumber(lines)}`);
  const paths = options.limit === undefined ? [root] : (await listFiles(root)).slice(0, options.limit);

  const parses: ParseRun[] = [];
  const programParses: ParseRun[] = [];
  const clis: CliRun[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    parses.push(await parseOnly(texts));
    programParses.push(await parseOnly(programTexts));
    clis.push(await runCli(paths));
  }
  const parse = fastest(parses);
  const cli = fastest(clis);
  const parseMedian = quantile(parses.map((r) => r.ms), 0.5);
  const cliMedian = quantile(clis.map((r) => r.ms), 0.5);
  const cores = os.availableParallelism();
  figure('single-thread parse only, fastest pass', `${parse.ms.toFixed(0)} ms (CPU ${parse.cpuMs.toFixed(0)} ms)`);
  figure('  median pass', `${parseMedian.toFixed(0)} ms`);
  figure('  first pass (cold wasm unless run after others)', `${parses[0].ms.toFixed(0)} ms`);
  figure('leaklens check, end to end, fastest run', `${cli.ms.toFixed(0)} ms (CPU ${cli.cpuMs.toFixed(0)} ms)`);
  figure('  median run', `${cliMedian.toFixed(0)} ms`);
  const ratio = cli.ms / parse.ms;
  figure('check / parse only, wall (fastest of each)', `${ratio.toFixed(2)}x`, { text: `<= ${CLI_TO_PARSE_BUDGET}x`, within: ratio <= CLI_TO_PARSE_BUDGET });
  figure('check / parse only, wall (medians)', `${(cliMedian / parseMedian).toFixed(2)}x`);
  figure('check / parse only, CPU (all threads)', `${(cli.cpuMs / parse.cpuMs).toFixed(2)}x`);
  // The wall time of a quiet machine is at least the CPU time spread evenly over the cores (parse: one core).
  figure(`  best wall on ${cores} quiet cores (CPU / cores)`, `${(cli.cpuMs / cores / parse.cpuMs).toFixed(2)}x`);
  const programParse = fastest(programParses);
  figure(`single-thread parse of the ${formatNumber(programTexts.length)} program files only`, `${programParse.ms.toFixed(0)} ms (CPU ${programParse.cpuMs.toFixed(0)} ms)`);
  figure('check / parse of the files check parses, wall', `${(cli.ms / programParse.ms).toFixed(2)}x`);
  figure('leaklens check peak RSS (largest run)', `${Math.max(...clis.map((r) => r.maxRssMb)).toFixed(0)} MB`, {
    text: `<= ${RSS_BUDGET_MB} MB`,
    within: clis.every((r) => r.maxRssMb <= RSS_BUDGET_MB),
  });
  figure('load average (1 min) at the end', os.loadavg()[0].toFixed(1));

  // The same analysis inside this process, on one thread and on one per core: what the threads save.
  for (const threads of [1, os.availableParallelism()]) {
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    await analyzePaths({ paths, settings: {}, maxFileSize: Number.POSITIVE_INFINITY, threads, onSkipped: () => {}, onUnreadableRoot: () => {} });
    const cpu = process.cpuUsage(cpuBefore);
    const ms = performance.now() - start;
    figure(`analyzePaths on ${threads} thread${threads === 1 ? '' : 's'} (no process start)`, `${ms.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`);
  }
}

async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for await (const file of walkGoFiles(root)) files.push(file);
  return files;
}

/** The .go files under `root` with their texts, in walk order. */
async function readAll(root: string, limit = Number.POSITIVE_INFINITY): Promise<{ file: string; text: string }[]> {
  const files: { file: string; text: string }[] = [];
  for (const file of await listFiles(root)) {
    if (files.length >= limit) break;
    const source = await readGoSource(file);
    if (source.kind === 'text') files.push({ file, text: source.text });
  }
  return files;
}

interface ParseRun {
  ms: number;
  /** CPU time of this process during the pass, every thread (V8's compiler and GC threads included). */
  cpuMs: number;
}

async function parseOnly(texts: readonly string[]): Promise<ParseRun> {
  const parser = await createGoParser();
  try {
    let ms = 0;
    const cpuBefore = process.cpuUsage();
    for (const text of texts) {
      const start = performance.now();
      parser.parse(text)!.delete();
      ms += performance.now() - start;
    }
    const cpu = process.cpuUsage(cpuBefore);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    parser.delete();
  }
}

function fastest<T extends { ms: number }>(runs: readonly T[]): T {
  return runs.reduce((best, run) => (run.ms < best.ms ? run : best));
}

interface CliRun {
  ms: number;
  /** User + system CPU time of the process, every thread. */
  cpuMs: number;
  maxRssMb: number;
}

/**
 * Runs dist/cli.js as a user would (output to /dev/null); a preloaded script writes the process's resource usage
 * (peak RSS in KB, CPU in µs) to file descriptor 3 as it exits.
 */
async function runCli(paths: readonly string[]): Promise<CliRun> {
  const preload = path.join(os.tmpdir(), `leaklens-bench-rss-${process.pid}.js`);
  fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(3, JSON.stringify(process.resourceUsage())));\n");
  try {
    const start = performance.now();
    const child = spawn(process.execPath, ['--require', preload, path.join(__dirname, 'cli.js'), 'check', '--format', 'json', ...paths], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let usage = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (usage += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const ms = performance.now() - start;
    if (code !== 0 && code !== 1) throw new Error(`leaklens check exited with ${code}`);
    const { maxRSS, userCPUTime, systemCPUTime } = JSON.parse(usage) as NodeJS.ResourceUsage;
    return { ms, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMb: maxRSS / 1024 };
  } finally {
    fs.rmSync(preload, { force: true });
  }
}
