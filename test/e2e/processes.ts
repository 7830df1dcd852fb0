// Finds the processes the e2e harness started, from /proc, so the test can prove that none outlives it.
// code-server runs in its own session (spawned detached => setsid), so everything it starts (extension host, file
// watcher, pty host, debug adapters, debuggees) shares its session id. Chromium is a descendant of this test process and
// its command lines name the harness's temp folder. Descendants lose their parent link once orphaned, so the harness
// takes a snapshot while everything is alive and checks the same pids (and start times) after stopping.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  session: number;
  /** Start time in clock ticks since boot: tells a live process from a later one that reuses the pid. */
  startTicks: string;
  zombie: boolean;
  commandLine: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return {
      pid,
      ppid: Number(fields[1]),
      session: Number(fields[3]),
      startTicks: fields[19] ?? '',
      zombie: fields[0] === 'Z',
      commandLine,
    };
  } catch {
    return undefined; // exited while we were reading it
  }
}

export function listProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined && !p.zombie);
}

/** Processes in `session`, descending from `ancestorPid`, or whose command line mentions `marker`. */
export function findOwnedProcesses(opts: { session?: number; ancestorPid: number; marker: string }): ProcessInfo[] {
  const all = listProcesses();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const descendsFromAncestor = (p: ProcessInfo): boolean => {
    // Bounded walk up the parent chain: pid 1 or a missing parent ends it.
    for (let cur: ProcessInfo | undefined = p, hops = 0; cur && hops < 64; cur = byPid.get(cur.ppid), hops++) {
      if (cur.ppid === opts.ancestorPid) return true;
      if (cur.ppid <= 1) return false;
    }
    return false;
  };
  return all.filter(
    (p) =>
      p.pid !== opts.ancestorPid &&
      ((opts.session !== undefined && p.session === opts.session) ||
        p.commandLine.includes(opts.marker) ||
        descendsFromAncestor(p)),
  );
}

/** The processes of `snapshot` that still run (same pid and start time) plus any new one matching the same criteria. */
export function survivors(
  snapshot: ProcessInfo[],
  opts: { session?: number; ancestorPid: number; marker: string },
): ProcessInfo[] {
  const alive = new Map(findOwnedProcesses(opts).map((p) => [p.pid, p]));
  for (const p of snapshot) {
    const now = readProcess(p.pid);
    if (now && !now.zombie && now.startTicks === p.startTicks) alive.set(p.pid, now);
  }
  return [...alive.values()];
}
