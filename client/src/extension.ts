// Extension entry: starts the LeakLens language client and registers each feature.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerAuthoring } from './authoring';
import { registerHealthChecks } from './checks';
import { registerDebugHandles } from './debug';
import { RuntimeEvidenceStore } from './debug/evidence-store';
import { registerGoplsDeduplication } from './goplsDedup';
import { createLanguageClient } from './languageClient';
import { registerLanguageStatus } from './languageStatus';
import { registerWorkspaceScan } from './scanWorkspace';
import { registerServerCommands } from './serverCommands';
import { WalkthroughProgress } from './walkthrough/progress';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('LeakLens', { log: true });
  context.subscriptions.push(output);
  // Debug sessions' runtime evidence, which the client's middleware appends to the LeakLens hints it covers.
  const runtimeEvidence = new RuntimeEvidenceStore();
  client = createLanguageClient(context, output, runtimeEvidence);
  registerServerCommands(context, client, output);
  registerLanguageStatus(context, client);
  registerWorkspaceScan(context, client);
  registerGoplsDeduplication(context, client);
  const walkthrough = new WalkthroughProgress(context.globalState);
  context.subscriptions.push(walkthrough.register());
  registerHealthChecks(context, client, walkthrough);
  registerDebugHandles(context, runtimeEvidence, walkthrough);
  registerAuthoring(context);
  // Features register notification handlers before the client starts and send requests only from commands and events.

  try {
    await client.start();
  } catch (err) {
    // Health checks and debug handles work without the server: report and keep the extension active.
    output.error(`The LeakLens language server did not start: ${String(err)}`);
    void vscode.window.showErrorMessage('LeakLens: the language server did not start; see LeakLens: Show Output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
