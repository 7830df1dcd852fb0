// Authoring: the "New Automation Script…" command. (Snippets and the walkthrough are contributed by package.json.)
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { newScript } from './new-script';

export function registerAuthoring(context: vscode.ExtensionContext): void {
  const command = vscode.commands.registerCommand(COMMANDS.newScript, () => newScript(context.extensionPath));
  context.subscriptions.push(command);
}
