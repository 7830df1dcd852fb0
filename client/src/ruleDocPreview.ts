// Rule pages in VS Code: the server would ask the editor to show the page (window/showDocument) and its hovers link the
// page's file, both of which open the raw, hard-wrapped .md from the install folder as an editable tab. The client runs
// "Open documentation of <rule>" itself and points the hover's link at that command, so the bundled page is shown
// rendered and read-only, in the Markdown preview.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { OPEN_RULE_DOC_COMMAND } from '../../server/src/protocol/analysis';

/** A markdown link to a bundled rule page: `](file:///…/docs/rules/<rule-id>.md)`. */
const RULE_PAGE_LINK = /\]\((file:[^)\s]*\/docs\/rules\/[a-z0-9-]+\.md)\)/g;

export const ruleDocPreviewMiddleware: Pick<Middleware, 'executeCommand' | 'provideHover'> = {
  async executeCommand(command, args, next) {
    const [href] = args as unknown[];
    if (command !== OPEN_RULE_DOC_COMMAND || typeof href !== 'string' || !href.startsWith('file:')) return next(command, args);
    return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(href));
  },
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    if (!hover) return hover;
    return new vscode.Hover(
      hover.contents.map((part) => (part instanceof vscode.MarkdownString ? linkToPreview(part) : part)),
      hover.range,
    );
  },
};

/** The same markdown with rule-page links turned into links that run the (trusted) open-documentation command. */
function linkToPreview(markdown: vscode.MarkdownString): vscode.MarkdownString {
  const value = markdown.value.replace(
    RULE_PAGE_LINK,
    (_, href: string) => `](command:${OPEN_RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([href]))})`,
  );
  if (value === markdown.value) return markdown;
  const linked = new vscode.MarkdownString(value, markdown.supportThemeIcons);
  linked.isTrusted = { enabledCommands: [OPEN_RULE_DOC_COMMAND] };
  return linked;
}
