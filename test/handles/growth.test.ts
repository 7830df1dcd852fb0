// Growth detection: a steady rise is a possible leak; noise, a sawtooth, a plateau or too short a history are not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COUNT_THRESHOLDS, detectGrowth, MEMORY_THRESHOLDS, robustSlopePerMinute, type GrowthPoint } from '../../shared/src/handles/growth';

/** One point per second, values from f(i). */
function series(n: number, f: (i: number) => number): GrowthPoint[] {
  return Array.from({ length: n }, (_, i) => ({ timeMs: 1_700_000_000_000 + i * 1000, value: f(i) }));
}

// A deterministic pseudo-random sequence, so noise tests are reproducible.
function noise(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

describe('detectGrowth', () => {
  test('a steady rise of one per second is a possible leak at 60/min', () => {
    const verdict = detectGrowth(series(40, (i) => 100 + i));
    assert.equal(verdict.possibleLeak, true);
    assert.equal(Math.round(verdict.slopePerMinute), 60);
  });

  test('a slow leak with occasional equal steps and one dip still alerts', () => {
    const values = series(60, (i) => 20 + Math.floor(i / 2) - (i === 30 ? 1 : 0));
    assert.equal(detectGrowth(values).possibleLeak, true);
  });

  test('a rise with outliers: the robust slope ignores them', () => {
    const points = series(40, (i) => 50 + i + (i % 13 === 0 ? 400 : 0));
    assert.equal(Math.round(robustSlopePerMinute(points)), 60);
  });

  test('noise around a level is not a leak', () => {
    const rand = noise(7);
    assert.equal(detectGrowth(series(120, () => 50 + Math.round(rand() * 5))).possibleLeak, false);
  });

  test('a sawtooth (grows, then is released) is not a leak', () => {
    assert.equal(detectGrowth(series(120, (i) => 10 + (i % 15))).possibleLeak, false);
  });

  test('a step up followed by a plateau is not a steady rise', () => {
    assert.equal(detectGrowth(series(60, (i) => (i < 5 ? 10 : 200))).possibleLeak, false);
  });

  test('too few samples or too short a span: no verdict yet', () => {
    assert.equal(detectGrowth(series(9, (i) => i * 10)).possibleLeak, false);
    const fast = Array.from({ length: 50 }, (_, i) => ({ timeMs: i * 200, value: i }));
    assert.equal(detectGrowth(fast).possibleLeak, false, '50 samples over 10 s');
  });

  test('a leak that stopped long ago drops out of the window', () => {
    const points = series(300, (i) => (i < 100 ? i : 100));
    assert.equal(detectGrowth(points.slice(0, 100)).possibleLeak, true);
    assert.equal(detectGrowth(points).possibleLeak, false);
  });

  test('memory: GC noise of a few MiB is not a leak; +1 MiB per second is', () => {
    const mib = 1024 * 1024;
    const rand = noise(3);
    assert.equal(detectGrowth(series(120, () => 80 * mib + rand() * 4 * mib), MEMORY_THRESHOLDS).possibleLeak, false);
    assert.equal(detectGrowth(series(40, (i) => 80 * mib + i * mib + rand() * 0.2 * mib), MEMORY_THRESHOLDS).possibleLeak, true);
  });

  test('a falling counter is not a leak, and its slope is negative', () => {
    const verdict = detectGrowth(series(60, (i) => 100 - i), COUNT_THRESHOLDS);
    assert.equal(verdict.possibleLeak, false);
    assert.ok(verdict.slopePerMinute < 0);
  });
});
