// Code actions on LeakLens diagnostics: the finding's own quick fixes, "Suppress <rule> here" and "Open documentation".
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isRuleId } from '../../analysis/registry';
import type { Finding } from '../../analysis/types';
import { ruleDocHref } from '../../analysis/ruleDocs';
import { DIAGNOSTIC_SOURCE } from './toDiagnostic';

/** Executed by the server (window/showDocument); arguments: [href]. */
export const OPEN_RULE_DOC_COMMAND = 'leaklens.openRuleDoc';

/** The suppression comment the quick fix inserts; the syntax is the one analysis/suppressions.ts understands. */
export function suppressionComment(ruleId: string): string {
  return `//leaklens:ignore ${ruleId} explain why this does not leak`;
}

export function leakLensCodeActions(doc: TextDocument, params: CodeActionParams, findings: readonly Finding[]): CodeAction[] {
  // Every action here is a quick fix: answer nothing when the client asks only for other kinds (e.g. source actions).
  const only = params.context.only;
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || kind === CodeActionKind.Empty)) return [];
  const fixes: CodeAction[] = [];
  const others: CodeAction[] = [];
  const documented = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
    const rule = diagnostic.code;
    const finding = findings.find((f) => f.rule === rule && sameRange(f.range, diagnostic.range));
    finding?.fixes.forEach((fix, i) =>
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0,
        edit: { changes: { [doc.uri]: fix.edits } },
      }),
    );
    if (!isRuleId(rule)) continue;
    others.push(suppressAction(doc, diagnostic, rule));
    const href = ruleDocHref(rule);
    if (href && !documented.has(rule)) {
      documented.add(rule);
      others.push({
        title: `Open documentation of ${rule}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Open documentation of ${rule}`, command: OPEN_RULE_DOC_COMMAND, arguments: [href] },
      });
    }
  }
  return [...fixes, ...others];
}

/** Inserts the suppression comment on its own line above the diagnostic's line, with that line's indentation. */
function suppressAction(doc: TextDocument, diagnostic: Diagnostic, rule: string): CodeAction {
  const line = diagnostic.range.start.line;
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indentation = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = { line, character: 0 };
  return {
    title: `Suppress ${rule} here`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [doc.uri]: [{ range: { start: at, end: at }, newText: `${indentation}${suppressionComment(rule)}\n` }] } },
  };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
