// One leak-watched program: built with the goroutine leak experiment and the overlay sampler, run in its own process
// group, and sampled every interval (OS counts from /proc, goroutines and proven leaks from the sampler) until it exits
// or stop() ends its group. Owns its child processes, its sampling loop and its temp folder. Pure Node (no vscode).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ProcessGoneError } from '../../../shared/src/handles/errors';
import { identifyProcess } from '../../../shared/src/handles/os-counts';
import { PprofReader } from '../../../shared/src/handles/pprof-reader';
import { takeSample } from '../../../shared/src/handles/sample';
import { SamplingLoop } from '../../../shared/src/handles/sampling-loop';
import type { HandleSample } from '../../../shared/src/handles/types';
import { computeCounters, type CounterState } from '../debug/counters';
import { LEAK_WATCH_ADDR_ENV, prepareLeakWatchBuild, withLeakExperiment, type LeakWatchBuildFiles } from './sampler-overlay';

const MAX_SAMPLES = 3600;
const KILL_GRACE_MS = 2000;
const BUILD_OUTPUT_LIMIT = 64 * 1024;

export type WatchState = 'building' | 'running' | 'exited' | 'failed';

export interface WatchOptions {
  /** The folder of the `package main` to run. */
  packageDir: string;
  args: string[];
  intervalMs: number;
  goBinary?: string;
  env?: NodeJS.ProcessEnv;
  /** The program's stdout and stderr, and LeakLens's own lines about the run. */
  onOutput(text: string): void;
  onChange(): void;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (child?.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export class WatchedProgram {
  state: WatchState = 'building';
  pid: number | undefined;
  notice: string | undefined;
  pprofUrl: string | undefined;
  /** False when this Go rejected GOEXPERIMENT=goroutineleakprofile: counts only, no proven leaks. */
  leakProfile = true;
  readonly samples: HandleSample[] = [];
  counters: CounterState[] = [];
  private files: LeakWatchBuildFiles | undefined;
  private child: ChildProcess | undefined;
  private loop: SamplingLoop | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Settles when the program (or its build) is over and everything it held is released. */
  readonly finished: Promise<void>;

  constructor(private readonly options: WatchOptions) {
    this.finished = this.start().catch((err: unknown) => {
      this.fail(err instanceof Error ? err.message : String(err));
    });
  }

  get running(): boolean {
    return this.state === 'building' || this.state === 'running';
  }

  /** Ends the program's process group (or the build) and releases everything; the program's exit settles `finished`. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.loop?.stop();
    killGroup(this.child, 'SIGTERM');
    this.killTimer = setTimeout(() => killGroup(this.child, 'SIGKILL'), KILL_GRACE_MS);
  }

  private async start(): Promise<void> {
    const { packageDir } = this.options;
    this.files = prepareLeakWatchBuild(packageDir);
    let built = await this.build(true);
    if (!built.ok && !this.stopped && /goroutineleakprofile|GOEXPERIMENT/i.test(built.output)) {
      this.leakProfile = false;
      this.options.onOutput('[leak watch] this Go has no goroutine leak profile (Go 1.26 or later needed): goroutine counts only.\n');
      built = await this.build(false);
    }
    if (this.stopped) return this.release('exited');
    if (!built.ok) throw new Error(`go build failed:\n${built.output.trimEnd()}`);
    await this.run();
  }

  private build(withExperiment: boolean): Promise<{ ok: boolean; output: string }> {
    const env = { ...(this.options.env ?? process.env) };
    if (withExperiment) env.GOEXPERIMENT = withLeakExperiment(env.GOEXPERIMENT);
    const files = this.files!;
    return new Promise((resolve) => {
      const child = spawn(this.options.goBinary ?? 'go', ['build', '-overlay', files.overlayPath, '-o', files.binaryPath, '.'], {
        cwd: this.options.packageDir,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      let output = '';
      const collect = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-BUILD_OUTPUT_LIMIT);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (err) => resolve({ ok: false, output: `could not run go: ${err.message}` }));
      child.on('close', (code) => {
        killGroup(child, 'SIGKILL'); // the compiler's helpers, should any be left
        resolve({ ok: code === 0, output });
      });
    });
  }

  private async run(): Promise<void> {
    const port = await freeLoopbackPort();
    if (this.stopped) return this.release('exited'); // stopped while the port was being found: never start it
    const files = this.files!;
    const child = spawn(files.binaryPath, this.options.args, {
      cwd: this.options.packageDir,
      env: { ...(this.options.env ?? process.env), [LEAK_WATCH_ADDR_ENV]: `127.0.0.1:${port}` },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => this.options.onOutput(text));
    child.stderr.on('data', (text: string) => this.options.onOutput(text));
    const exited = new Promise<void>((resolve) => {
      child.on('error', (err) => {
        this.notice = `could not start the program: ${err.message}`;
        resolve();
      });
      child.on('close', (code, signal) => {
        killGroup(child, 'SIGKILL');
        this.notice ??= this.stopped ? 'Stopped.' : `The program exited (${signal ?? `code ${code}`}).`;
        resolve();
      });
    });
    if (child.pid !== undefined) {
      this.pid = child.pid;
      this.state = 'running';
      this.pprofUrl = `http://127.0.0.1:${port}`;
      this.options.onChange();
      await this.sample(child.pid, this.pprofUrl);
    }
    await exited;
    this.release('exited');
  }

  private async sample(pid: number, baseUrl: string): Promise<void> {
    let identity;
    try {
      identity = await identifyProcess(pid);
    } catch {
      return; // Exited at once: the exit handler says so.
    }
    const pprof = new PprofReader({ baseUrl });
    this.loop = new SamplingLoop(this.options.intervalMs, async (signal) => {
      try {
        const sample = await takeSample({ identity, pprof, isRunning: () => true }, signal);
        if (signal.aborted || this.stopped) return;
        this.samples.push(sample);
        if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
        this.counters = computeCounters(this.samples);
        this.options.onChange();
      } catch (err) {
        if (!(err instanceof ProcessGoneError)) this.notice = err instanceof Error ? err.message : String(err);
        this.loop?.stop();
      }
    });
    if (!this.stopped) this.loop.start();
  }

  private fail(message: string): void {
    this.notice = message;
    this.options.onOutput(`[leak watch] ${message}\n`);
    this.release('failed');
  }

  private release(state: WatchState): void {
    if (this.state === 'exited' || this.state === 'failed') return;
    this.state = state;
    this.loop?.stop();
    clearTimeout(this.killTimer);
    this.files?.dispose();
    this.files = undefined;
    this.options.onChange();
  }
}
