// The counters the Handles view shows for a session, derived from its samples, with their growth verdicts.
// Pure (no VS Code): unit-tested in test/handles.
import { COUNT_THRESHOLDS, detectGrowth, MEMORY_THRESHOLDS, type GrowthPoint, type GrowthThresholds } from '../../../shared/src/handles/growth';
import type { HandleSample } from '../../../shared/src/handles/types';

export interface CounterSpec {
  id: string;
  label: string;
  unit: 'count' | 'bytes';
  value(sample: HandleSample): number | undefined;
  thresholds: GrowthThresholds;
}

export interface CounterState {
  id: string;
  label: string;
  unit: 'count' | 'bytes';
  current: number;
  /** "≥" when the count is a lower bound (Delve's 1024-goroutine cap while stopped). */
  atLeast: boolean;
  /** Values inside the sparkline window, oldest first. */
  recent: number[];
  slopePerMinute: number;
  possibleLeak: boolean;
  /** Extra text, e.g. the fd breakdown. */
  detail?: string;
}

const FIXED_COUNTERS: CounterSpec[] = [
  { id: 'goroutines', label: 'Goroutines', unit: 'count', value: (s) => s.goroutines?.total, thresholds: COUNT_THRESHOLDS },
  { id: 'leakedGoroutines', label: 'Leaked goroutines', unit: 'count', value: (s) => s.goroutines?.leaked, thresholds: COUNT_THRESHOLDS },
  { id: 'fds', label: 'File descriptors', unit: 'count', value: (s) => s.fds.total, thresholds: COUNT_THRESHOLDS },
  { id: 'threads', label: 'OS threads', unit: 'count', value: (s) => s.threads, thresholds: COUNT_THRESHOLDS },
  { id: 'rss', label: 'Memory (RSS)', unit: 'bytes', value: (s) => s.rssBytes, thresholds: MEMORY_THRESHOLDS },
];

/**
 * A readable name for a Node resource type that wraps between words in a narrow view: "TCPServerWrap" → "TCP server",
 * "FSReqCallback" → "FS req callback", "Timeout" → "Timeout".
 */
export function nodeResourceLabel(type: string): string {
  const words = type
    .replace(/Wrap$/, '')
    .split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter((w) => w !== '');
  if (words.length === 0) return type;
  return words.map((w, i) => (i > 0 && !/^[A-Z0-9]{2,}$/.test(w) ? w.toLowerCase() : w)).join(' ');
}

function nodeCounter(type: string): CounterSpec {
  return { id: `node:${type}`, label: `Node ${nodeResourceLabel(type)}`, unit: 'count', value: (s) => s.nodeResources?.[type] ?? (s.nodeResources ? 0 : undefined), thresholds: COUNT_THRESHOLDS };
}

/** How far back the sparkline reaches. */
export const SPARKLINE_WINDOW_MS = 5 * 60_000;

export function computeCounters(samples: readonly HandleSample[]): CounterState[] {
  const latest = samples[samples.length - 1];
  if (!latest) return [];
  const nodeTypes = new Set<string>();
  for (const s of samples) for (const type of Object.keys(s.nodeResources ?? {})) nodeTypes.add(type);
  const specs = [...FIXED_COUNTERS, ...[...nodeTypes].sort().map(nodeCounter)];
  const states: CounterState[] = [];
  for (const spec of specs) {
    const points: GrowthPoint[] = [];
    for (const s of samples) {
      const value = spec.value(s);
      if (value !== undefined) points.push({ timeMs: s.timeMs, value });
    }
    if (points.length === 0) continue;
    const last = points[points.length - 1];
    const verdict = detectGrowth(points, spec.thresholds);
    const windowStart = latest.timeMs - SPARKLINE_WINDOW_MS;
    states.push({
      id: spec.id,
      label: spec.label,
      unit: spec.unit,
      current: last.value,
      atLeast: spec.id === 'goroutines' && Boolean(latest.goroutines?.atLeast),
      recent: points.filter((p) => p.timeMs >= windowStart).map((p) => p.value),
      slopePerMinute: verdict.slopePerMinute,
      possibleLeak: verdict.possibleLeak,
      detail: spec.id === 'fds' ? fdDetail(latest) : undefined,
    });
  }
  return states;
}

function fdDetail(s: HandleSample): string {
  const { files, sockets, pipes, other } = s.fds;
  const limit = s.fdLimit ? `, limit ${s.fdLimit}` : '';
  return `files ${files}, sockets ${sockets}, pipes ${pipes}, other ${other}${limit}`;
}

export function formatValue(value: number, unit: 'count' | 'bytes'): string {
  if (unit === 'count') return String(Math.round(value));
  const mib = value / (1024 * 1024);
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

export function formatRate(perMinute: number, unit: 'count' | 'bytes'): string {
  const sign = perMinute > 0 ? '+' : perMinute < 0 ? '−' : '±';
  const magnitude = Math.abs(perMinute);
  const text = unit === 'bytes' ? formatValue(magnitude, 'bytes') : magnitude >= 10 || magnitude === 0 ? magnitude.toFixed(0) : magnitude.toFixed(1);
  return `${sign}${text}/min`;
}
