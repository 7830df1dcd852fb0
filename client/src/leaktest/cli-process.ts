// Runs the bundled CLI (`node dist/cli.js test --format json …`) as a child in its own process group and reads its
// report. Cancel (or dispose) ends the whole group: SIGTERM, then SIGKILL if anything is still there after a grace
// period, so no `go test` or test binary outlives the run. Pure Node (no vscode), so it is tested with real processes.
import { spawn } from 'node:child_process';
import { parseLeakTestReport, type LeakTestReport } from './report';

/** The CLI's exit codes (issue 10): 0 clean, 1 leaks or hangs, 2 usage error / no Go / nothing could build. */
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
const KILL_GRACE_MS = 2000;
/** Keeps a flood of test output on stderr from growing without bound: only its end is shown in an error. */
const STDERR_TAIL_BYTES = 16 * 1024;
/** A report is a few KB; far more on stdout is not a report. */
const MAX_STDOUT_BYTES = 64 * 1024 * 1024;

export interface CliInvocation {
  /** A Node binary: the extension host's own (`process.execPath`, run as Node through ELECTRON_RUN_AS_NODE). */
  node: string;
  /** dist/cli.js of the installed extension. */
  cliPath: string;
  cwd: string;
  /** After `test --format json`: packages, --run, --count, --timeout, `--` and go test flags. */
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export type CliOutcome =
  | { kind: 'report'; report: LeakTestReport; exitCode: number; stderr: string }
  | { kind: 'failed'; message: string; exitCode: number | null; stderr: string }
  | { kind: 'cancelled' };

export interface RunningCli {
  readonly pid: number | undefined;
  readonly outcome: Promise<CliOutcome>;
  /** Ends the CLI's process group; the outcome then settles as `cancelled`. */
  cancel(): void;
}

function lastLines(text: string, lines = 12): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function startLeakTestCli(invocation: CliInvocation): RunningCli {
  const child = spawn(invocation.node, [invocation.cliPath, 'test', '--format', 'json', ...invocation.args], {
    cwd: invocation.cwd,
    env: { ...(invocation.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
    // Its own process group: cancel reaches go test and the test binaries the CLI started, not just the CLI.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let stderr = '';

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes <= MAX_STDOUT_BYTES) stdout.push(chunk);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });

  const outcome = new Promise<CliOutcome>((resolve) => {
    child.on('error', (err) => {
      clearTimeout(killTimer);
      resolve({ kind: 'failed', message: `could not start ${invocation.node}: ${err.message}`, exitCode: null, stderr });
    });
    child.on('close', (code, signal) => {
      // The CLI may be gone while something it left in the group is not (a killed CLI cannot clean up): end the group.
      signalGroup('SIGKILL');
      clearTimeout(killTimer);
      if (cancelled) return resolve({ kind: 'cancelled' });
      const text = Buffer.concat(stdout).toString('utf8');
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        return resolve({ kind: 'failed', message: `leaklens test wrote more than ${MAX_STDOUT_BYTES} bytes to stdout`, exitCode: code, stderr });
      }
      if (code === 0 || code === EXIT_FINDINGS || (code === EXIT_USAGE && text.trim().startsWith('{'))) {
        try {
          return resolve({ kind: 'report', report: parseLeakTestReport(text), exitCode: code, stderr });
        } catch (err) {
          return resolve({ kind: 'failed', message: err instanceof Error ? err.message : String(err), exitCode: code, stderr });
        }
      }
      const why = signal ? `was ended by ${signal}` : `exited with code ${code}`;
      const detail = lastLines(stderr);
      resolve({ kind: 'failed', message: `leaklens test ${why}${detail ? `: ${detail}` : ''}`, exitCode: code, stderr });
    });
  });

  return {
    pid: child.pid,
    outcome,
    cancel: () => {
      if (cancelled || child.exitCode !== null || child.signalCode !== null) return;
      cancelled = true;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    },
  };
}
