// "Export Samples": a session's samples as CSV (one row per sample, one column per counter) or JSON. Pure.
import type { HandleSample } from '../../../shared/src/handles/types';

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function samplesToCsv(samples: readonly HandleSample[]): string {
  const nodeTypes = [...new Set(samples.flatMap((s) => Object.keys(s.nodeResources ?? {})))].sort();
  const header = [
    'time', 'pid', 'fds_total', 'fds_files', 'fds_sockets', 'fds_pipes', 'fds_other', 'threads', 'rss_bytes',
    'goroutines', 'goroutines_source', 'goroutines_at_least', 'leaked_goroutines', ...nodeTypes.map((t) => `node_${t}`),
  ];
  const rows = samples.map((s) =>
    [
      new Date(s.timeMs).toISOString(), s.pid, s.fds.total, s.fds.files, s.fds.sockets, s.fds.pipes, s.fds.other, s.threads, s.rssBytes,
      s.goroutines?.total, s.goroutines?.source, s.goroutines ? String(Boolean(s.goroutines.atLeast)) : undefined, s.goroutines?.leaked,
      ...nodeTypes.map((t) => (s.nodeResources ? (s.nodeResources[t] ?? 0) : undefined)),
    ].map(csvCell).join(','),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

export function samplesToJson(samples: readonly HandleSample[]): string {
  return JSON.stringify(
    samples.map((s) => ({
      time: new Date(s.timeMs).toISOString(),
      pid: s.pid,
      fds: s.fds,
      threads: s.threads,
      rssBytes: s.rssBytes,
      goroutines: s.goroutines
        ? { total: s.goroutines.total, source: s.goroutines.source, atLeast: Boolean(s.goroutines.atLeast), leaked: s.goroutines.leaked, top: s.goroutines.groups.slice(0, 10).map((g) => ({ count: g.count, function: g.function, location: g.location })) }
        : null,
      nodeResources: s.nodeResources,
    })),
    null,
    2,
  ) + '\n';
}
