// Handle sampling cost, against the leaky Go fixture holding 1,000 extra goroutines (built once into a temp dir):
// - one sample = /proc counts + pprof goroutine?debug=1 fetch and parse. Budget: ≤ 10 ms (median).
// - sampling at 1 Hz for 20 s (--limit N: N seconds): CPU time of this process / wall time. Budget: ≤ 1 % of a core.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { identifyProcess, readOsCounts } from '../shared/src/handles/os-counts';
import { PprofReader } from '../shared/src/handles/pprof-reader';
import { takeSample } from '../shared/src/handles/sample';
import { SamplingLoop } from '../shared/src/handles/sampling-loop';
import { figure, formatNumber, quantile, section, type BenchOptions } from './figures';

const EXTRA_GOROUTINES = 1000;
const SAMPLES = 100;
const CPU_SECONDS = 20;
const ONE_SAMPLE_BUDGET_MS = 10;
const CPU_BUDGET_PERCENT = 1;

interface LeakyProgram {
  pid: number;
  pprofUrl: string;
  stop(): Promise<void>;
}

async function startLeakyProgram(dir: string): Promise<LeakyProgram> {
  const binary = join(dir, 'leaky');
  // dist/bench.js → the repository root is one level up.
  await promisify(execFile)('go', ['build', '-o', binary, '.'], { cwd: resolve(__dirname, '..', 'test/fixtures/leaky/go'), timeout: 180_000 });
  // One leak per hour: the goroutine count stays at ~1,000 while we measure.
  const child = spawn(binary, ['-initial', String(EXTRA_GOROUTINES), '-interval', '1h'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const stop = async (): Promise<void> => {
    child.kill('SIGKILL');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('the leaky Go program did not start within 10 s')), 10_000);
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const match = /^pprof (http:\S+)$/m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child.once('error', reject);
    });
    return { pid: child.pid!, pprofUrl: url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function benchHandles(options: BenchOptions): Promise<void> {
  const samples = Math.min(SAMPLES, options.limit ?? SAMPLES);
  const cpuSeconds = Math.min(CPU_SECONDS, options.limit ?? CPU_SECONDS);
  section(`handles: /proc + pprof debug=1 of a Go program with ${formatNumber(EXTRA_GOROUTINES)} extra goroutines`);
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-bench-handles-'));
  const program = await startLeakyProgram(dir).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  try {
    const identity = await identifyProcess(program.pid);
    const pprof = new PprofReader({ baseUrl: program.pprofUrl });
    const sources = { identity, pprof, isRunning: () => true };
    const first = await takeSample(sources);
    figure('goroutines in the profile', formatNumber(first.goroutines?.total ?? 0));

    const procMs: number[] = [];
    const sampleMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      let t = performance.now();
      await readOsCounts(identity);
      procMs.push(performance.now() - t);
      t = performance.now();
      await takeSample(sources);
      sampleMs.push(performance.now() - t);
    }
    figure('/proc only, median', `${quantile(procMs, 0.5).toFixed(3)} ms`);
    const median = quantile(sampleMs, 0.5);
    figure('one sample (/proc + pprof), median', `${median.toFixed(2)} ms`, { text: `${ONE_SAMPLE_BUDGET_MS} ms`, within: median <= ONE_SAMPLE_BUDGET_MS });
    figure('one sample (/proc + pprof), p95', `${quantile(sampleMs, 0.95).toFixed(2)} ms`);

    // 1 Hz for cpuSeconds: CPU time used by this process (sampling is all it does meanwhile) over wall time.
    let taken = 0;
    const loop = new SamplingLoop(1000, async (signal) => {
      await takeSample(sources, signal);
      taken++;
    });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    loop.start();
    await new Promise((r) => setTimeout(r, cpuSeconds * 1000));
    loop.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const percent = ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100;
    figure(`CPU at 1 Hz over ${cpuSeconds} s (${taken} samples)`, `${percent.toFixed(3)} %`, { text: `${CPU_BUDGET_PERCENT} % of a core`, within: percent <= CPU_BUDGET_PERCENT });
  } finally {
    await program.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
