// One notification per session and counter when it is marked "possible leak" (not one per sample).
import * as vscode from 'vscode';
import { formatRate, PROVEN_LEAKS_COUNTER, type CounterState } from './counters';
import type { SessionRegistry } from './session-registry';
import type { TrackedSession } from './tracked-session';

const SHOW_STACKS = 'Show Top Goroutine Stacks';
const SHOW_VIEW = 'Show Handles';

export function registerGrowthAlerts(registry: SessionRegistry): vscode.Disposable {
  const alerted = new Map<string, Set<string>>();
  const onSample = registry.onDidSample(({ session }) => {
    let seen = alerted.get(session.session.id);
    if (!seen) alerted.set(session.session.id, (seen = new Set()));
    for (const counter of newlyLeaking(seen, session.counters)) {
      if (counter.id === PROVEN_LEAKS_COUNTER) void notifyProven(session.session.name, counter.current);
      else void notify(session, counter.label, formatRate(counter.slopePerMinute, counter.unit));
    }
  });
  const onEnd = registry.onDidEnd((session) => alerted.delete(session.session.id));
  return vscode.Disposable.from(onSample, onEnd);
}

/** The counters marked as leaking that were not alerted yet (they are remembered in `seen`). */
export function newlyLeaking(seen: Set<string>, counters: readonly CounterState[]): CounterState[] {
  const fresh = counters.filter((c) => c.possibleLeak && !seen.has(c.id));
  for (const c of fresh) seen.add(c.id);
  return fresh;
}

async function notify(tracked: TrackedSession, label: string, rate: string): Promise<void> {
  const actions = tracked.latestStacks().length > 0 ? [SHOW_STACKS, SHOW_VIEW] : [SHOW_VIEW];
  const choice = await vscode.window.showWarningMessage(
    `LeakLens: possible leak in "${tracked.session.name}": ${label} keeps growing (${rate}).`,
    ...actions,
  );
  if (choice === SHOW_STACKS) await vscode.commands.executeCommand('leaklens.debug.showTopStacks', tracked.session.id);
  if (choice === SHOW_VIEW) await vscode.commands.executeCommand('leaklens.handles.focus');
}

export async function notifyProven(name: string, goroutines: number): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    `LeakLens: leak in "${name}" proven by the Go runtime: ${goroutines} goroutine${goroutines === 1 ? '' : 's'} blocked forever.`,
    SHOW_VIEW,
  );
  if (choice === SHOW_VIEW) await vscode.commands.executeCommand('leaklens.handles.focus');
}
