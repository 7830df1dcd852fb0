// Extension entry: starts the LeakLens language client and registers each feature.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerAuthoring } from './authoring';
import { registerHealthChecks } from './checks';
import { registerDebugHandles } from './debug';
import { RuntimeEvidenceStore } from './debug/evidence-store';
import { registerGoplsDeduplication } from './goplsDedup';
import { createLanguageClient } from './languageClient';
import { registerLanguageStatus } from './languageStatus';
import { registerWorkspaceScan } from './scanWorkspace';
import { createOutput, logStartup, showError } from './output';
import { registerServerCommands } from './serverCommands';
import { WalkthroughProgress } from './walkthrough/progress';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = createOutput(context);
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

  const started = client;
  context.subscriptions.push(
    started.onDidChangeState((e) => {
      if (e.newState === State.Running) logStartup(context, started);
    }),
  );
  try {
    await client.start();
  } catch (err) {
    // Health checks and debug handles work without the server: report and keep the extension active.
    output.error(`The LeakLens language server did not start: ${String(err)}`);
    void showError('LeakLens: the language server did not start; see LeakLens: Show Output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
