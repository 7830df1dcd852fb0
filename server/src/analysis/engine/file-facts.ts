// Per-file facts computed once and shared by every lifecycle rule: the imports, and the candidate calls found by one
// regular-expression pass over the text. Walking every syntax node through the wasm boundary costs more than parsing,
// so the engine only ever touches the few nodes a candidate name points at.
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { rootOf, topLevelDeclarations, type Imports } from '../ast';

export interface FileFacts {
  file: GoFile;
  imports: Imports;
  /** The `package` clause name, '' when missing. */
  packageName: string;
  /** Offsets of the names of `x.Name(` calls in the text by name, from one regular-expression pass (callsNamed). */
  callOffsets: Map<string, number[]>;
  /** The call expressions already resolved by callsNamed(), by name. */
  callsByName: Map<string, SyntaxNode[]>;
  /** Memo for the text regexes of receivers.ts, keyed by pattern source. */
  textMemo: Map<string, boolean>;
}

/** `.Name(` of an exported name: every acquiring call a resource kind starts from looks like this. */
const CANDIDATE_CALL = /\.([A-Z]\w*)\s*\(/g;

const cache = new WeakMap<GoFile, FileFacts>();

export function factsOf(file: GoFile): FileFacts {
  let facts = cache.get(file);
  if (!facts) {
    facts = computeFacts(file);
    cache.set(file, facts);
  }
  return facts;
}

function computeFacts(file: GoFile): FileFacts {
  const { imports, packageName } = topLevelDeclarations(file.tree);
  const callOffsets = new Map<string, number[]>();
  for (const match of file.text.matchAll(CANDIDATE_CALL)) {
    const offsets = callOffsets.get(match[1]);
    if (offsets) offsets.push(match.index + 1);
    else callOffsets.set(match[1], [match.index + 1]);
  }
  return { file, imports, packageName, callOffsets, callsByName: new Map(), textMemo: new Map() };
}

/**
 * The call expressions `x.name(…)` of the file, in source order. Only the names some kind asks for are looked up in
 * the tree: walking every syntax node through the wasm boundary costs more than parsing.
 */
export function callsNamed(facts: FileFacts, name: string): SyntaxNode[] {
  let calls = facts.callsByName.get(name);
  if (calls) return calls;
  calls = [];
  const root = rootOf(facts.file.tree);
  for (const nameStart of facts.callOffsets.get(name) ?? []) {
    const field = root.descendantForIndex(nameStart, nameStart + name.length);
    const selector = field?.type === 'field_identifier' ? field.parent : null;
    const call = selector?.type === 'selector_expression' ? selector.parent : null;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === selector!.id) calls.push(call);
  }
  facts.callsByName.set(name, calls);
  return calls;
}

/** Does the file's text match the regex `source`? Memoised per file: many nodes of a file ask the same question. */
export function textHas(facts: FileFacts, source: string): boolean {
  let found = facts.textMemo.get(source);
  if (found === undefined) {
    found = new RegExp(source).test(facts.file.text);
    facts.textMemo.set(source, found);
  }
  return found;
}
