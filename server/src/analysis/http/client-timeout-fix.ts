// Quick fix for no-timeout: add `Timeout: 10 * time.Second` to an http.Client literal, importing "time" when needed.
import type { Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import type { QuickFix, TextEdit } from '../types';
import { addStandardImport } from '../syntax/add-import';

export function addClientTimeoutFix(literal: SyntaxNode, root: SyntaxNode, text: string, imports: Imports): QuickFix | null {
  const body = literal.childForFieldName('body');
  if (!body) return null;
  const timeName = imports.get('time')?.[0];
  const timeout = `Timeout: 10 * ${timeName ?? 'time'}.Second`;
  const elements = body.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const open = { line: body.startPosition.row, character: body.startPosition.column + 1 };
  let edit: TextEdit;
  if (body.startPosition.row === body.endPosition.row) {
    if (body.namedChildren.some((c) => c?.type === 'comment')) return null;
    const close = { line: body.endPosition.row, character: body.endPosition.column - 1 };
    edit = { range: { start: close, end: close }, newText: elements.length > 0 ? `, ${timeout}` : timeout };
  } else {
    const lines = text.split('\n');
    const openLine = lines[open.line] ?? '';
    if (openLine.slice(open.character).trim() !== '') return null; // a comment after `{`: leave the layout to the user
    const closeLine = lines[body.endPosition.row] ?? '';
    const indent = `${/^\s*/.exec(closeLine)?.[0] ?? ''}\t`;
    // A blank line after the new field keeps gofmt from realigning the existing `key: value` column.
    edit = { range: { start: open, end: open }, newText: `\n${indent}${timeout},${elements.length > 0 ? '\n' : ''}` };
  }
  const edits = [edit];
  if (!timeName) {
    const importEdit = addStandardImport(root, 'time');
    if (!importEdit) return null;
    edits.unshift(importEdit);
  }
  return { title: 'Add Timeout: 10 * time.Second to the http.Client', edits };
}
