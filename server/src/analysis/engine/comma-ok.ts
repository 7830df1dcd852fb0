// "Comma-ok" helpers: `func open(p string) (*os.File, uint64, bool)` whose every `return …, false` returns a literal
// nil for the resource. A caller's `f, ino, ok := open(p); if !ok { return }` then leaves with nothing open, exactly
// like `if err != nil` after a constructor. Only the helper's body proves it: every return statement is read, and one
// the walk cannot read (a bare return of named results, a forwarded call, a computed bool) proves nothing.
import { descendantsOfType, enclosingFunction, rootOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { FileFacts } from './file-facts';

const cache = new WeakMap<FileFacts, Map<string, number[]>>();

/** A result list whose last type is bool, written `bool)` at its end: the text decides before the tree is read. */
const ENDS_IN_BOOL = /\bbool\s*\)$/;
const ENDS_IN_BOOL_ANYWHERE = /\bbool\s*\)/;

/**
 * Top-level function name → the indices of the results that are a literal nil on every `return …, false` of the
 * function (memoised per file). Functions with no such return, or a return the body does not spell out, are absent.
 */
export function nilWhenFalse(facts: FileFacts): Map<string, number[]> {
  let found = cache.get(facts);
  if (found) return found;
  found = new Map();
  cache.set(facts, found);
  // Most files declare no function whose results end in bool: one text test spares reading each declaration.
  if (!ENDS_IN_BOOL_ANYWHERE.test(facts.file.text)) return found;
  for (const decl of rootOf(facts.file.tree).namedChildren) {
    if (decl?.type !== 'function_declaration') continue;
    const result = decl.childForFieldName('result');
    const body = decl.childForFieldName('body');
    const name = decl.childForFieldName('name')?.text;
    if (!name || !body || result?.type !== 'parameter_list' || !ENDS_IN_BOOL.test(facts.file.text.slice(result.startIndex, result.endIndex))) continue;
    const indices = nilIndicesOnFalse(decl, body, resultCount(result));
    if (indices.length > 0) found.set(name, indices);
  }
  return found;
}

/** `(f *os.File, a, b int, ok bool)` counts 4: each name is a result; an unnamed type is one. */
function resultCount(list: SyntaxNode): number {
  let count = 0;
  for (const declaration of list.namedChildren) {
    if (declaration?.type !== 'parameter_declaration') continue;
    count += Math.max(1, declaration.childrenForFieldName('name').length);
  }
  return count;
}

/** The result indices nil on every `return …, false` of `fn` itself (not of its closures); [] when unproven. */
function nilIndicesOnFalse(fn: SyntaxNode, body: SyntaxNode, count: number): number[] {
  if (count < 2) return [];
  let nilOnEveryFalse: number[] | null = null;
  for (const statement of descendantsOfType(body, 'return_statement')) {
    if (enclosingFunction(statement)?.id !== fn.id) continue;
    const values = statement.namedChildren.find((c) => c?.type === 'expression_list')?.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
    // A bare return of named results, or `return helper(p)`: what it returns is not written here.
    if (values.length !== count) return [];
    const ok = values[count - 1]!;
    if (ok.type === 'true') continue;
    if (ok.type !== 'false') return [];
    const nils = values.flatMap((v, i) => (v?.type === 'nil' ? [i] : []));
    nilOnEveryFalse = nilOnEveryFalse === null ? nils : nilOnEveryFalse.filter((i) => nils.includes(i));
  }
  return nilOnEveryFalse ?? [];
}
