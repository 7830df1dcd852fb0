// Linux: everything about a process that /proc tells without the process's help.
// Reads are synchronous on purpose: procfs is generated in memory by the kernel (no disk I/O), and one sample costs well
// under a millisecond, less than the thread-pool round trips of the async API would.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { ProcessGoneError, ProcessUnreadableError, errorCode } from './errors';
import type { FdCounts, OsCounts, ProcessIdentity } from './types';

const PROC = '/proc';
const PF_KTHREAD = 0x00200000;

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  flags: number;
  /** Clock ticks since boot; unique together with the PID. */
  startTime: string;
}

/** Throws ProcessGoneError / ProcessUnreadableError with a message a user understands. */
function failure(pid: number, err: unknown): Error {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ESRCH') return new ProcessGoneError(pid);
  if (code === 'EACCES' || code === 'EPERM') return new ProcessUnreadableError(pid, 'permission denied (run as the same user as the debuggee)');
  return err instanceof Error ? err : new Error(String(err));
}

export function parseStat(text: string): ProcStat {
  // The command name (field 2) is in parentheses and may itself contain spaces and ')': split after the last ')'.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).trim().split(' ');
  if (close < 0 || fields.length < 20) throw new Error(`unexpected /proc stat line: ${text.slice(0, 80)}`);
  return {
    pid: Number.parseInt(text, 10),
    state: fields[0],
    ppid: Number(fields[1]),
    flags: Number(fields[6]),
    startTime: fields[19],
  };
}

export function readStat(pid: number): ProcStat {
  try {
    return parseStat(readFileSync(`${PROC}/${pid}/stat`, 'latin1'));
  } catch (err) {
    throw failure(pid, err);
  }
}

/** The PID plus its start time; throws when the PID is not a live user-space process. */
export function linuxIdentity(pid: number): ProcessIdentity {
  const stat = readStat(pid);
  if (stat.state === 'Z' || stat.state === 'X') throw new ProcessGoneError(pid, 'has exited (a zombie not yet reaped by its parent)');
  if (stat.flags & PF_KTHREAD) throw new ProcessUnreadableError(pid, 'it is a kernel thread, which has no file descriptors or memory of its own');
  return { pid, startTime: stat.startTime };
}

/** Throws ProcessGoneError when the PID now belongs to a different process than the one identified earlier. */
export function assertSameProcess(identity: ProcessIdentity): void {
  const stat = readStat(identity.pid);
  if (identity.startTime !== undefined && stat.startTime !== identity.startTime) {
    throw new ProcessGoneError(identity.pid, 'has exited and the PID was reused by another process');
  }
  if (stat.state === 'Z' || stat.state === 'X') throw new ProcessGoneError(identity.pid, 'has exited');
}

export function classifyFdTarget(target: string, counts: FdCounts): void {
  counts.total++;
  if (target.startsWith('socket:')) counts.sockets++;
  else if (target.startsWith('pipe:')) counts.pipes++;
  else if (target.startsWith('/')) counts.files++;
  else counts.other++;
}

/** The fd targets (`socket:[123]`, `/tmp/x`, …) of a process, and the fds whose target may not be read. */
interface FdTargets {
  targets: string[];
  unreadable: number;
  reason?: string;
}

function readFdTargets(pid: number): FdTargets {
  let names: string[];
  try {
    names = readdirSync(`${PROC}/${pid}/fd`);
  } catch (err) {
    throw failure(pid, err);
  }
  return readTargets(names, (name) => readlinkSync(`${PROC}/${pid}/fd/${name}`));
}

/**
 * Reads each fd's target. An fd closed after readdir listed it (ENOENT) is no longer open: not counting it is right.
 * Any other failure (EACCES, EPERM) leaves the fd open but unknown: it is counted as such, with the reason.
 */
export function readTargets(names: readonly string[], readlink: (name: string) => string): FdTargets {
  const result: FdTargets = { targets: [], unreadable: 0 };
  for (const name of names) {
    try {
      result.targets.push(readlink(name));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT') continue;
      result.unreadable++;
      result.reason ??= code === 'EACCES' || code === 'EPERM' ? `permission denied (${code}): run as the same user as the process` : String(code ?? err);
    }
  }
  return result;
}

function statusField(status: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(status);
  return match?.[1].trim();
}

function readFdLimit(pid: number): number | undefined {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`${PROC}/${pid}/limits`, 'latin1'));
    return match && match[1] !== 'unlimited' ? Number(match[1]) : undefined;
  } catch {
    return undefined; // Only decoration in the view; the counts stand without it.
  }
}

export function readLinuxCounts(identity: ProcessIdentity): OsCounts {
  const { pid } = identity;
  assertSameProcess(identity);
  const fds: FdCounts = { total: 0, files: 0, sockets: 0, pipes: 0, other: 0 };
  const { targets, unreadable, reason } = readFdTargets(pid);
  for (const target of targets) classifyFdTarget(target, fds);
  if (unreadable > 0) {
    fds.total += unreadable;
    fds.unknown = { count: unreadable, reason: reason ?? 'unreadable' };
  }
  let status: string;
  try {
    status = readFileSync(`${PROC}/${pid}/status`, 'latin1');
  } catch (err) {
    throw failure(pid, err);
  }
  const rssKb = statusField(status, 'VmRSS');
  // A process that exited between the reads has no VmRSS any more: report it gone rather than a bogus zero.
  if (rssKb === undefined) throw new ProcessGoneError(pid, 'has exited');
  // Re-check after reading: if the PID was reused meanwhile, these numbers belong to someone else.
  assertSameProcess(identity);
  return {
    fds,
    threads: Number(statusField(status, 'Threads') ?? 0),
    rssBytes: Number.parseInt(rssKb, 10) * 1024,
    fdLimit: readFdLimit(pid),
  };
}

/** Direct children of a process: how the debuggee of a Delve that sends no `process` event is found. */
export function listChildPids(ppid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync(PROC)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseStat(readFileSync(`${PROC}/${name}/stat`, 'latin1'));
      if (stat.ppid === ppid && stat.state !== 'Z') children.push(stat.pid);
    } catch {
      // Processes come and go while /proc is listed; one that vanished is not a child any more.
    }
  }
  return children.sort((a, b) => a - b);
}

/** The inode numbers of the process's sockets (`socket:[INODE]` fd targets). */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const target of readFdTargets(pid).targets) {
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  return inodes;
}

export interface ListeningPort {
  port: number;
  /** The loopback host to reach it on. */
  host: '127.0.0.1' | '::1';
}

const TCP_LISTEN = '0A';
const IPV4_LOOPBACK_PREFIX = '7F'; // 127.0.0.0/8; /proc prints IPv4 addresses as little-endian hex, so 127 is the last byte.
const IPV4_ANY = '00000000';
const IPV6_LOOPBACK = '00000000000000000000000001000000';
const IPV6_ANY = '00000000000000000000000000000000';

/**
 * Parses /proc/PID/net/tcp or tcp6: the listening sockets whose inode is in `inodes` and that are reachable over loopback
 * (bound to loopback or to every address).
 */
export function parseListeningPorts(table: string, inodes: Set<string>, ipv6: boolean): ListeningPort[] {
  const ports: ListeningPort[] = [];
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== TCP_LISTEN || !inodes.has(cols[9])) continue;
    const [address, portHex] = cols[1].split(':');
    const reachable = ipv6
      ? address === IPV6_LOOPBACK || address === IPV6_ANY
      : address.endsWith(IPV4_LOOPBACK_PREFIX) || address === IPV4_ANY;
    if (reachable) ports.push({ port: Number.parseInt(portHex, 16), host: ipv6 && address === IPV6_LOOPBACK ? '::1' : '127.0.0.1' });
  }
  return ports;
}

/** TCP ports the process listens on that loopback reaches, in the order the kernel lists them. */
export function listeningLoopbackPorts(pid: number): ListeningPort[] {
  const inodes = socketInodes(pid);
  if (inodes.size === 0) return [];
  const ports: ListeningPort[] = [];
  for (const [file, ipv6] of [['tcp', false], ['tcp6', true]] as const) {
    try {
      ports.push(...parseListeningPorts(readFileSync(`${PROC}/${pid}/net/${file}`, 'latin1'), inodes, ipv6));
    } catch {
      // A kernel without IPv6 has no tcp6 table.
    }
  }
  return ports;
}
