// Runs the Go toolchain and the built LeakLens CLI for the authoring tests, each with a timeout.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** The first `go build` of net/http on a cold cache and a busy 2-core machine takes a while. */
const GO_TIMEOUT_MS = 180_000;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after timeoutMs); a non-zero exit is a result, not an error. */
export function runCommand(file: string, args: string[], cwd: string, timeoutMs = GO_TIMEOUT_MS): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
        return;
      }
      resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

/** `leaklens check --format json` over paths (relative to cwd); the findings, or an error for a usage problem. */
export async function leakLensFindings(cwd: string, paths: string[]): Promise<Finding[]> {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  const result = await runCommand(process.execPath, [cli, 'check', '--format', 'json', ...paths], cwd, 60_000);
  if (result.code !== 0 && result.code !== 1) throw new Error(`leaklens check exited ${result.code}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message}`).join('\n');
}
