// LeakLens must not leak: 1,000 checks in a child process (every outcome: healthy, redirected, unhealthy, reset,
// refused, timed out, cut-off 100 MB body), then the child's open file descriptors are back to the count before, and
// the child exits on its own (no timer or socket keeps it alive). This same file is the child when
// LEAKLENS_LEAK_CHILD_BASE is set.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { Limiter } from '../../server/src/checks/limiter';
import { resolveUrl } from '../../server/src/checks/resolve';
import { runMany } from '../../server/src/checks/run-many';
import { closedPort, startHttpServer } from './servers';

const CHECKS = 1000;

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

async function settledFds(target: number): Promise<number> {
  // Closed sockets leave the fd table within a few event-loop turns; wait on that, bounded.
  const deadline = Date.now() + 3000;
  let count = openFds();
  while (count > target && Date.now() < deadline) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    count = openFds();
  }
  return count;
}

async function child(base: string, refusedPort: string): Promise<void> {
  const routes = ['/ok', '/moved', '/unavailable', '/reset', '/delay?ms=400', '/huge', '/loop'];
  const urls = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 10 === 9 ? `http://127.0.0.1:${refusedPort}/` : `${base}${routes[i % routes.length]}`));
  const limiter = new Limiter(20);
  // Warm up once so one-time resources (libuv threads, TLS/HTTP parser state) are in the baseline.
  await runMany(urls(10).map((u) => resolveUrl(u)), { limiter, timeoutMs: 200 });
  const before = await settledFds(0);
  const results = await runMany(urls(CHECKS).map((u) => resolveUrl(u)), { limiter, timeoutMs: 200 });
  const after = await settledFds(before);
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[r.error ?? r.outcome] = (outcomes[r.error ?? r.outcome] ?? 0) + 1;
  process.stdout.write(JSON.stringify({ before, after, count: results.length, outcomes }));
}

const childBase = process.env.LEAKLENS_LEAK_CHILD_BASE;
if (childBase) {
  void child(childBase, process.env.LEAKLENS_LEAK_CHILD_REFUSED ?? '9');
} else {
  describe('runner resource use', () => {
    it(`after ${CHECKS} checks the process has the same open fds and exits by itself`, async (t) => {
      const server = await startHttpServer();
      const port = await closedPort();
      try {
        const proc = spawn(process.execPath, [__filename], {
          env: { ...process.env, LEAKLENS_LEAK_CHILD_BASE: server.url, LEAKLENS_LEAK_CHILD_REFUSED: String(port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const code = await new Promise<number | null>((resolve, reject) => {
          const timer = setTimeout(() => {
            proc.kill('SIGKILL');
            reject(new Error(`the child did not exit by itself within 60 s (something keeps it alive); stderr: ${stderr}`));
          }, 60_000);
          proc.on('exit', (exitCode) => {
            clearTimeout(timer);
            resolve(exitCode);
          });
        });
        assert.equal(code, 0, stderr);
        const report = JSON.parse(stdout) as { before: number; after: number; count: number; outcomes: Record<string, number> };
        t.diagnostic(`open fds ${report.before} → ${report.after}; outcomes ${JSON.stringify(report.outcomes)}`);
        assert.equal(report.count, CHECKS);
        assert.equal(report.after, report.before, `open fds: ${report.before} before, ${report.after} after`);
        // Every kind of ending really happened.
        for (const kind of ['healthy', 'unhealthy', 'connection reset', 'connection refused', 'timeout after 200 ms', 'too many redirects (more than 5)']) {
          assert.ok((report.outcomes[kind] ?? 0) > 0, `no "${kind}" among ${JSON.stringify(report.outcomes)}`);
        }
      } finally {
        await server.close();
      }
    });
  });
}
