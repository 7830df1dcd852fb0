// LeakLens: Restart Server and LeakLens: Show Output.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { showError } from './output';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerServerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      try {
        await (client.isRunning() ? client.restart() : client.start());
      } catch (err) {
        output.error(`Restarting the language server failed: ${String(err)}`);
        void showError('LeakLens: the language server did not restart; see LeakLens: Show Output.');
      }
    }),
  );
}
