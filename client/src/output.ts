// The LeakLens output channel: the start-up line (startup-line.ts) and every error the extension shows, so that the
// output tells what happened after the notification is gone.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { changedSettings, startupLine } from './startup-line';

let channel: vscode.LogOutputChannel | undefined;

export function createOutput(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('LeakLens', { log: true });
  context.subscriptions.push(channel, { dispose: () => (channel = undefined) });
  return channel;
}

/** Shows `message` as an error notification and logs it. */
export function showError(message: string, ...actions: string[]): Thenable<string | undefined> {
  channel?.error(message);
  return vscode.window.showErrorMessage(message, ...actions);
}

/** Logs the start-up line; called after each (re)start of the language server. */
export function logStartup(context: vscode.ExtensionContext, client: LanguageClient): void {
  const manifest = context.extension.packageJSON as {
    version: string;
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const defaults = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([key, spec]) => [key, spec.default]));
  const configuration = vscode.workspace.getConfiguration();
  channel?.info(
    startupLine({
      version: manifest.version,
      serverPid: client.serverProcess?.pid,
      nodeVersion: process.version,
      folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      changedSettings: changedSettings(defaults, (key) => configuration.get(key)),
    }),
  );
}
