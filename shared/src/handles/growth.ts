// Growth detection: is a counter rising steadily (a leak) rather than moving with the load (noise, sawtooth)?
// A robust slope (Theil–Sen: the median of all pairwise slopes) ignores a few outliers; together with "mostly
// non-decreasing steps" and "no big drop", it tells a leak from a busy program whose counters come back down.

export interface GrowthPoint {
  timeMs: number;
  value: number;
}

export interface GrowthThresholds {
  minSamples: number;
  minSpanMs: number;
  /** The robust slope must reach this many units per minute. */
  minSlopePerMinute: number;
  /** Last minus first value of the window must reach this. */
  minRise: number;
  /** Share of steps that do not go down. */
  minNonDecreasingFraction: number;
  /** The largest fall from a running maximum, as a share of the rise; a sawtooth falls all the way back. */
  maxDrawdownFraction: number;
  /** Only the most recent samples are judged: a leak that stopped stops being reported. */
  windowSamples: number;
}

export const COUNT_THRESHOLDS: GrowthThresholds = {
  minSamples: 10,
  minSpanMs: 30_000,
  minSlopePerMinute: 1,
  minRise: 5,
  minNonDecreasingFraction: 0.8,
  maxDrawdownFraction: 0.25,
  windowSamples: 120,
};

/** RSS moves with the garbage collector: demand a clear rise in megabytes. */
export const MEMORY_THRESHOLDS: GrowthThresholds = {
  ...COUNT_THRESHOLDS,
  minSlopePerMinute: 1024 * 1024,
  minRise: 8 * 1024 * 1024,
  minNonDecreasingFraction: 0.7,
};

export interface GrowthVerdict {
  possibleLeak: boolean;
  /** Robust slope over the window, units per minute (the view's "+N/min"). */
  slopePerMinute: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Theil–Sen slope in units per minute. */
export function robustSlopePerMinute(points: GrowthPoint[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j].timeMs - points[i].timeMs;
      if (dt > 0) slopes.push(((points[j].value - points[i].value) / dt) * 60_000);
    }
  }
  return median(slopes);
}

export function detectGrowth(all: GrowthPoint[], thresholds: GrowthThresholds = COUNT_THRESHOLDS): GrowthVerdict {
  const points = all.slice(-thresholds.windowSamples);
  const slopePerMinute = points.length >= 2 ? robustSlopePerMinute(points) : 0;
  if (points.length < thresholds.minSamples) return { possibleLeak: false, slopePerMinute };
  const first = points[0];
  const last = points[points.length - 1];
  const rise = last.value - first.value;
  let nonDecreasing = 0;
  let runningMax = first.value;
  let drawdown = 0;
  for (let i = 1; i < points.length; i++) {
    if (points[i].value >= points[i - 1].value) nonDecreasing++;
    runningMax = Math.max(runningMax, points[i].value);
    drawdown = Math.max(drawdown, runningMax - points[i].value);
  }
  const possibleLeak =
    last.timeMs - first.timeMs >= thresholds.minSpanMs &&
    slopePerMinute >= thresholds.minSlopePerMinute &&
    rise >= thresholds.minRise &&
    nonDecreasing / (points.length - 1) >= thresholds.minNonDecreasingFraction &&
    drawdown <= rise * thresholds.maxDrawdownFraction;
  return { possibleLeak, slopePerMinute };
}
