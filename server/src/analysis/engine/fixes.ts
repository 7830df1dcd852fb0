// Quick fixes shared by the lifecycle rules. Every edit keeps the code gofmt-clean: new lines are indented with the
// acquisition line's own indentation and inserted after any trailing comment, never in the middle of a line.
import { descendantsOfType, enclosingFunction, enclosingLoop, rangeOf, statementsOf } from '../ast';
import { isAloneOnLine, lineText } from '../concurrency/syntax';
import { clauseLeavesLoop } from '../flow/exits';
import { factsOf } from './file-facts';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import type { Position, QuickFix, TextEdit } from '../types';
import type { Acquisition } from './lifecycle';

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function indentOf(text: string, node: SyntaxNode): string {
  const start = lineStart(text, node.startIndex);
  return /^[ \t]*/.exec(text.slice(start, node.startIndex))![0];
}

/** The end of the line on which `node` ends (before any \r). */
function endOfLine(text: string, node: SyntaxNode): Position {
  let end = text.indexOf('\n', node.endIndex);
  if (end < 0) end = text.length;
  if (end > 0 && text[end - 1] === '\r') end--;
  return { line: node.endPosition.row, character: end - lineStart(text, node.endIndex) };
}

/** `if err != nil { …; return }` with no initializer and no else: after it, the acquisition succeeded. */
function isErrorCheck(file: GoFile, statement: SyntaxNode | undefined, errName: string | null): boolean {
  if (statement?.type !== 'if_statement' || !errName || statement.childForFieldName('initializer')) return false;
  if (statement.childForFieldName('alternative')) return false;
  if (statement.childForFieldName('condition')?.text.replace(/\s+/g, ' ') !== `${errName} != nil`) return false;
  const consequence = statement.childForFieldName('consequence');
  return consequence !== null && clauseLeavesLoop(consequence, factsOf(file).imports);
}

/** `x, _ := f()`: the error is thrown away, so the resource may be nil when the call failed. */
function errorDiscarded(statement: SyntaxNode): boolean {
  const left = statement.childForFieldName('left');
  const names = left?.namedChildren.filter((c): c is SyntaxNode => c !== null) ?? [];
  return names.length >= 2 && names[names.length - 1].text === '_';
}

/** Removes `statement`'s lines, and a blank line above them when one is also below (gofmt keeps one blank line at most). */
function removeStatement(file: GoFile, statement: SyntaxNode): TextEdit | null {
  if (!isAloneOnLine(file.text, statement)) return null;
  const first = statement.startPosition.row;
  const last = statement.endPosition.row;
  const blank = (row: number): boolean => row >= 0 && lineText(file.text, row).trim() === '';
  const from = blank(first - 1) && blank(last + 1) ? first - 1 : first;
  return { range: { start: { line: from, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
}

/** The statement as written with its trailing comment, from its first character to the end of its last line. */
function statementLines(file: GoFile, statement: SyntaxNode): string {
  const rows = [];
  for (let row = statement.startPosition.row; row <= statement.endPosition.row; row++) rows.push(lineText(file.text, row));
  return rows.join('\n').slice(statement.startPosition.column).trimEnd();
}

/** `defer func() { … }()` with no arguments: a deferred closure. */
function deferredClosureOf(node: SyntaxNode): SyntaxNode | null {
  const literal = enclosingFunction(node);
  const call = literal?.type === 'func_literal' ? literal.parent : null;
  if (call?.type !== 'call_expression' || call.childForFieldName('arguments')?.namedChildCount !== 0) return null;
  return call.parent?.type === 'defer_statement' ? call.parent : null;
}

/** The statement in `list` that a release call belongs to, and whether it is a defer (kept, moved) or a plain call (removed). */
function releaseStatement(call: SyntaxNode, list: SyntaxNode): { statement: SyntaxNode; deferred: boolean } | null {
  const parent = call.parent;
  if (parent?.type === 'defer_statement') return parent.parent?.id === list.id ? { statement: parent, deferred: true } : null;
  const closure = deferredClosureOf(call);
  if (closure) return closure.parent?.id === list.id ? { statement: closure, deferred: true } : null;
  const discarded = parent?.type === 'expression_list' && parent.parent?.type === 'assignment_statement' ? parent.parent : null;
  const statement = parent?.type === 'expression_statement' ? parent : discarded?.childForFieldName('left')?.text === '_' ? discarded : null;
  return statement && statement.parent?.id === list.id ? { statement, deferred: false } : null;
}

/**
 * Releases the acquisition with `line` (e.g. `defer resp.Body.Close()`) as soon as it succeeded: after its
 * `if err != nil { return … }`, or after the call when no error comes back. Never leaves a resource released twice: a
 * `defer` of the same release later in the block is moved up, and a plain Close later in the block is removed. Close
 * must not run twice, so a Close elsewhere (in a branch) means no fix; cancel and Stop functions may run twice, by
 * contract, so their plain calls stay.
 * When the error is discarded (`resp, _ :=`) the defer runs only for a non-nil resource. No fix inside loops (a defer
 * there runs at function exit, not per iteration) or when the error is checked in a form this cannot follow.
 */
export function deferAfterCheck(file: GoFile, acquired: Acquisition, line: string): QuickFix | null {
  const statement = acquired.statement;
  const holder = statement?.parent;
  if (!statement || !holder || holder.type !== 'statement_list' || enclosingLoop(statement) || !acquired.fn) return null;
  const siblings = statementsOf(holder.parent);
  const next = siblings[siblings.findIndex((s) => s.id === statement.id) + 1];
  const checked = isErrorCheck(file, next, acquired.errName);
  if (acquired.errName && !checked) return null;
  const anchor = checked ? next : statement;

  const releaseCall = line.replace(/^defer\s+/, '');
  const closeOnce = /\.Close\(\)$/.test(releaseCall);
  const releases: { statement: SyntaxNode; deferred: boolean }[] = [];
  for (const call of descendantsOfType(acquired.fn, ['call_expression'])) {
    if (call.startIndex < anchor.endIndex || call.text.replace(/\s+/g, '') !== releaseCall) continue;
    const found = releaseStatement(call, holder);
    // A plain cancel() or Stop() may stay where it is (it releases early; the defer covers the other paths).
    if (found && (found.deferred || closeOnce)) releases.push(found);
    else if (!found && closeOnce) return null;
  }
  const moved = releases.filter((r) => r.deferred);
  if (moved.length > 1) return null;

  const indent = indentOf(file.text, statement);
  const movedText = moved[0] ? statementLines(file, moved[0].statement) : line;
  const guarded = statement.type !== 'if_statement' && errorDiscarded(statement) && acquired.name;
  const inserted = guarded ? `if ${acquired.name} != nil {\n${indent}\t${movedText.replace(/\n/g, '\n\t')}\n${indent}}` : movedText;
  const removals = releases.map((r) => removeStatement(file, r.statement));
  if (removals.some((r) => r === null)) return null;
  const at = endOfLine(file.text, anchor);
  const where = checked ? ' after the error check' : guarded ? ` when ${acquired.name} is not nil` : '';
  const title = moved[0]
    ? `Move the deferred ${releaseCall} up${where || ' to the call'}`
    : `Add ${line}${where}${releases.length > 0 ? ` and remove the later ${releaseCall}` : ''}`;
  return {
    title,
    edits: [{ range: { start: at, end: at }, newText: `\n${indent}${inserted}` }, ...(removals as TextEdit[])],
  };
}

/** An identifier `name` in `fn` (comments and strings do not count): the name is taken. */
function declaresOrUses(fn: SyntaxNode | null, name: string): boolean {
  return fn !== null && descendantsOfType(fn, 'identifier').some((n) => n.text === name);
}

/** `ctx, _ := context.WithTimeout(…)` → `ctx, cancel := …` plus `defer cancel()` (when `cancel` is a free name). */
export function keepCancel(file: GoFile, acquired: Acquisition, name: string): QuickFix | null {
  const blank = acquired.blank;
  const statement = acquired.statement;
  if (!blank || statement?.type !== 'short_var_declaration' || statement.parent?.type !== 'statement_list' || enclosingLoop(statement)) return null;
  if (declaresOrUses(acquired.fn, name)) return null;
  const at = endOfLine(file.text, statement);
  return {
    title: `Keep the ${name} function and add defer ${name}()`,
    edits: [
      { range: rangeOf(blank), newText: name },
      { range: { start: at, end: at }, newText: `\n${indentOf(file.text, statement)}defer ${name}()` },
    ],
  };
}

/** `for range time.Tick(d)` → `ticker := time.NewTicker(d)` + `defer ticker.Stop()` + `for range ticker.C`. */
export function tickToTicker(file: GoFile, acquired: Acquisition): QuickFix | null {
  const statement = acquired.statement;
  const call = acquired.call;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!statement || statement.parent?.type !== 'statement_list' || enclosingLoop(statement) || !fn || !args) return null;
  if (declaresOrUses(acquired.fn, 'ticker')) return null;
  const pkg = fn.childForFieldName('operand')?.text ?? 'time';
  const indent = indentOf(file.text, statement);
  const start = rangeOf(statement).start;
  return {
    title: 'Use time.NewTicker and stop it when the function returns',
    edits: [
      { range: { start, end: start }, newText: `ticker := ${pkg}.NewTicker${args.text}\n${indent}defer ticker.Stop()\n${indent}` },
      { range: rangeOf(call), newText: 'ticker.C' },
    ],
  };
}
