// Code actions on LeakLens diagnostics: the finding's own quick fixes, "Suppress <rule> here" and "Open documentation";
// and `source.fixAll.leaklens`, every finding's preferred fix in one edit (as ESLint's fixAll, for codeActionsOnSave).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range,
  type SnippetTextEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isRuleId } from '../../analysis/registry';
import { UNUSED_SUPPRESSION, type Finding } from '../../analysis/types';
import { ruleDocHref } from '../../analysis/ruleDocs';
import { OPEN_RULE_DOC_COMMAND } from '../../protocol/analysis';
import { DIAGNOSTIC_SOURCE } from './toDiagnostic';

/** Applies every auto-fixable finding of a file: `"editor.codeActionsOnSave": { "source.fixAll.leaklens": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.leaklens`;

/** The reason the suppression quick fix leaves for the user to replace. */
export const SUPPRESSION_PLACEHOLDER = 'explain why this does not leak';

/** The suppression comment the quick fix inserts; the syntax is the one analysis/suppressions.ts understands. */
export function suppressionComment(ruleId: string, reason = SUPPRESSION_PLACEHOLDER): string {
  return `//leaklens:ignore ${ruleId} ${reason}`;
}

export interface CodeActionOptions {
  /** The client applies LSP 3.18 snippet edits (`workspace.workspaceEdit.snippetEditSupport`). */
  snippetEdits: boolean;
}

/** True when the client asked for `kind` or for a parent of it (`source` covers `source.fixAll.leaklens`). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((k) => k === CodeActionKind.Empty || kind === k || kind.startsWith(`${k}.`));
}

export function leakLensCodeActions(
  doc: TextDocument,
  params: CodeActionParams,
  findings: readonly Finding[],
  options: CodeActionOptions = { snippetEdits: false },
): CodeAction[] {
  const only = params.context.only;
  const fixAll = wanted(only, FIX_ALL_KIND) ? fixAllAction(doc, findings) : null;
  if (!wanted(only, CodeActionKind.QuickFix)) return fixAll ? [fixAll] : [];
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
    others.push(suppressAction(doc, diagnostic, rule, options));
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
  return [...fixes, ...others, ...(fixAll ? [fixAll] : [])];
}

/**
 * The first fix of every finding, in document order, skipping a fix whose edits overlap one already taken (the next
 * save fixes it). Identical edits (the same import added by two fixes) are applied once. Unused-suppression hints are
 * left alone: deleting a comment the user wrote, with its reason, is not a fix to apply unasked. Null when nothing is fixable.
 */
function fixAllAction(doc: TextDocument, findings: readonly Finding[]): CodeAction | null {
  const taken: TextEdit[] = [];
  const ordered = [...findings].sort((a, b) => doc.offsetAt(a.range.start) - doc.offsetAt(b.range.start));
  for (const finding of ordered) {
    const fix = finding.rule === UNUSED_SUPPRESSION ? undefined : finding.fixes[0];
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => overlaps(doc, t.range, e.range)))) continue;
    taken.push(...fresh);
  }
  if (taken.length === 0) return null;
  return { title: 'Fix all auto-fixable LeakLens findings', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: taken } } };
}

/**
 * Inserts the suppression comment on its own line above the diagnostic's line, with that line's indentation. With
 * snippet edits the placeholder reason is selected, so the user types the reason at once.
 */
function suppressAction(doc: TextDocument, diagnostic: Diagnostic, rule: string, options: CodeActionOptions): CodeAction {
  const line = diagnostic.range.start.line;
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indentation = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = { line, character: 0 };
  const range = { start: at, end: at };
  const edit: WorkspaceEdit = options.snippetEdits
    ? {
        documentChanges: [
          {
            textDocument: { uri: doc.uri, version: doc.version },
            edits: [{ range, snippet: { kind: 'snippet', value: `${indentation}${suppressionComment(rule, `\${1:${SUPPRESSION_PLACEHOLDER}}`)}\n` } } satisfies SnippetTextEdit],
          },
        ],
      }
    : { changes: { [doc.uri]: [{ range, newText: `${indentation}${suppressionComment(rule)}\n` }] } };
  return { title: `Suppress ${rule} here`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return sameRange(a.range, b.range) && a.newText === b.newText;
}

/** Two ranges overlap, or are both insertions at the same place (their order would be undefined). */
function overlaps(doc: TextDocument, a: Range, b: Range): boolean {
  const [aStart, aEnd, bStart, bEnd] = [a.start, a.end, b.start, b.end].map((p) => doc.offsetAt(p));
  if (aStart === bStart) return true;
  return aStart < bEnd && bStart < aEnd;
}
