// The Go toolchain on PATH: its version, and whether it accepts GOEXPERIMENT=goroutineleakprofile.
import { execFile } from 'node:child_process';
import type { LeakMode } from './report';

export const LEAK_EXPERIMENT = 'goroutineleakprofile';

/** No usable `go` command: the CLI exits 2 with this message. */
export class ToolchainError extends Error {}

export interface Toolchain {
  /** `go1.26.8`. */
  version: string;
  mode: LeakMode;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a short go command (go env, go list), buffering its output; rejects with ToolchainError when go is missing. */
export function runGo(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile('go', args, { ...options, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const errno = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
      if (errno?.code === 'ENOENT') {
        reject(new ToolchainError('the go command was not found on PATH: install Go (1.26 or later proves leaks; https://go.dev/dl/)'));
        return;
      }
      if (errno && errno.name === 'AbortError') {
        reject(errno);
        return;
      }
      resolve({ code: typeof errno?.code === 'number' ? errno.code : errno ? 1 : 0, stdout, stderr });
    });
  });
}

/** The environment with the leak experiment added to any GOEXPERIMENT the user already set. */
export function withLeakExperiment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const experiments = (env.GOEXPERIMENT ?? '').split(',').filter((e) => e !== '' && e !== LEAK_EXPERIMENT);
  return { ...env, GOEXPERIMENT: [...experiments, LEAK_EXPERIMENT].join(',') };
}

/** Asks `go env` with the experiment on; a toolchain that rejects it (Go < 1.26, or built without it) gives mode suspected. */
export async function detectToolchain(cwd: string, env: NodeJS.ProcessEnv): Promise<Toolchain> {
  const proven = await runGo(['env', 'GOVERSION'], { cwd, env: withLeakExperiment(env) });
  if (proven.code === 0) return { version: proven.stdout.trim(), mode: 'proven' };
  const plain = await runGo(['env', 'GOVERSION'], { cwd, env });
  if (plain.code !== 0) throw new ToolchainError(`go env failed: ${(plain.stderr || plain.stdout).trim()}`);
  return { version: plain.stdout.trim(), mode: 'suspected' };
}
