// The debug-session handle panel: session tracking, the Handles view, growth alerts, runtime evidence and commands.
import * as vscode from 'vscode';
import { registerHandlesCommands } from './commands';
import type { RuntimeEvidenceStore } from './evidence-store';
import { registerGrowthAlerts } from './growth-alerts';
import { HANDLES_VIEW_ID, HandlesViewProvider } from './handles-view';
import { registerRuntimeEvidence } from './runtime-evidence';
import { SessionRegistry } from './session-registry';
import type { WalkthroughProgress } from '../walkthrough/progress';

/** `runtimeEvidence` is the store the language client's middleware reads to append evidence to LeakLens hints. */
export function registerDebugHandles(context: vscode.ExtensionContext, runtimeEvidence: RuntimeEvidenceStore, walkthrough: WalkthroughProgress): void {
  const registry = new SessionRegistry();
  const view = new HandlesViewProvider(registry);
  context.subscriptions.push(
    registry,
    view,
    vscode.window.registerWebviewViewProvider(HANDLES_VIEW_ID, view),
    registerGrowthAlerts(registry),
    // The walkthrough's step: a session's handle counts were sampled (and shown: sampling runs while the view is visible).
    registry.onDidSample(() => walkthrough.done('watchedHandles')),
    registerRuntimeEvidence(registry, runtimeEvidence),
    registerHandlesCommands(registry),
  );
}
