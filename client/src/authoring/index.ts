// Authoring: the "New Automation Script…" command. (Snippets and the walkthrough are contributed by package.json.)
import * as vscode from 'vscode';
import { NEW_SCRIPT_COMMAND_ID } from './command-id';
import { newScript } from './new-script';

export function registerAuthoring(context: vscode.ExtensionContext): void {
  const command = vscode.commands.registerCommand(NEW_SCRIPT_COMMAND_ID, () => newScript(context.extensionPath));
  context.subscriptions.push(command);
}
