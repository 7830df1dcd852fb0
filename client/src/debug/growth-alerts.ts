// One "possible leak" notification per debug session, naming the counters marked (not one per counter or sample);
// later growth shows in the Handles view only.
import * as vscode from 'vscode';
import { COMMANDS, VIEW_FOCUS_COMMANDS } from '../commands';
import { possibleLeakMessage } from './leak-notice';
import type { SessionRegistry } from './session-registry';
import type { TrackedSession } from './tracked-session';

const SHOW_STACKS = 'Show Top Goroutine Stacks';
const SHOW_VIEW = 'Show Handles';

export function registerGrowthAlerts(registry: SessionRegistry): vscode.Disposable {
  const alerted = new Set<string>();
  const onSample = registry.onDidSample(({ session }) => {
    if (alerted.has(session.session.id)) return;
    const message = possibleLeakMessage(session.session.name, session.counters);
    if (message === undefined) return;
    alerted.add(session.session.id);
    void notify(session, message);
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
