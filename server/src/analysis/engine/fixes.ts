// Quick fixes shared by the lifecycle rules. Every edit keeps the code gofmt-clean: new lines are indented with the
// acquisition line's own indentation and inserted after any trailing comment, never in the middle of a line.
import { enclosingLoop, rangeOf, statementsOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import type { Position, QuickFix } from '../types';
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

function isErrorCheck(statement: SyntaxNode | undefined, errName: string | null): boolean {
  if (statement?.type !== 'if_statement' || !errName || statement.childForFieldName('initializer')) return false;
  return statement.childForFieldName('condition')?.text.replace(/\s+/g, ' ') === `${errName} != nil`;
}

/** Inserts `line` (e.g. `defer f.Close()`) after the acquisition, or after its `if err != nil {…}` check. */
export function deferAfterCheck(file: GoFile, acquired: Acquisition, line: string, title = `Add \`${line}\``): QuickFix | null {
  const statement = acquired.statement;
  const holder = statement?.parent;
  if (!statement || !holder || holder.type !== 'statement_list' || enclosingLoop(statement)) return null;
  const siblings = statementsOf(holder.parent);
  const next = siblings[siblings.findIndex((s) => s.id === statement.id) + 1];
  const anchor = isErrorCheck(next, acquired.errName) ? next : statement;
  const at = endOfLine(file.text, anchor);
  return { title, edits: [{ range: { start: at, end: at }, newText: `\n${indentOf(file.text, statement)}${line}` }] };
}

/** `ctx, _ := context.WithTimeout(…)` → `ctx, cancel := …` plus `defer cancel()` (when `cancel` is a free name). */
export function keepCancel(file: GoFile, acquired: Acquisition, name: string): QuickFix | null {
  const blank = acquired.blank;
  const statement = acquired.statement;
  if (!blank || statement?.type !== 'short_var_declaration' || statement.parent?.type !== 'statement_list' || enclosingLoop(statement)) return null;
  if (new RegExp(`\\b${name}\\b`).test(acquired.fn?.text ?? '')) return null;
  const at = endOfLine(file.text, statement);
  return {
    title: `Keep the ${name} function and add \`defer ${name}()\``,
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
  if (/\bticker\b/.test(acquired.fn?.text ?? '')) return null;
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
