// Runs `leaklens test` as a real process and checks what it leaves behind: processes it started (they carry
// LEAKLENS_PARENT_PID=<its pid> in their environment) and its temporary folder (leaklens-test-<its pid>-…).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../cli/run-cli';
import type { LeakTestReport } from '../../shared/src/leaktest/report';

export interface LeakTestRun {
  pid: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface StartedRun {
  pid: number;
  /** Resolves when the CLI has exited; the CLI is killed (SIGKILL) after `timeoutMs` so that a hang fails the test. */
  done: Promise<LeakTestRun>;
}

/** `ownGroup`: the CLI leads a process group of its own, as the editor starts it (and cancels it by killing the group). */
export function startLeakTest(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, ownGroup = false, timeoutMs = 240_000): StartedRun {
  const child = spawn(process.execPath, [CLI, 'test', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<LeakTestRun>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ pid: child.pid!, code, stdout, stderr });
    });
  });
  return { pid: child.pid!, done };
}

export function runLeakTest(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<LeakTestRun> {
  return startLeakTest(args, cwd, env).done;
}

export function parseReport(run: LeakTestRun): LeakTestReport {
  try {
    return JSON.parse(run.stdout) as LeakTestReport;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** Live processes (zombies excluded) started on behalf of the leaklens process `cliPid`. */
export function processesStartedBy(cliPid: number): string[] {
  const marker = `LEAKLENS_PARENT_PID=${cliPid}`;
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!environ.includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      found.push(`${entry} ${fs.readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ')}`);
    } catch {
      // The process ended while we looked, or belongs to someone else.
    }
  }
  return found;
}

export function tempFoldersOf(cliPid: number): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`leaklens-test-${cliPid}-`)).map((n) => path.join(os.tmpdir(), n));
}

/** A folder with a `go` script that fails like a toolchain without the experiment and otherwise runs the real go. */
export function fakeGoWithoutExperiment(dir: string, realGo: string): string {
  const bin = path.join(dir, 'fake-go-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\ncase ",$GOEXPERIMENT," in\n  *,goroutineleakprofile,*) echo "go: unknown GOEXPERIMENT goroutineleakprofile" >&2; exit 2;;\nesac\nexec ${JSON.stringify(realGo)} "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}
