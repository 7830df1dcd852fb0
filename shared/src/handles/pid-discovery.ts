// Finding the debuggee's PID where the debug adapter does not say it (see client/src/debug/pid-resolver.ts for the order).
import { readFileSync, readlinkSync } from 'node:fs';
import { listChildPids } from './procfs';

/** js-debug names its child session after the process: "app.js [12345]". */
export function pidFromSessionName(name: string): number | undefined {
  const match = /\[(\d+)\]\s*$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** `configuration.processId` of an attach configuration: a number, or a numeric string (not "${command:pickProcess}"). */
export function pidFromConfiguration(processId: unknown): number | undefined {
  const pid = typeof processId === 'number' ? processId : typeof processId === 'string' && /^\d+$/.test(processId) ? Number(processId) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function commandName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return undefined;
  }
}

/**
 * The debuggees of the `dlv` processes started by `parentPid` (VS Code's Go extension starts `dlv dap` as a child of the
 * extension host): each dlv's child that is not the `go build` it runs first. Highest PID (usually the newest) first.
 */
export function delveDebuggees(parentPid: number): number[] {
  if (process.platform !== 'linux') return [];
  const debuggees: number[] = [];
  for (const dlv of listChildPids(parentPid).filter((pid) => commandName(pid) === 'dlv')) {
    debuggees.push(...delveChildren(dlv));
  }
  return debuggees.sort((a, b) => b - a);
}

function executable(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/**
 * The children of one dlv process that are its debuggee: not the `go build` it may be running, and not its own helper
 * processes (Delve ≥ 1.22 forks itself as "dlv ** telemetry **").
 */
export function delveChildren(dlvPid: number): number[] {
  if (process.platform !== 'linux') return [];
  const dlvExecutable = executable(dlvPid);
  return listChildPids(dlvPid).filter((pid) => commandName(pid) !== 'go' && executable(pid) !== dlvExecutable);
}
