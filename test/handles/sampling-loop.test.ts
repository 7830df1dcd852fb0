// SamplingLoop: one sample at a time, at the interval, and after stop() no timer and no request is left.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { httpGet } from '../../shared/src/handles/http-get';
import { SamplingLoop } from '../../shared/src/handles/sampling-loop';
import { activeResources, waitFor, waitForRelease } from './processes';

test('samples repeat at the interval, never overlap, and stop() leaves no timer', async () => {
  const baseline = activeResources();
  let running = 0;
  let maxConcurrent = 0;
  const times: number[] = [];
  const loop = new SamplingLoop(50, async () => {
    running++;
    maxConcurrent = Math.max(maxConcurrent, running);
    times.push(Date.now());
    await new Promise((r) => setTimeout(r, 70)); // slower than the interval: must not pile up
    running--;
  });
  loop.start();
  loop.start();
  await waitFor('5 samples', () => times.length >= 5);
  loop.stop();
  assert.equal(maxConcurrent, 1);
  assert.equal(loop.running, false);
  const count = times.length;
  await waitForRelease(baseline);
  assert.equal(times.length, count, 'no sample after stop');
});

test('stop() aborts an in-flight request to a program that never answers', async () => {
  const held: net.Socket[] = [];
  const silent = net.createServer((s) => held.push(s.on('error', () => undefined)));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const baseline = activeResources();
  const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/debug/pprof/goroutine?debug=1`;
  let outcome = '';
  const loop = new SamplingLoop(1000, async (signal) => {
    outcome = await httpGet(url, { timeoutMs: 60_000, signal }).then(() => 'answered', (err: Error) => err.message);
  });
  loop.start();
  await waitFor('the request to reach the server', () => held.length === 1);
  loop.stop();
  await waitFor('the request to end', () => outcome);
  assert.match(outcome, /abort/i);
  for (const s of held) s.destroy();
  await waitForRelease(baseline);
  await new Promise((r) => silent.close(r));
});

test('a bad interval is refused', () => {
  assert.throws(() => new SamplingLoop(0, async () => undefined), RangeError);
  assert.throws(() => new SamplingLoop(Number.NaN, async () => undefined), RangeError);
});
