// Finds a debug session's debuggee PID, in this order:
//   1. the DAP `process` event's systemProcessId (Delve ≥ 1.24.1 on launch, debugpy), seen by our tracker;
//   2. configuration.processId of an attach configuration;
//   3. js-debug: the child session's name "… [PID]", else `evaluate` of process.pid while it runs;
//   4. a Delve that sends no process event: the child of a `dlv` process started by this extension host.
// (The "Set Debuggee PID…" command overrides all of them; see session-registry.ts.)
import * as vscode from 'vscode';
import type { DapObserver } from '../../../shared/src/handles/dap-observer';
import { delveDebuggees, pidFromConfiguration, pidFromSessionName } from '../../../shared/src/handles/pid-discovery';

export interface FoundPid {
  pid: number;
  source: string;
}

const JS_DEBUG_TYPES = new Set(['pwa-node', 'node', 'node-terminal', 'pwa-extensionHost']);
const EVALUATE_TIMEOUT_MS = 2000;

export function isJsDebug(session: vscode.DebugSession): boolean {
  return JS_DEBUG_TYPES.has(session.type);
}

export function isGo(session: vscode.DebugSession): boolean {
  return session.type === 'go';
}

/** A custom DAP request with a deadline: an adapter that never answers must not stall discovery or sampling. */
export async function requestWithTimeout<T>(session: vscode.DebugSession, command: string, args: unknown, timeoutMs = EVALUATE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(session.customRequest(command, args) as Thenable<T>),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${command}: no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function evaluateProcessPid(session: vscode.DebugSession): Promise<number | undefined> {
  try {
    const answer = await requestWithTimeout<{ result?: string }>(session, 'evaluate', { expression: 'process.pid', context: 'watch' });
    const pid = Number(answer.result);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // The launcher (parent) session of js-debug cannot evaluate; its child can.
  }
}

export async function discoverPid(session: vscode.DebugSession, observer: DapObserver, claimed: ReadonlySet<number>): Promise<FoundPid | undefined> {
  if (observer.processEventPid) return { pid: observer.processEventPid, source: 'process event' };
  if (session.configuration.request === 'attach') {
    const pid = pidFromConfiguration(session.configuration.processId);
    if (pid) return { pid, source: 'attach configuration' };
  }
  if (isJsDebug(session)) {
    const fromName = pidFromSessionName(session.name);
    if (fromName) return { pid: fromName, source: 'session name' };
    if (session.parentSession && observer.state === 'running') {
      const evaluated = await evaluateProcessPid(session);
      if (evaluated) return { pid: evaluated, source: 'evaluate process.pid' };
    }
    return undefined;
  }
  if (isGo(session) && observer.state !== 'starting') {
    const pid = delveDebuggees(process.pid).find((candidate) => !claimed.has(candidate));
    if (pid) return { pid, source: 'child of dlv' };
  }
  return undefined;
}
