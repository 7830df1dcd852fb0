// How `leaklens handles` prints a sample: JSON (one object per line, the documented shape and nothing more) or text.
import type { HandleSample } from './types';

const TOP_STACKS = 5;

/** Exactly: {"time","pid","fds":{total,files,sockets,pipes,other},"threads","rssBytes","goroutines":null|{total,top}}. */
export function sampleToJson(sample: HandleSample): string {
  const { total, files, sockets, pipes, other } = sample.fds;
  return JSON.stringify({
    time: new Date(sample.timeMs).toISOString(),
    pid: sample.pid,
    fds: { total, files, sockets, pipes, other },
    threads: sample.threads,
    rssBytes: sample.rssBytes,
    goroutines: sample.goroutines
      ? {
          total: sample.goroutines.total,
          top: sample.goroutines.groups
            .slice(0, TOP_STACKS)
            .map((g) => ({ count: g.count, function: g.function, location: g.location })),
        }
      : null,
  });
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function sampleToText(sample: HandleSample): string {
  const { fds } = sample;
  const limit = sample.fdLimit ? `/${sample.fdLimit}` : '';
  const parts = [
    new Date(sample.timeMs).toISOString(),
    `pid ${sample.pid}`,
    `fds ${fds.total}${limit} (files ${fds.files}, sockets ${fds.sockets}, pipes ${fds.pipes}, other ${fds.other})`,
    `threads ${sample.threads}`,
    `rss ${mebibytes(sample.rssBytes)}`,
  ];
  const g = sample.goroutines;
  if (g) parts.push(`goroutines ${g.atLeast ? '≥ ' : ''}${g.total}${g.leaked !== undefined ? ` (leaked ${g.leaked})` : ''}`);
  const lines = [parts.join('  ')];
  for (const group of g?.groups.slice(0, TOP_STACKS) ?? []) lines.push(`  ${group.count}\t${group.function}\t${group.location}`);
  return lines.join('\n');
}
