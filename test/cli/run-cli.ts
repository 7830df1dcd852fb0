// Runs the built CLI (dist/cli.js) as a real child process, and builds throwaway Go workspaces for it.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: the test bundles live in out/test/<folder>/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The unprivileged account tests switch to when they need permissions to apply (they do not apply to root). */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Runs `node dist/cli.js …args` in `cwd`; killed after `timeoutMs` so that a hang fails the test instead of stalling it.
 * `user` runs it under another uid/gid (needs root).
 */
export function runCli(args: string[], cwd: string, timeoutMs = 60_000, user?: { uid: number; gid: number }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...user },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A temporary folder filled with `files` (path → content); remove it with removeWorkspace. */
export function makeWorkspace(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A program whose http.Get response body is never closed, fetched in a loop: one unclosed-body finding on line 7. */
export const LEAKY_BODY = `package main

import "net/http"

func fetch(url string) (int, error) {
	client := &http.Client{Timeout: 5e9}
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func main() { for { _, _ = fetch("http://127.0.0.1:1/") } }
`;
export const LEAKY_BODY_LINE = 7;

/** A program with no leak: the body is closed on every path. */
export const CLEAN = `package main

import "net/http"

func fetch(url string) (int, error) {
	client := &http.Client{Timeout: 5e9}
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func main() { _, _ = fetch("http://127.0.0.1:1/") }
`;

/** A file opened and never closed: one unclosed-file finding on line 6. */
export const LEAKY_FILE = `package main

import "os"

func size(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	st, _ := f.Stat()
	return st.Size()
}

// Called once per argument: the leak repeats (a helper main calls once would leak one descriptor, then exit).
func main() {
	for _, path := range os.Args[1:] {
		_ = size(path)
	}
}
`;
export const LEAKY_FILE_LINE = 6;

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

export interface JsonReport {
  version: number;
  filesAnalyzed: number;
  findings: JsonFinding[];
}
