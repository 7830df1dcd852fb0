// How `leaklens handles` prints a sample: JSON (one object per line, the documented shape and nothing more) or text.
import type { HandleSample } from './types';

const TOP_STACKS = 5;

/**
 * Exactly: {"time","pid","fds":{total,files,sockets,pipes,other[,unknown]},"threads","rssBytes","goroutines":null|{total,top}};
 * `fds.unknown` ({count, reason}) only when some descriptors could not be read.
 */
export function sampleToJson(sample: HandleSample): string {
  const { total, files, sockets, pipes, other, unknown } = sample.fds;
  return JSON.stringify({
    time: new Date(sample.timeMs).toISOString(),
    pid: sample.pid,
    fds: { total, files, sockets, pipes, other, ...(unknown ? { unknown } : {}) },
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
    `fds ${fds.total}${limit} (files ${fds.files}, sockets ${fds.sockets}, pipes ${fds.pipes}, other ${fds.other}${fds.unknown ? `, unknown ${fds.unknown.count}: ${fds.unknown.reason}` : ''})`,
    `threads ${sample.threads}`,
    `rss ${mebibytes(sample.rssBytes)}`,
  ];
  const g = sample.goroutines;
  if (g) parts.push(`goroutines ${g.atLeast ? '≥ ' : ''}${g.total}${g.leaked !== undefined ? ` (leaked ${g.leaked})` : ''}`);
  const lines = [parts.join('  ')];
  for (const group of g?.groups.slice(0, TOP_STACKS) ?? []) lines.push(`  ${group.count}\t${printable(group.function)}\t${printable(group.location)}`);
  return lines.join('\n');
}

/**
 * Function names and file paths come from the program's pprof answer, which anything on the port may have written:
 * control characters (terminal escape sequences) are shown as `?` so that they never reach the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
