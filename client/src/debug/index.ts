// The debug-session handle panel: session tracking, the Handles view, growth alerts, runtime evidence and commands.
import * as vscode from 'vscode';
import { registerHandlesCommands } from './commands';
import { registerGrowthAlerts } from './growth-alerts';
import { HANDLES_VIEW_ID, HandlesViewProvider } from './handles-view';
import { registerRuntimeEvidence } from './runtime-evidence';
import { SessionRegistry } from './session-registry';

export function registerDebugHandles(context: vscode.ExtensionContext): void {
  const registry = new SessionRegistry();
  const view = new HandlesViewProvider(registry);
  context.subscriptions.push(
    registry,
    view,
    vscode.window.registerWebviewViewProvider(HANDLES_VIEW_ID, view),
    registerGrowthAlerts(registry),
    registerRuntimeEvidence(registry),
    registerHandlesCommands(registry),
  );
}
