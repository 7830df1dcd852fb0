// What the three sync.Pool rules share, computed in one walk per tree and cached for the other two: which names are
// pools, every Get and Put on them, and the writes and resets of the objects taken out.
import { ancestorOfType, isCompositeLiteralOf, isQualifiedType, methodCall, nodesAtMatches, packageCall, rootOf, unparen, walk, type Imports } from '../ast';
import { KEYWORDS_AND_BUILTINS } from '../flow/call-sites';
import { functionScope, outermostFunction } from '../flow/functions';
import type { SyntaxNode, Tree } from '../parser';
import { factsOf } from '../engine/file-facts';
import type { GoFile } from '../rule';
import { assignedTo, literalKeyOf } from '../syntax/assignments';

export interface PoolGet {
  pool: string;
  call: SyntaxNode;
  /** The variable the object is bound to (`buf` in `buf := pool.Get().(*bytes.Buffer)`), or null. */
  name: string | null;
  scope: number;
}

export interface PoolPut {
  pool: string;
  call: SyntaxNode;
  argument: SyntaxNode | null;
  /** The variable whose object is put back: `buf` for `Put(buf)`, `Put(&b)` and `Put(b[:0])`. */
  name: string | null;
  /** The deferred statement or deferred closure this Put runs in, when it runs at function exit. */
  deferredIn: SyntaxNode | null;
  scope: number;
}

export interface ObjectEvent {
  kind: 'write' | 'reset';
  node: SyntaxNode;
  /** The deferred statement or closure the event sits in: it runs at function exit, not in source order. */
  deferredIn: SyntaxNode | null;
}

export interface PoolFacts {
  imports: Imports;
  gets: PoolGet[];
  puts: PoolPut[];
  /** Writes and resets of Get-bound variables, in source order, keyed by scopedName(). */
  events: Map<string, ObjectEvent[]>;
  /** Variables (keyed by scopedName()) whose declared type is not a pointer: slice, array, string or struct. */
  nonPointerVariables: Map<string, string>;
}

export const scopedName = (scope: number, name: string): string => `${scope}|${name}`;

const WRITE_METHODS = ['Write', 'WriteString', 'WriteByte', 'WriteRune', 'ReadFrom'];
const RESET_METHODS = ['Reset', 'reset'];
/** Package functions whose first argument is written to (an encoder's writer is written on every Encode). */
const WRITER_FUNCTIONS: ReadonlyArray<[string, readonly string[]]> = [
  ['fmt', ['Fprint', 'Fprintf', 'Fprintln']],
  ['io', ['Copy', 'CopyN', 'CopyBuffer', 'WriteString']],
  ['encoding/json', ['NewEncoder']],
  ['encoding/binary', ['Write']],
];

const cache = new WeakMap<Tree, PoolFacts | null>();

/** The pool facts of a file, or null when it declares no sync.Pool. */
export function poolFacts(file: GoFile): PoolFacts | null {
  if (cache.has(file.tree)) return cache.get(file.tree) ?? null;
  const facts = collect(rootOf(file.tree), file.text, factsOf(file).imports);
  cache.set(file.tree, facts);
  return facts;
}

function isPoolType(typeNode: SyntaxNode | null, imports: Imports): boolean {
  return isQualifiedType(typeNode, imports, 'sync', 'Pool');
}

function isPoolValue(value: SyntaxNode, imports: Imports): boolean {
  const v = value.type === 'unary_expression' ? value.namedChild(0) : value;
  if (!v) return false;
  if (isCompositeLiteralOf(v, imports, 'sync', 'Pool')) return true;
  return v.type === 'call_expression' && v.childForFieldName('function')?.text === 'new' && isPoolType(v.childForFieldName('arguments')?.namedChild(0) ?? null, imports);
}

/** The deferred statement (or the closure a defer runs) around `node` within its function, or null. */
function deferredContext(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'defer_statement') return p;
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return null;
    if (p.type === 'func_literal') {
      const call = p.parent;
      return call?.type === 'call_expression' && call.parent?.type === 'defer_statement' ? call.parent : null;
    }
  }
  return null;
}

/** `buf` for `buf`, `&buf`, `buf[:0]`, `*buf`, `(*buf)[:0]`. */
function rootName(expr: SyntaxNode | null): string | null {
  let e = expr && unparen(expr);
  for (let i = 0; e && i < 4; i++) {
    if (e.type === 'identifier') return e.text;
    if (e.type === 'unary_expression' || e.type === 'parenthesized_expression') e = e.namedChild(0);
    else if (e.type === 'slice_expression') e = e.childForFieldName('operand');
    else return null;
  }
  return null;
}

/** A non-pointer type's kind for messages ("a slice"), or null for pointers, maps, channels, interfaces and unknowns. */
function nonPointerKind(typeNode: SyntaxNode | null): string | null {
  switch (typeNode?.type) {
    case 'slice_type':
      return 'a slice';
    case 'array_type':
      return 'an array';
    case 'struct_type':
      return 'a struct';
    case 'type_identifier':
      return typeNode.text === 'string' ? 'a string' : null;
    default:
      return null;
  }
}

/** Classifies `node` as a write to or reset of the variable `name`, or null. */
function eventOf(node: SyntaxNode, names: (n: string | null) => boolean, imports: Imports): { name: string; kind: 'write' | 'reset' } | null {
  if (node.type === 'call_expression') {
    const method = methodCall(node);
    if (method?.receiver.type === 'identifier' && names(method.receiver.text)) {
      if (WRITE_METHODS.includes(method.method)) return { name: method.receiver.text, kind: 'write' };
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      const truncatesToZero = method.method === 'Truncate' && args[0]?.text === '0';
      if (RESET_METHODS.includes(method.method) || truncatesToZero) return { name: method.receiver.text, kind: 'reset' };
    }
    const target = packageCall(node, imports);
    if (target && WRITER_FUNCTIONS.some(([pkg, fns]) => pkg === target.importPath && fns.includes(target.name))) {
      const destination = rootName(node.childForFieldName('arguments')?.namedChild(0) ?? null);
      if (destination && names(destination)) return { name: destination, kind: 'write' };
    }
    return null;
  }
  if (node.type === 'assignment_statement') {
    // `b = b[:0]` / `*b = (*b)[:0]` reset; `b = append(b, …)` / `*b = append(*b, …)` write.
    const left = node.childForFieldName('left')?.namedChild(0) ?? null;
    const right = node.childForFieldName('right')?.namedChild(0) ?? null;
    const name = rootName(left);
    if (!name || !names(name) || !right) return null;
    if (right.type === 'slice_expression' && rootName(right) === name && !right.childForFieldName('start') && right.childForFieldName('end')?.text === '0') {
      return { name, kind: 'reset' };
    }
    if (right.type === 'call_expression' && right.childForFieldName('function')?.text === 'append' && rootName(right.childForFieldName('arguments')?.namedChild(0) ?? null) === name) {
      return { name, kind: 'write' };
    }
  }
  return null;
}

/** Adds what a `sync.Pool` type mention declares: a pool variable, parameter or struct field. */
function declarePool(mention: SyntaxNode, imports: Imports, poolNames: Set<string>, poolFields: Set<string>): void {
  let typeNode = mention.parent?.type === 'qualified_type' ? mention.parent : null;
  if (!typeNode) return;
  if (typeNode.parent?.type === 'pointer_type') typeNode = typeNode.parent;
  const holder = typeNode.parent;
  if (!holder) return;
  if (holder.type === 'field_declaration' && holder.childForFieldName('type')?.id === typeNode.id) {
    for (const name of holder.childrenForFieldName('name')) if (name) poolFields.add(name.text);
  } else if ((holder.type === 'var_spec' || holder.type === 'parameter_declaration') && holder.childForFieldName('type')?.id === typeNode.id) {
    for (const name of holder.childrenForFieldName('name')) if (name) poolNames.add(name.text);
  } else {
    // sync.Pool{…} or new(sync.Pool), bound to a name or a field.
    const value = holder.type === 'composite_literal' ? holder : holder.type === 'argument_list' ? holder.parent : null;
    if (!value || !isPoolValue(value, imports)) return;
    const target = assignedTo(value);
    const key = literalKeyOf(value);
    if (target?.type === 'identifier') poolNames.add(target.text);
    else if (target?.type === 'selector_expression') poolFields.add(target.childForFieldName('field')?.text ?? '');
    else if (key) poolFields.add(key);
  }
}

function collect(root: SyntaxNode, text: string, imports: Imports): PoolFacts | null {
  const syncNames = imports.get('sync');
  if (!syncNames) return null;
  const poolNames = new Set<string>();
  const poolFields = new Set<string>();
  // Visit only the mentions of sync.Pool and the Get/Put calls, instead of walking the whole tree.
  for (const mention of nodesAtMatches(root, text, new RegExp(`\\b(?:${syncNames.join('|')})\\.Pool\\b`, 'g'))) {
    declarePool(mention, imports, poolNames, poolFields);
  }
  if (poolNames.size === 0 && poolFields.size === 0) return null;

  const poolOf = (receiver: SyntaxNode): string | null => {
    if (receiver.type === 'identifier' && poolNames.has(receiver.text)) return receiver.text;
    if (receiver.type === 'selector_expression' && poolFields.has(receiver.childForFieldName('field')?.text ?? '')) return receiver.text;
    return null;
  };
  const facts: PoolFacts = { imports, gets: [], puts: [], events: new Map(), nonPointerVariables: new Map() };
  const tracked = new Set<string>();
  // Objects of a type the package declares (`.(*TSerializer)`): what its Write does is the package's own code.
  const ownTyped = new Set<string>();
  const scopes = new Map<number, SyntaxNode>();
  for (const at of nodesAtMatches(root, text, /\.(Get|Put)\s*\(/g)) {
    const node = ancestorOfType(at, 'call_expression', 2);
    const method = node && node.childForFieldName('function')?.id === at.parent?.id ? methodCall(node) : null;
    const pool = method ? poolOf(method.receiver) : null;
    if (!node || !method || !pool) continue;
    const scope = functionScope(node);
    const fn = outermostFunction(node);
    if (fn) scopes.set(fn.id, fn);
    if (method.method === 'Get') {
      const assertion = node.parent?.type === 'type_assertion_expression' ? node.parent : null;
      const target = assignedTo(assertion ?? node);
      const name = target?.type === 'identifier' ? target.text : null;
      const assertedType = assertion?.childForFieldName('type') ?? null;
      facts.gets.push({ pool, call: node, name, scope });
      if (name) {
        tracked.add(scopedName(scope, name));
        if (isOwnNamedType(assertedType)) ownTyped.add(scopedName(scope, name));
        const kind = nonPointerKind(assertedType);
        if (kind) facts.nonPointerVariables.set(scopedName(scope, name), kind);
      }
    } else {
      const argument = node.childForFieldName('arguments')?.namedChild(0) ?? null;
      facts.puts.push({ pool, call: node, argument, name: rootName(argument), deferredIn: deferredContext(node), scope });
    }
  }
  // The writes, resets and declarations that matter are in the functions that use the pools: walk only those.
  for (const fn of scopes.values()) {
    walk(fn, (node) => {
      recordDeclaredKind(node, facts, fn.id);
      const event = eventOf(node, (n) => n !== null && tracked.has(scopedName(fn.id, n)), imports);
      if (event && !(event.kind === 'write' && ownTyped.has(scopedName(fn.id, event.name)))) {
        const key = scopedName(fn.id, event.name);
        facts.events.set(key, [...(facts.events.get(key) ?? []), { kind: event.kind, node, deferredIn: deferredContext(node) }]);
      }
    });
  }
  return facts;
}

/**
 * `T` or `*T` where T is a type of this package (an unqualified name, not a predeclared one): its Write methods are the
 * package's own, which may reset the object first (a serializer whose Write starts with `t.Transport.Reset()`); only
 * the standard library's writers are known to append.
 */
function isOwnNamedType(typeNode: SyntaxNode | null): boolean {
  const named = typeNode?.type === 'pointer_type' ? typeNode.namedChild(0) : typeNode;
  return named?.type === 'type_identifier' && !KEYWORDS_AND_BUILTINS.has(named.text);
}

/** Remembers variables declared with a non-pointer type: `var b []byte`, `b []byte` parameters, `b := make([]byte, n)`. */
function recordDeclaredKind(node: SyntaxNode, facts: PoolFacts, scope: number): void {
  if (node.type === 'var_spec' || node.type === 'parameter_declaration') {
    const kind = nonPointerKind(node.childForFieldName('type'));
    if (!kind) return;
    for (const name of node.childrenForFieldName('name')) if (name) facts.nonPointerVariables.set(scopedName(scope, name.text), kind);
  } else if (node.type === 'short_var_declaration') {
    const values = node.childForFieldName('right')?.namedChildren ?? [];
    const names = node.childForFieldName('left')?.namedChildren ?? [];
    values.forEach((value, i) => {
      const kind = value ? kindOfValue(value) : null;
      const name = names[i];
      if (kind && name?.type === 'identifier') facts.nonPointerVariables.set(scopedName(scope, name.text), kind);
    });
  }
}

/** The non-pointer kind of an expression whose type is evident from its syntax, or null. */
export function kindOfValue(value: SyntaxNode): string | null {
  const v = unparen(value);
  if (v.type === 'composite_literal') {
    const type = v.childForFieldName('type');
    return nonPointerKind(type) ?? (type?.type === 'type_identifier' || type?.type === 'qualified_type' ? 'a struct' : null);
  }
  if (v.type === 'slice_expression') return 'a slice';
  if (v.type === 'call_expression') {
    const fn = v.childForFieldName('function')?.text;
    if (fn === 'append') return 'a slice';
    const first = v.childForFieldName('arguments')?.namedChild(0) ?? null;
    if (fn === 'make') return nonPointerKind(first);
    if (fn === '[]byte' || v.childForFieldName('function')?.type === 'slice_type') return 'a slice';
  }
  return null;
}
