// Test helpers: real debuggee processes (the leaky Go and Node fixtures), built and started once per test file.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO = resolve(__dirname, '..', '..', '..');
export const LEAKY_GO_DIR = join(REPO, 'test/fixtures/leaky/go');
export const LEAKY_NODE_SCRIPT = join(REPO, 'test/fixtures/leaky/node/leaky.js');

/** Polls `condition` every 25 ms until it returns a truthy value; fails after timeoutMs with `what` in the message. */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface TempDir {
  path: string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Builds the leaky Go fixture into dir (about a second with a warm build cache). */
export async function buildLeakyGo(dir: string): Promise<string> {
  const binary = join(dir, 'leaky');
  await promisify(execFile)('go', ['build', '-o', binary, '.'], { cwd: LEAKY_GO_DIR, timeout: 120_000 });
  // execFile answers on 'close'; the process handle itself is released a moment later. Tests that compare resource
  // baselines need it gone.
  await waitFor('go build to be released', () => !activeResources().includes('ProcessWrap'), 2000);
  return binary;
}

export interface Debuggee {
  child: ChildProcess;
  pid: number;
  /** The first line matching the ready pattern, e.g. "pprof http://127.0.0.1:PORT" or "ready PORT". */
  readyLine: string;
  /** Kills the process and waits until it has been reaped. */
  kill(): Promise<void>;
}

export async function startProcess(command: string, args: string[], ready: RegExp, timeoutMs = 15_000): Promise<Debuggee> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // 'close' (not 'exit'): only then are the stdio pipes closed too, so nothing of the child is left in this process.
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    const readyLine = await waitFor(`${command} to print ${ready}`, () => output.split('\n').find((l) => ready.test(l)), timeoutMs);
    return { child, pid: child.pid!, readyLine, kill };
  } catch (err) {
    await kill();
    throw err;
  }
}

export function startLeakyNode(tickMs = 100): Promise<Debuggee> {
  return startProcess(process.execPath, [LEAKY_NODE_SCRIPT, String(tickMs)], /^ready \d+/);
}

export function startLeakyGo(binary: string, args: string[] = []): Promise<Debuggee> {
  return startProcess(binary, args, /^pprof http:\/\/127\.0\.0\.1:\d+/);
}

/** "pprof http://127.0.0.1:PORT" → the URL. */
export function pprofUrlOf(debuggee: Debuggee): string {
  return debuggee.readyLine.split(' ')[1];
}

/** Active libuv resources of this test process (timers, sockets…), to prove that code under test released its own. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
}

/**
 * Waits until this process holds no active resource beyond `baseline` (a multiset), failing with both lists.
 * Resources of the baseline may be gone meanwhile (a child process another test started and has since reaped):
 * only what is left over beyond the baseline counts.
 */
export async function waitForRelease(baseline: string[], timeoutMs = 3000): Promise<void> {
  const key = (list: string[]): string => [...list].sort().join(', ');
  const leftOver = (): string[] => {
    const allowed = new Map<string, number>();
    for (const r of baseline) allowed.set(r, (allowed.get(r) ?? 0) + 1);
    return activeResources().filter((r) => {
      const n = allowed.get(r) ?? 0;
      allowed.set(r, n - 1);
      return n <= 0;
    });
  };
  const deadline = Date.now() + timeoutMs;
  while (leftOver().length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`resources not released: [${key(leftOver())}] beyond the baseline [${key(baseline)}]`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
