// One "possible leak" notification per debug session, naming the counters marked (not one per counter or sample);
// later growth shows in the Handles view only. A leak the Go runtime proved (its goroutineleak profile) is told once too.
import * as vscode from 'vscode';
import { COMMANDS, VIEW_FOCUS_COMMANDS } from '../commands';
import { dueAlerts, provenLeakMessage, type AlertsSent } from './leak-notice';
import type { SessionRegistry } from './session-registry';
import type { TrackedSession } from './tracked-session';

const SHOW_STACKS = 'Show Top Goroutine Stacks';
const SHOW_VIEW = 'Show Handles';

export function registerGrowthAlerts(registry: SessionRegistry): vscode.Disposable {
  const alerted = new Map<string, AlertsSent>();
  const onSample = registry.onDidSample(({ session }) => {
    let sent = alerted.get(session.session.id);
    if (!sent) alerted.set(session.session.id, (sent = new Set()));
    const due = dueAlerts(sent, session.session.name, session.counters);
    if (due.provenGoroutines !== undefined) void notifyProven(session.session.name, due.provenGoroutines);
    if (due.possibleLeak !== undefined) void notify(session, due.possibleLeak);
  });
  const onEnd = registry.onDidEnd((session) => alerted.delete(session.session.id));
  return vscode.Disposable.from(onSample, onEnd);
}

async function notify(tracked: TrackedSession, message: string): Promise<void> {
  const actions = tracked.latestStacks().length > 0 ? [SHOW_VIEW, SHOW_STACKS] : [SHOW_VIEW];
  const choice = await vscode.window.showWarningMessage(message, ...actions);
  if (choice === SHOW_STACKS) await vscode.commands.executeCommand(COMMANDS.showTopStacks, tracked.session.id);
  if (choice === SHOW_VIEW) await vscode.commands.executeCommand(VIEW_FOCUS_COMMANDS.handles);
}

/** Also used for leak-watched programs, which are not debug sessions. */
export async function notifyProven(name: string, goroutines: number): Promise<void> {
  const choice = await vscode.window.showWarningMessage(provenLeakMessage(name, goroutines), SHOW_VIEW);
  if (choice === SHOW_VIEW) await vscode.commands.executeCommand(VIEW_FOCUS_COMMANDS.handles);
}
