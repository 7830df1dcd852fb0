// Windows, best effort (documented, not tested here): PowerShell's Get-Process gives the handle count, the threads and the
// working set. Handles are not split by kind, so all of them count as "other".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ProcessGoneError } from './errors';
import type { OsCounts } from './types';

const run = promisify(execFile);

export function parseGetProcessJson(json: string): OsCounts {
  const info = JSON.parse(json) as { HandleCount?: number; ThreadCount?: number; WorkingSet64?: number };
  const handles = info.HandleCount ?? 0;
  return {
    fds: { total: handles, files: 0, sockets: 0, pipes: 0, other: handles },
    threads: info.ThreadCount ?? 0,
    rssBytes: info.WorkingSet64 ?? 0,
  };
}

export async function readWindowsCounts(pid: number): Promise<OsCounts> {
  const script =
    `$p = Get-Process -Id ${pid} -ErrorAction Stop; ` +
    '@{HandleCount=$p.HandleCount; ThreadCount=$p.Threads.Count; WorkingSet64=$p.WorkingSet64} | ConvertTo-Json -Compress';
  try {
    const { stdout } = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { timeout: 5000 });
    return parseGetProcessJson(stdout);
  } catch {
    throw new ProcessGoneError(pid);
  }
}
