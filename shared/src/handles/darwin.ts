// macOS, best effort (documented, not tested here: the project's machines run Linux): `lsof -p PID -F t` for descriptors by
// type, `ps` for RSS and thread count. No start time is available cheaply, so PID reuse is only caught by "process gone".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ProcessGoneError } from './errors';
import type { FdCounts, OsCounts } from './types';

const run = promisify(execFile);
const TIMEOUT_MS = 3000;

/** Counts `lsof -F t` type records: `tREG`, `tIPv4`, `tPIPE`, … */
export function countLsofTypes(output: string): FdCounts {
  const counts: FdCounts = { total: 0, files: 0, sockets: 0, pipes: 0, other: 0 };
  for (const line of output.split('\n')) {
    if (!line.startsWith('t')) continue;
    const type = line.slice(1);
    counts.total++;
    if (type === 'REG' || type === 'DIR' || type === 'CHR') counts.files++;
    else if (type === 'IPv4' || type === 'IPv6' || type === 'unix' || type === 'sock' || type === 'systm') counts.sockets++;
    else if (type === 'PIPE' || type === 'FIFO') counts.pipes++;
    else counts.other++;
  }
  return counts;
}

export async function readDarwinCounts(pid: number): Promise<OsCounts> {
  let rssKb: string;
  let threadLines: string;
  try {
    rssKb = (await run('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: TIMEOUT_MS })).stdout.trim();
    threadLines = (await run('ps', ['-M', '-p', String(pid)], { timeout: TIMEOUT_MS })).stdout;
  } catch {
    throw new ProcessGoneError(pid); // ps exits 1 for a PID that does not exist.
  }
  // lsof exits 1 when it could not list some descriptors (e.g. permission); its partial output is still the best we have.
  const lsof = await run('lsof', ['-n', '-P', '-p', String(pid), '-F', 't'], { timeout: TIMEOUT_MS }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  return {
    fds: countLsofTypes(lsof.stdout),
    threads: Math.max(0, threadLines.trim().split('\n').length - 1),
    rssBytes: Number.parseInt(rssKb, 10) * 1024,
  };
}
