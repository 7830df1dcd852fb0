// Quick fixes for no-timeout: add `Timeout: 10 * time.Second` to an http.Client literal, or send a call made through
// http.DefaultClient (http.Get, http.DefaultClient.Do) through a package-level client that has that Timeout; importing
// "time" when needed.
import { descendantsOfType, rangeOf, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import type { Position, QuickFix, TextEdit } from '../types';
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
  const edits = withTimeImport([edit], fileSite(root, text), timeName);
  return edits && { title: 'Add Timeout: 10 * time.Second to the http.Client', edits };
}

/** `edits` preceded by the edit that imports "time", unless the file has it; null when that import cannot be added. */
function withTimeImport(edits: TextEdit[], site: FileSite, timeName: string | undefined): TextEdit[] | null {
  if (timeName) return edits;
  return site.timeImport ? [site.timeImport, ...edits] : null;
}

/**
 * What every fix in one file needs to know about the whole file, found once per tree: a file with a thousand
 * DefaultClient calls would otherwise walk the whole tree once per call.
 */
interface FileSite {
  /** The edit that imports "time" (null when it cannot be added or is there). */
  timeImport: TextEdit | null;
  /** `var httpClient = &http.Client{… Timeout: …}` is declared at package level. */
  declaresTimeoutClient: boolean;
  /** The name httpClient is used for something else, so no fix may declare it. */
  nameTaken: boolean;
  /** Where the client's declaration goes: the first declaration after the imports. */
  declarationAt: Position | null;
}

const fileSites = new WeakMap<object, FileSite>();

function fileSite(root: SyntaxNode, text: string): FileSite {
  const known = fileSites.get(root.tree);
  if (known) return known;
  const declarations = root.namedChildren.filter((c): c is SyntaxNode => c !== null);
  const afterImports = declarations.length - [...declarations].reverse().findIndex((c) => c.type === 'import_declaration');
  const first = afterImports <= declarations.length ? declarations.slice(afterImports).find((c) => c.type !== 'ERROR') : undefined;
  const declares = declaresTimeoutClient(declarations);
  const site: FileSite = {
    timeImport: addStandardImport(root, 'time'),
    declaresTimeoutClient: declares,
    nameTaken: !declares && new RegExp(`\\b${TIMEOUT_CLIENT_NAME}\\b`).test(text),
    declarationAt: first ? { line: first.startPosition.row, character: 0 } : null,
  };
  fileSites.set(root.tree, site);
  return site;
}

/** The package-level client the DefaultClient fix declares (once per file) and calls through. */
export const TIMEOUT_CLIENT_NAME = 'httpClient';

/**
 * `http.Get(url)` → `httpClient.Get(url)` (also `http.DefaultClient.Do(req)` → `httpClient.Do(req)`) plus
 * `var httpClient = &http.Client{Timeout: 10 * time.Second}` before the first declaration after the imports. A file that
 * already declares that variable at package level is only re-pointed; one that uses the name otherwise gets no fix.
 */
export function useTimeoutClientFix(call: SyntaxNode, root: SyntaxNode, text: string, imports: Imports): QuickFix | null {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'selector_expression' ? callee.childForFieldName('operand') : null;
  const httpName = imports.get('net/http')?.[0];
  if (!receiver || !httpName) return null;
  const timeName = imports.get('time')?.[0];
  const repoint: TextEdit = { range: rangeOf(receiver), newText: TIMEOUT_CLIENT_NAME };
  const title = `Send it through ${TIMEOUT_CLIENT_NAME}, an http.Client with Timeout: 10 * time.Second`;
  const site = fileSite(root, text);
  if (site.declaresTimeoutClient) return { title, edits: [repoint] };
  const at = site.declarationAt;
  if (site.nameTaken || !at) return null;
  const declaration = `var ${TIMEOUT_CLIENT_NAME} = &${httpName}.Client{Timeout: 10 * ${timeName ?? 'time'}.Second}\n\n`;
  const edits = withTimeImport([{ range: { start: at, end: at }, newText: declaration }, repoint], site, timeName);
  return edits && { title, edits };
}

/** `var httpClient = &http.Client{… Timeout: …}` at package level: the fix's own declaration (or the same, by hand). */
function declaresTimeoutClient(declarations: readonly SyntaxNode[]): boolean {
  return declarations.some(
    (c) =>
      c?.type === 'var_declaration' &&
      descendantsOfType(c, 'var_spec').some(
        (spec) =>
          spec.childForFieldName('name')?.text === TIMEOUT_CLIENT_NAME &&
          /^&\s*\w+\.Client\s*\{[^]*\bTimeout\s*:/.test(spec.childForFieldName('value')?.text ?? ''),
      ),
  );
}
