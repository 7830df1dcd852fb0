// Functions that return a resource they acquired (`func get(u string) (*http.Response, error) { return
// client.Get(u) }`): their callers acquire it in turn, so calls to them are traced like the constructor itself. And
// functions that return what another function returns (`return openLocked(p)`): the package resolves those
// (summaries.ts), through its own files and the module packages it imports.
import { descendantsOfType, enclosingFunction, packageCall, rootOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { FileFacts } from './file-facts';
import { acquisitionsOf, type ResourceKind } from './kinds';

const cache = new WeakMap<FileFacts, { kinds: readonly ResourceKind[]; returners: Map<string, string> }>();

/**
 * Top-level function name → the key of the kind of resource it returns, for the functions of one file and the given
 * kinds (every rule's, from the registry; memoised per file). Kinds not returnedByHelpers are skipped.
 */
export function resourceReturners(facts: FileFacts, kinds: readonly ResourceKind[]): Map<string, string> {
  const cached = cache.get(facts);
  if (cached?.kinds === kinds) return cached.returners;
  const returners = new Map<string, string>();
  cache.set(facts, { kinds, returners });
  for (const kind of kinds) {
    if (!kind.returnedByHelpers) continue;
    for (const call of acquisitionsOf(kind, facts)) {
      const fn = enclosingFunction(call);
      const name = fn?.type === 'function_declaration' ? fn.childForFieldName('name')?.text : undefined;
      if (name && !returners.has(name) && isReturned(call, fn!)) returners.set(name, kind.key);
    }
  }
  return returners;
}

/**
 * `return callee(` or `v, … := callee(` (also `=`): a call whose result may be returned. The text decides first (a tree
 * lookup costs more than a regular expression); the tree confirms.
 */
const RETURNED_CALL = /(?:\breturn\s+|(?<![.\w])([A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)*\s*:?=\s*)([A-Za-z_]\w*)(?:\.([A-Z]\w*))?\s*\(/g;
const forwardsCache = new WeakMap<FileFacts, { resultType: RegExp; forwards: Map<string, string[]> }>();

/**
 * Top-level function name → the functions whose result it returns ('name' of the same package, or
 * 'import/path.Name'), for the functions whose results can carry a resource (`resultType`); memoised per file.
 */
export function forwardedReturns(facts: FileFacts, resultType: RegExp): Map<string, string[]> {
  const cached = forwardsCache.get(facts);
  if (cached?.resultType === resultType) return cached.forwards;
  const forwards = new Map<string, string[]>();
  forwardsCache.set(facts, { resultType, forwards });
  const root = rootOf(facts.file.tree);
  const aliases = new Set([...facts.imports.values()].flat());
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration') continue;
    const result = decl.childForFieldName('result');
    const body = decl.childForFieldName('body');
    const name = decl.childForFieldName('name')?.text;
    if (!name || !body || !result || !resultType.test(facts.file.text.slice(result.startIndex, result.endIndex))) continue;
    const bodyText = facts.file.text.slice(body.startIndex, body.endIndex);
    const returnsResponse = /\bResponse\b/.test(result.text);
    const callees: string[] = [];
    const returnedNames = new Map<string, boolean>();
    let closures: SyntaxNode[] | undefined;
    for (const m of bodyText.matchAll(RETURNED_CALL)) {
      const [, assigned, first, exported] = m;
      if (exported === undefined ? NOT_RETURNERS.has(first) : !aliases.has(first)) continue;
      if (assigned !== undefined) {
        // `v, err := callee(…)`: only when the body says `return v`, and no closure keeps v.
        if (assigned === '_') continue;
        let returned = returnedNames.get(assigned);
        if (returned === undefined) {
          returned = new RegExp(`\\breturn\\s+${assigned}\\b(?!\\s*[.(\\[])`).test(bodyText);
          if (returned && bodyText.includes('func(')) {
            const mention = new RegExp(`\\b${assigned}\\b`);
            returned = !(closures ??= descendantsOfType(body, 'func_literal')).some((literal) => mention.test(literal.text));
          }
          returnedNames.set(assigned, returned);
        }
        if (!returned) continue;
      }
      const start = body.startIndex + m.index + m[0].length - m[0].slice(m[0].lastIndexOf(first)).length;
      const id = root.descendantForIndex(start, start + first.length);
      const callee = calleeKey(id, exported, facts);
      const call = callee === undefined ? null : exported === undefined ? id!.parent! : id!.parent!.parent!;
      if (callee && call && !callees.includes(callee) && isResultOf(call, assigned) && !(returnsResponse && asksForHead(call, facts))) callees.push(callee);
    }
    if (callees.length > 0) forwards.set(name, callees);
  }
  return forwards;
}

/**
 * `Send("HEAD", url)`, `do(ctx, http.MethodHead, u)`: a call that names the HEAD method among its arguments. The
 * response to a HEAD request has no body (the transport sets http.NoBody and pools the connection before returning),
 * so a function that returns it (`func Head(url string) (*http.Response, error) { return Send("HEAD", url) }`) hands
 * its callers nothing to close.
 */
function asksForHead(call: SyntaxNode, facts: FileFacts): boolean {
  const http = facts.imports.get('net/http') ?? [];
  return (call.childForFieldName('arguments')?.namedChildren ?? []).some(
    (a) => a !== null && (a.text === '"HEAD"' || http.some((name) => a.text === `${name}.MethodHead`)),
  );
}

/** Builtins and conversions: never a function that returns a resource. */
const NOT_RETURNERS = new Set(['make', 'new', 'len', 'cap', 'append', 'string', 'error', 'any', 'func', 'if', 'for', 'switch']);

/** Is `call` the value of a `return`, or (when `assigned`) the right side whose first result goes to `assigned`? */
function isResultOf(call: SyntaxNode, assigned: string | undefined): boolean {
  let list = call.parent;
  while (list?.type === 'parenthesized_expression') list = list.parent;
  if (list?.type !== 'expression_list') return false;
  if (assigned === undefined) return list.parent?.type === 'return_statement';
  const owner = list.parent;
  if (owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') return false;
  const first = owner.childForFieldName('left')?.namedChild(0);
  return first?.type === 'identifier' && first.text === assigned;
}

/** `name(` → 'name'; `pkg.Name(` of an import → 'import/path.Name'; anything else → undefined. */
function calleeKey(id: SyntaxNode | null, exported: string | undefined, facts: FileFacts): string | undefined {
  if (id?.type !== 'identifier') return undefined;
  if (exported === undefined) return id.parent?.type === 'call_expression' && id.parent.childForFieldName('function')?.id === id.id ? id.text : undefined;
  const selector = id.parent;
  const call = selector?.type === 'selector_expression' ? selector.parent : null;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector!.id) return undefined;
  const target = packageCall(call, facts.imports);
  return target ? `${target.importPath}.${target.name}` : undefined;
}

/** `return <call>` or `x, err := <call>` … `return x, …` in the same function. */
function isReturned(call: SyntaxNode, fn: SyntaxNode): boolean {
  let list = call.parent;
  while (list?.type === 'parenthesized_expression') list = list.parent;
  if (list?.type === 'expression_list' && list.parent?.type === 'return_statement') return true;
  const owner = list?.type === 'expression_list' ? list.parent : null;
  if (owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') return false;
  const first = owner.childForFieldName('left')?.namedChild(0);
  if (first?.type !== 'identifier' || first.text === '_') return false;
  const body = fn.childForFieldName('body');
  const returned = new RegExp(`\\breturn\\s+${first.text}\\b(?!\\s*[.(\\[])`);
  if (!body || !returned.test(body.text)) return false;
  // A resource also handed to a closure (t.Cleanup(func(){ f.Close() })) is not the caller's to release.
  const mention = new RegExp(`\\b${first.text}\\b`);
  return !descendantsOfType(body, 'func_literal').some((literal) => mention.test(literal.text));
}

/** Calls `name(…)` in the file of every function in `names`, in source order. */
export function callsTo(facts: FileFacts, names: readonly string[]): SyntaxNode[] {
  if (names.length === 0) return [];
  const calls: SyntaxNode[] = [];
  const pattern = new RegExp(`(?<![.\\w])(${names.join('|')})\\s*\\(`, 'g');
  const root = rootOf(facts.file.tree);
  for (const m of facts.file.text.matchAll(pattern)) {
    const id = root.descendantForIndex(m.index, m.index + m[1].length);
    const call = id?.type === 'identifier' ? id.parent : null;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === id!.id) calls.push(call);
  }
  return calls;
}
