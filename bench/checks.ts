// Health-check runner throughput: 200 checks at concurrency 20 against a loopback server that answers after 50 ms.
// Ideal: 200 / 20 × 50 ms = 500 ms. Budget: 1.2 × ideal + start-up (the overhead of one cold check, measured first).
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { Limiter } from '../server/src/checks/limiter';
import { resolveUrl } from '../server/src/checks/resolve';
import { runMany } from '../server/src/checks/run-many';
import { figure, formatNumber, section, type BenchOptions } from './figures';

const CHECKS = 200;
const CONCURRENCY = 20;
const ANSWER_DELAY_MS = 50;

/** The answering server runs in its own process, so the figure is the runner's alone. Prints its port, then serves. */
const SERVER_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => setTimeout(() => res.end('ok'), ${ANSWER_DELAY_MS}));
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the benchmark server did not start within 10 s')), 10_000);
    child.stdout.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
    child.once('error', reject);
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: `http://127.0.0.1:${port}/health`, stop };
}

/**
 * The same requests with bare node:http (no deadline, limiter or assertions), same concurrency: the reference that
 * tells the runner's own overhead from what the machine (its load, the loopback stack) costs.
 */
async function bareRequests(url: string, count: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await new Promise<void>((resolve, reject) => {
        http.get(url, { agent: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        }).on('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

export async function benchChecks(options: BenchOptions): Promise<void> {
  const count = Math.min(CHECKS, options.limit ?? CHECKS);
  section(`health checks: ${count} checks, concurrency ${CONCURRENCY}, loopback server answering after ${ANSWER_DELAY_MS} ms`);
  const server = await startServer();
  try {
    const limiter = new Limiter(CONCURRENCY);
    const coldStart = performance.now();
    await runMany([resolveUrl(server.url)], { limiter });
    const startupMs = Math.max(0, performance.now() - coldStart - ANSWER_DELAY_MS);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const results = await runMany(Array.from({ length: count }, () => resolveUrl(server.url)), { limiter });
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const idealMs = Math.ceil(count / CONCURRENCY) * ANSWER_DELAY_MS;
    const budgetMs = 1.2 * idealMs + startupMs;
    const healthy = results.filter((r) => r.outcome === 'healthy').length;
    figure('healthy results', `${healthy}/${count}`, { text: `all ${count}`, within: healthy === count });
    figure('start-up (one cold check, minus the 50 ms wait)', `${formatNumber(startupMs, 1)} ms`);
    figure('ideal', `${formatNumber(idealMs)} ms`);
    figure('total', `${formatNumber(totalMs, 1)} ms`, { text: `≤ ${formatNumber(budgetMs, 1)} ms = 1.2 × ideal + start-up`, within: totalMs <= budgetMs });
    figure('total / ideal', `${formatNumber(totalMs / idealMs, 2)}×`);
    figure('reference: bare node:http, same requests', `${formatNumber(await bareRequests(server.url, count), 1)} ms`);
    figure('runner CPU per check', `${formatNumber((cpu.user + cpu.system) / 1000 / count, 2)} ms`);
  } finally {
    await server.stop();
  }
}
