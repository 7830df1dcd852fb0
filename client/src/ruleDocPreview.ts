// "Open documentation of <rule>" in VS Code: the server would ask the editor to show the page (window/showDocument),
// which opens the raw, hard-wrapped .md from the install folder as an editable tab. The client runs the command itself
// and shows the bundled page rendered and read-only, in the Markdown preview.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { OPEN_RULE_DOC_COMMAND } from '../../server/src/protocol/analysis';

export const ruleDocPreviewMiddleware: Pick<Middleware, 'executeCommand'> = {
  async executeCommand(command, args, next) {
    const [href] = args as unknown[];
    if (command !== OPEN_RULE_DOC_COMMAND || typeof href !== 'string' || !href.startsWith('file:')) return next(command, args);
    return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(href));
  },
};
