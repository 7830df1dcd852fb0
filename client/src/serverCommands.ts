// LeakLens: Restart Server and LeakLens: Show Output.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerServerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('leaklens.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('leaklens.restartServer', async () => {
      try {
        await (client.isRunning() ? client.restart() : client.start());
      } catch (err) {
        output.error(`Restarting the language server failed: ${String(err)}`);
        void vscode.window.showErrorMessage('LeakLens: the language server did not restart; see LeakLens: Show Output.');
      }
    }),
  );
}
