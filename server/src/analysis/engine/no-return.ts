// Same-package functions that never return: `func fatal(err error) { log.Fatal(err) }`, `func usage() { …; os.Exit(2) }`.
// A call to one ends the path like log.Fatal itself. Only functions without results whose last statement is an exit
// call, an endless `for {`, or `select {}` are walked, so the cost stays proportional to those few.
import { statementsOf } from '../ast';
import { EXIT_NAMES_PATTERN } from '../syntax/exits';
import type { SyntaxNode } from '../parser';
import type { FileFacts } from './file-facts';
import { releaseOnlyKind } from './kinds';
import { OPEN, PathWalker } from './paths';

const MENTIONS_EXIT = new RegExp(`\\b${EXIT_NAMES_PATTERN}\\s*\\(`);
/** Files without any exit call, endless loop or select cannot declare a function that never returns. */
const MAY_HAVE_NO_RETURN = new RegExp(`\\b${EXIT_NAMES_PATTERN}\\s*\\(|\\bfor\\s*\\{|\\bselect\\s*\\{`);

/** Nothing is tracked: the walk only asks whether any path reaches a return or the closing brace. */
const EXITS_ONLY = releaseOnlyKind([], []);

const cache = new WeakMap<FileFacts, Set<string>>();

export function noReturnFunctions(facts: FileFacts): Set<string> {
  let names = cache.get(facts);
  if (names) return names;
  names = new Set();
  // Cached before the walks: a walk that meets a call to another helper of this file sees the set as it stands.
  cache.set(facts, names);
  if (!MAY_HAVE_NO_RETURN.test(facts.file.text)) return names;
  for (const decl of facts.file.tree.rootNode.namedChildren) {
    if (decl?.type !== 'function_declaration') continue;
    const body = decl.childForFieldName('body');
    if (!body || !mayNeverReturn(body, facts) || decl.childForFieldName('result')) continue;
    const name = decl.childForFieldName('name')?.text;
    if (name && neverReturns(body, facts)) names.add(name);
  }
  return names;
}

/** Cheap necessary condition: the body ends in an exit call, `for {`, or `select {}` (the text is sliced, not fetched). */
function mayNeverReturn(body: SyntaxNode, facts: FileFacts): boolean {
  let last = body.lastNamedChild;
  if (last?.type === 'statement_list') last = last.lastNamedChild;
  if (last?.type === 'comment') last = statementsOf(body).at(-1) ?? null;
  if (!last) return false;
  const text = facts.file.text.slice(last.startIndex, last.endIndex);
  if (last.type === 'for_statement') return /^for\s*\{/.test(text);
  if (last.type === 'select_statement') return /^select\s*\{\s*\}$/.test(text);
  return last.type === 'expression_statement' && MENTIONS_EXIT.test(text);
}

function neverReturns(body: SyntaxNode, facts: FileFacts): boolean {
  const walker = new PathWalker({ name: null, kind: EXITS_ONLY, errName: null, acquisition: body, facts }, false);
  return walker.runBody(body, OPEN) && walker.leaks.size === 0;
}
