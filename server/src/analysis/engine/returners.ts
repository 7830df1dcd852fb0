// Functions that return a resource they acquired (`func get(u string) (*http.Response, error) { return
// client.Get(u) }`): their callers acquire it in turn, so calls to them are traced like the constructor itself. And
// functions that return what another function returns (`return openLocked(p)`): the package resolves those
// (summaries.ts), through its own files and the module packages it imports.
import { descendantsOfType, enclosingFunction, packageCall } from '../ast';
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

/** A call whose result may be returned: after `return`, `:=` or `=`, to a function or a package's function. */
const RETURNED_CALL = /(?:\breturn\s+|:?=\s*)([A-Za-z_]\w*)(?:\.([A-Z]\w*))?\s*\(/g;
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
  const root = facts.file.tree.rootNode;
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration') continue;
    const result = decl.childForFieldName('result');
    const body = decl.childForFieldName('body');
    const name = decl.childForFieldName('name')?.text;
    if (!name || !body || !result || !resultType.test(facts.file.text.slice(result.startIndex, result.endIndex))) continue;
    const callees: string[] = [];
    for (const m of facts.file.text.slice(body.startIndex, body.endIndex).matchAll(RETURNED_CALL)) {
      const start = body.startIndex + m.index + m[0].length - m[0].replace(/^(?:return\s+|:?=\s*)/, '').length;
      const id = root.descendantForIndex(start, start + m[1].length);
      const callee = calleeKey(id, m[2], facts);
      if (callee && !callees.includes(callee) && isReturned(callee.includes('.') ? id!.parent!.parent! : id!.parent!, decl)) callees.push(callee);
    }
    if (callees.length > 0) forwards.set(name, callees);
  }
  return forwards;
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
  const root = facts.file.tree.rootNode;
  for (const m of facts.file.text.matchAll(pattern)) {
    const id = root.descendantForIndex(m.index, m.index + m[1].length);
    const call = id?.type === 'identifier' ? id.parent : null;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === id!.id) calls.push(call);
  }
  return calls;
}
