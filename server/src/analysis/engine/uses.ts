// What one statement (or expression) does to a tracked resource: releases it, hands it off (escape), ends the
// path (log.Fatal, os.Exit, panic), opens it (cmd.Start), or reassigns the error variable that guards it.
// Scans use explicit stacks and never descend into closures as control flow: a closure is judged as a whole.
import { packageCall, rootOf } from '../ast';
import type { SyntaxNode } from '../parser';
import { callNeverReturns } from '../flow/exits';
import { noReturnFunctions } from '../flow/no-return';
import type { FileFacts } from './file-facts';
import type { ResourceKind } from './kinds';
import type { ParamEffect } from './summaries';
import { fateOf, packageVariables } from '../syntax/value-flow';

export interface UseFacts {
  release: boolean;
  escape: boolean;
  /** The statement ends the path without returning (log.Fatal, os.Exit, panic). */
  exit: boolean;
  opens: boolean;
  /** The error variable assigned from the opening call (`err := cmd.Start()`). */
  openErrName: string | null;
  /** The statement assigns the error variable that guards the acquisition. */
  assignsErr: boolean;
  /** The struct field the resource was stored in (`s.cancel = cancel`), for kinds that check the field is used. */
  storedField: string | null;
  /** A goroutine that keeps using the resource forever (a ticker driving an endless loop). */
  pinnedBy: SyntaxNode | null;
}

/** What the walk asks of helper summaries (engine/summaries.ts): the package's, or a stand-in while summarising. */
export interface HelperEffects {
  /** `fn`: 'helper', '.method' or 'import/path.Name'; undefined when the function is unknown. */
  paramEffect(fn: string, index: number, kind: ResourceKind, passedResource: boolean): ParamEffect | undefined;
  neverReturns(name: string): boolean;
}

export interface Tracked {
  /** The variable holding the resource; null when the resource has no name (time.Tick in a range clause). */
  name: string | null;
  kind: ResourceKind;
  errName: string | null;
  /** The bool of a comma-ok helper that is false only when the resource is nil (engine/comma-ok.ts). */
  okName?: string | null;
  acquisition: SyntaxNode;
  facts: FileFacts;
  summaries?: HelperEffects;
  /** Variables holding the kind's handle field (`p := cmd.Process`), met so far on the walk: `p.Wait()` releases. */
  handleAliases?: string[];
}

/** Calls that read from or print a resource without taking ownership of it. */
const BORROWING_PACKAGES = new Set(['fmt', 'log', 'errors', 'strings', 'strconv', 'bytes', 'unicode/utf8', 'log/slog']);
const BORROWING_FUNCTIONS = new Set([
  'io.ReadAll', 'io.Copy', 'io.CopyN', 'io.CopyBuffer', 'io.ReadFull', 'io.ReadAtLeast', 'io.TeeReader', 'io.LimitReader',
  'io.WriteString', 'io.NopCloser', 'io/ioutil.ReadAll', 'bufio.NewReader', 'bufio.NewReaderSize', 'bufio.NewScanner',
  'bufio.NewWriter', 'bufio.NewWriterSize', 'encoding/json.NewDecoder', 'encoding/json.NewEncoder',
  'encoding/xml.NewDecoder', 'encoding/csv.NewReader', 'encoding/csv.NewWriter', 'net/http/httputil.DumpResponse',
  'os/signal.Notify', 'os/signal.Reset', 'os/signal.Ignore', 'mime/multipart.NewReader', 'compress/gzip.NewReader',
]);
/**
 * Calls of borrowing packages that keep the resource for the rest of the process: the standard logger writes to the
 * writer `log.SetOutput(f)` gives it until the program ends, so the file is its own now, not a borrow.
 */
const KEEPING_FUNCTIONS = new Set(['log.SetOutput']);
/** Borrowing calls whose result wraps the resource (`log.New(f, …)`, `bufio.NewScanner(f)`, `io.TeeReader(r, w)`). */
const WRAPPER_NAME = /^(?:New|TeeReader$|LimitReader$|NopCloser$)/;
const BORROWING_BUILTINS = new Set(['len', 'cap', 'print', 'println']);
const BORROWING_METHODS = new Set(['ReadFrom', 'Write', 'WriteString']);

export function emptyFacts(): UseFacts {
  return { release: false, escape: false, exit: false, opens: false, openErrName: null, assignsErr: false, storedField: null, pinnedBy: null };
}

/** `a.b.c` → ['a', 'b', 'c']; null when the chain does not start at an identifier. */
export function selectorChain(node: SyntaxNode): string[] | null {
  const fields: string[] = [];
  let n: SyntaxNode | null = node;
  while (n?.type === 'selector_expression') {
    const field = n.childForFieldName('field');
    if (!field) return null;
    fields.push(field.text);
    n = n.childForFieldName('operand');
  }
  if (n?.type !== 'identifier') return null;
  fields.push(n.text);
  return fields.reverse();
}

/** Does `call` never return (flow/exits.ts), counting the never-returning functions of the whole package when known? */
export function isExitCall(call: SyntaxNode, facts: FileFacts, summaries?: HelperEffects): boolean {
  const neverReturning = summaries ? (name: string) => summaries.neverReturns(name) : (name: string) => noReturnFunctions(facts.file.tree).has(name);
  return callNeverReturns(call, facts.imports, neverReturning);
}

/** Does `call` release the tracked resource? */
export function isReleaseCall(call: SyntaxNode, t: Tracked): boolean {
  if (!t.name) return false;
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  if (fn.type === 'identifier') return fn.text === t.name && t.kind.releaseMethods.includes('()');
  if (fn.type !== 'selector_expression') return false;
  const chain = selectorChain(fn);
  const handle = t.kind.handleRelease;
  if (handle && chain) {
    const method = chain[chain.length - 1];
    if (chain.length === 3 && chain[0] === t.name && chain[1] === handle.field && handle.methods.includes(method)) return true;
    if (chain.length === 2 && t.handleAliases?.includes(chain[0]) && handle.methods.includes(method)) return true;
  }
  if (chain && chain[0] === t.name) {
    const path = t.kind.resourcePath;
    return chain.length === path.length + 2 && path.every((p, i) => chain[i + 1] === p) && t.kind.releaseMethods.includes(chain[chain.length - 1]);
  }
  if (!t.kind.releaseFunctions) return false;
  const target = packageCall(call, t.facts.imports);
  const first = call.childForFieldName('arguments')?.namedChild(0);
  return target !== null && first?.text === t.name && t.kind.releaseFunctions.some((r) => r.importPath === target.importPath && r.name === target.name);
}

/** `x, err := <call>` or `err = <call>` → the last identifier on the left; null otherwise. */
function errorAssignedFrom(call: SyntaxNode): string | null {
  const list = call.parent;
  const assignment = list?.type === 'expression_list' ? list.parent : null;
  if (assignment?.type !== 'short_var_declaration' && assignment?.type !== 'assignment_statement') return null;
  const left = assignment.childForFieldName('left');
  const last = left?.namedChild(left.namedChildCount - 1);
  return last?.type === 'identifier' && last.text !== '_' ? last.text : null;
}

function isAssignedTo(id: SyntaxNode): boolean {
  const list = id.parent;
  const assignment = list?.type === 'expression_list' ? list.parent : null;
  return (assignment?.type === 'short_var_declaration' || assignment?.type === 'assignment_statement') && assignment.childForFieldName('left')?.id === list!.id;
}

/** Facts of `root` (a statement, or a header expression of one). */
export function scanUses(root: SyntaxNode, t: Tracked): UseFacts {
  // Every fact but an exit comes from an identifier naming the resource or its error variable (a release, an open and a
  // closure's capture all name the resource): a statement whose text does not name the resource is not walked node by
  // node, only asked whether it ends the path and whether it assigns the error variable.
  if (mentionsOf(t.name, root, t).length === 0 && !t.handleAliases?.some((alias) => mentionsOf(alias, root, t).length > 0)) {
    const facts = exitFacts(root, t);
    facts.assignsErr = assignsErrorVariable(root, t);
    return facts;
  }
  const facts = emptyFacts();
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // Each question to a node crosses the wasm boundary: its type is asked once, its children fetched in one call,
    // and an identifier (a token: no children) is not asked for any.
    const type = node.type;
    if (type === 'func_literal') {
      closureFacts(node, t, facts);
      continue;
    }
    if (type === 'identifier') {
      identifierFacts(node, t, facts);
      continue;
    }
    if (type === 'call_expression' && node.id !== t.acquisition.id) callFacts(node, root, t, facts);
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return facts;
}

/**
 * Where an identifier `name` can start in the text of `node`: a token equal to `name` is not preceded or followed by an
 * ASCII letter, digit or underscore (else the token would be longer). Some longer tokens are found too (a non-ASCII
 * letter beside), and mentions in comments and strings: callers look at the node there.
 */
function mentionsOf(name: string | null, node: SyntaxNode, t: Tracked): number[] {
  if (name === null || name === '') return [];
  const text = t.facts.file.text;
  const end = node.endIndex;
  const found: number[] = [];
  for (let at = text.indexOf(name, node.startIndex); at !== -1 && at + name.length <= end; at = text.indexOf(name, at + 1)) {
    if (!isAsciiWordChar(text.charCodeAt(at - 1)) && !isAsciiWordChar(text.charCodeAt(at + name.length))) found.push(at);
  }
  return found;
}

/**
 * Does `root` assign the error variable (outside the closures in it, which the walk judges as a whole)? Looked up at
 * the mentions of the name only.
 */
function assignsErrorVariable(root: SyntaxNode, t: Tracked): boolean {
  return mentionsOf(t.errName, root, t).some((at) => {
    const id = root.namedDescendantForIndex(at, at);
    if (id?.type !== 'identifier' || id.text !== t.errName || !isAssignedTo(id)) return false;
    for (let n: SyntaxNode | null = id; n; n = n.id === root.id ? null : n.parent) if (n.type === 'func_literal') return false;
    return true;
  });
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The facts of a statement that does not name the resource: whether it ends the path. */
function exitFacts(root: SyntaxNode, t: Tracked): UseFacts {
  const facts = emptyFacts();
  if (root.type !== 'expression_statement') return facts;
  for (const child of root.namedChildren) {
    if (child?.type === 'call_expression' && child.id !== t.acquisition.id && isExitCall(child, t.facts, t.summaries)) facts.exit = true;
  }
  return facts;
}

function callFacts(call: SyntaxNode, root: SyntaxNode, t: Tracked, facts: UseFacts): void {
  if (root.type === 'expression_statement' && call.parent?.id === root.id && isExitCall(call, t.facts, t.summaries)) facts.exit = true;
  if (!t.name) return;
  if (isReleaseCall(call, t)) {
    facts.release = true;
    return;
  }
  const fn = call.childForFieldName('function');
  if (t.kind.openMethods && fn?.type === 'selector_expression') {
    const chain = selectorChain(fn);
    if (chain?.length === 2 && chain[0] === t.name && t.kind.openMethods.includes(chain[1])) {
      facts.opens = true;
      facts.openErrName = errorAssignedFrom(call);
    }
  }
}

function identifierFacts(id: SyntaxNode, t: Tracked, facts: UseFacts): void {
  const text = id.text;
  if (t.errName !== null && text === t.errName && isAssignedTo(id)) facts.assignsErr = true;
  if (text !== t.name) return;
  // Climb to the resource itself: for a response that is resp.Body.
  let value = id;
  for (const field of t.kind.resourcePath) {
    const p = value.parent;
    if (p?.type !== 'selector_expression' || p.childForFieldName('field')?.text !== field) break;
    value = p;
  }
  let parent = value.parent;
  // `(x)` and `x.(*tls.Conn)` are still the resource.
  while (parent?.type === 'parenthesized_expression' || (parent?.type === 'type_assertion_expression' && parent.childForFieldName('operand')?.id === value.id)) {
    value = parent;
    parent = parent.parent;
  }
  if (!parent || noteHandleAlias(parent, t)) return;
  // `return &wrapper{*f}`: a copy of the value (an os.File is a pointer to the descriptor's state) put in a literal or
  // returned shares the handle, and whoever holds the copy can close it: handed on like the value itself.
  if (isDereference(parent) && (parent.parent?.type === 'literal_element' || parent.parent?.type === 'return_statement')) {
    value = parent;
    parent = parent.parent;
  }
  // `return f, cmd.Process, nil`, `newWaiter(cmd.Process)`: the handle handed on as a value takes the obligation with it.
  if (isHandle(parent, value, t) && parent.parent && HANDED_ON.has(parent.parent.type)) {
    value = parent;
    parent = parent.parent;
  }
  if (isTimerFired(value, parent, t)) {
    facts.release = true;
    return;
  }
  const handedRelease = releaseMethodValueHandedOn(value, parent, t);
  if (handedRelease === 'deferred') facts.release = true;
  if (handedRelease === 'now') facts.escape = true;
  if (handedRelease) return;
  switch (parent.type) {
    case 'argument_list':
      applyArgument(parent, value, t, facts);
      return;
    case 'return_statement':
      facts.escape = true;
      return;
    case 'expression_list':
      applyListMember(parent, value, facts);
      return;
    case 'literal_element': {
      facts.escape = true;
      const keyed = parent.parent;
      if (keyed?.type === 'keyed_element' && keyed.childForFieldName('value')?.id === parent.id) facts.storedField = keyed.childForFieldName('key')?.text ?? null;
      return;
    }
    case 'send_statement':
      if (parent.childForFieldName('value')?.id === value.id) facts.escape = true;
      return;
    case 'unary_expression':
      if (parent.child(0)?.type === '&') facts.escape = true;
      return;
    default:
  }
}

/**
 * `f.Close` as a value, not called, handed to a call: `defer errs.Capture(&err, f.Close)()`, `t.Cleanup(f.Close)`,
 * `closers = append(closers, f.Close)`. Whoever receives the method value is to call it: in a deferred call that is a
 * release when the function returns ('deferred'), elsewhere the obligation is handed on ('now').
 */
function releaseMethodValueHandedOn(value: SyntaxNode, parent: SyntaxNode, t: Tracked): 'deferred' | 'now' | null {
  if (parent.type !== 'selector_expression' || parent.childForFieldName('operand')?.id !== value.id) return null;
  if (!t.kind.releaseMethods.includes(parent.childForFieldName('field')?.text ?? '')) return null;
  if (parent.parent?.type !== 'argument_list') return null;
  for (let n: SyntaxNode | null = parent.parent; n && n.type !== 'func_literal'; n = n.parent) {
    if (n.type === 'defer_statement') return 'deferred';
    if (n.type.endsWith('_statement') || n.type === 'block') break;
  }
  return 'now';
}

/** Where a value is handed on: returned, passed, assigned, put in a literal, sent, or its address taken. */
const HANDED_ON = new Set(['argument_list', 'return_statement', 'expression_list', 'literal_element', 'send_statement', 'unary_expression']);

function isDereference(node: SyntaxNode): boolean {
  return node.type === 'unary_expression' && node.child(0)?.type === '*';
}

/** `cmd.Process`: the kind's handle field (handleRelease) read from the resource `value`. */
function isHandle(parent: SyntaxNode, value: SyntaxNode, t: Tracked): boolean {
  const handle = t.kind.handleRelease;
  return !!handle && parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === value.id && parent.childForFieldName('field')?.text === handle.field;
}

/** `p := cmd.Process` (or `p = cmd.Process`): from here on `p.Wait()` releases the command too. True when noted. */
function noteHandleAlias(parent: SyntaxNode, t: Tracked): boolean {
  const handle = t.kind.handleRelease;
  if (!handle || parent.type !== 'selector_expression' || parent.childForFieldName('field')?.text !== handle.field) return false;
  const list = parent.parent;
  const owner = list?.type === 'expression_list' ? list.parent : null;
  if ((owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') || owner.childForFieldName('right')?.id !== list!.id) return false;
  const left = owner.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  if (list!.namedChildCount !== 1 || left.length !== 1 || left[0]?.type !== 'identifier' || left[0].text === '_') return false;
  t.handleAliases = [...(t.handleAliases ?? []), left[0].text];
  return true;
}

/** `<-timer.C` on a time.NewTimer: a timer that has fired holds nothing more. */
function isTimerFired(value: SyntaxNode, parent: SyntaxNode, t: Tracked): boolean {
  const { channelField, spentAfterReceive } = t.kind;
  if (!channelField || parent.type !== 'selector_expression' || parent.childForFieldName('field')?.text !== channelField) return false;
  const callee = t.acquisition.childForFieldName('function')?.text;
  if (!callee || !spentAfterReceive?.some((name) => callee.endsWith(name))) return false;
  const receive = parent.parent;
  return receive?.type === 'unary_expression' && receive.child(0)?.type === '<-' && value.id === parent.childForFieldName('operand')?.id;
}

function applyListMember(list: SyntaxNode, value: SyntaxNode, facts: UseFacts): void {
  const owner = list.parent;
  if (owner?.type === 'return_statement') {
    facts.escape = true;
    return;
  }
  if (owner?.type === 'var_spec') {
    if (owner.childForFieldName('value')?.id === list.id) facts.escape = true;
    return;
  }
  if (owner?.type !== 'assignment_statement' && owner?.type !== 'short_var_declaration') return;
  if (owner.childForFieldName('right')?.id !== list.id) return;
  const left = owner.childForFieldName('left');
  const index = list.namedChildren.findIndex((c) => c?.id === value.id);
  const target = left && left.namedChildCount === list.namedChildCount ? left.namedChild(index) : null;
  if (target?.type === 'identifier' && target.text === '_') return;
  facts.escape = true;
  if (target?.type === 'selector_expression') facts.storedField = target.childForFieldName('field')?.text ?? null;
}

function applyArgument(args: SyntaxNode, value: SyntaxNode, t: Tracked, facts: UseFacts): void {
  const call = args.parent;
  const fn = call?.childForFieldName('function');
  if (!call || !fn) return;
  if (call.id === t.acquisition.id || isReleaseCall(call, t)) return;
  if (fn.type === 'identifier') {
    if (BORROWING_BUILTINS.has(fn.text)) return;
    const index = args.namedChildren.filter((c) => c?.type !== 'comment').findIndex((c) => c?.id === value.id);
    const effect = t.summaries?.paramEffect(fn.text, index, t.kind, value.type === 'selector_expression');
    if (effect === 'releases') facts.release = true;
    // `return newTempFile(f, …)`: a helper that only borrows the resource may still keep it in what it returns.
    else if (effect !== 'borrows' || (mayHoldResource(fn.text, t) && wrapperOutlivesFunction(call, t))) facts.escape = true;
    return;
  }
  if (fn.type === 'selector_expression') {
    const target = packageCall(call, t.facts.imports);
    if (target) {
      const qualified = `${target.importPath}.${target.name}`;
      const borrows = (BORROWING_PACKAGES.has(target.importPath) && !KEEPING_FUNCTIONS.has(qualified)) || BORROWING_FUNCTIONS.has(qualified);
      // A wrapper (`log.New(f, …)`, `bufio.NewWriter(f)`) kept beyond this function takes the resource with it.
      if (borrows && !(WRAPPER_NAME.test(target.name) && wrapperOutlivesFunction(call, t))) return;
      // A helper of another package of the module (`fsutil.CloseQuietly(f)`); any other package's function takes it.
      const index = args.namedChildren.filter((c) => c?.type !== 'comment').findIndex((c) => c?.id === value.id);
      const effect = borrows ? undefined : t.summaries?.paramEffect(qualified, index, t.kind, value.type === 'selector_expression');
      if (effect === 'releases') facts.release = true;
      else if (effect !== 'borrows' || wrapperOutlivesFunction(call, t)) facts.escape = true;
      return;
    }
    const method = fn.childForFieldName('field')?.text ?? '';
    if (BORROWING_METHODS.has(method)) return;
    const index = args.namedChildren.filter((c) => c?.type !== 'comment').findIndex((c) => c?.id === value.id);
    if (t.summaries?.paramEffect(`.${method}`, index, t.kind, value.type === 'selector_expression') === 'releases') facts.release = true;
    else facts.escape = true;
    return;
  }
  facts.escape = true;
}

/** The value of a borrowing call is stored in a field or package variable, returned, or handed on to another call. */
function wrapperOutlivesFunction(call: SyntaxNode, t: Tracked): boolean {
  const parent = call.parent?.type;
  if (parent === 'expression_statement' || parent === 'selector_expression' || parent === 'defer_statement') return false;
  const root = rootOf(t.facts.file.tree);
  return fateOf(call, { globals: packageVariables(root), isWrapper: () => true }) !== 'local';
}

/** Results that cannot hold a resource: numbers, strings, booleans, errors. */
const PLAIN_RESULTS = /^\(?\s*(?:\w+\s+)?(?:u?int\d*|float\d+|string|bool|byte|rune|error)\s*(?:,\s*(?:\w+\s+)?(?:u?int\d*|float\d+|string|bool|byte|rune|error)\s*)*\)?$/;

/** Can the same-package function `name` return something that holds its argument? Unless this file says its results are plain, yes. */
function mayHoldResource(name: string, t: Tracked): boolean {
  for (const decl of rootOf(t.facts.file.tree).namedChildren) {
    if (decl?.type !== 'function_declaration' || decl.childForFieldName('name')?.text !== name) continue;
    const result = decl.childForFieldName('result');
    return result !== null && !PLAIN_RESULTS.test(result.text);
  }
  return true;
}

/** A closure that mentions the resource: it releases it, hands it off, or (a ticker) keeps it running forever. */
function closureFacts(literal: SyntaxNode, t: Tracked, facts: UseFacts): void {
  if (!t.name) return;
  let captured = false;
  let released = false;
  const stack: SyntaxNode[] = [literal];
  while (stack.length > 0 && !released) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === t.name) captured = true;
    else if (node.type === 'call_expression' && isReleaseCall(node, t)) released = true;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  if (released) {
    facts.release = true;
    return;
  }
  if (!captured) return;
  const invocation = literal.parent?.type === 'call_expression' ? literal.parent : null;
  const goStatement = invocation?.parent?.type === 'go_statement' ? invocation.parent : null;
  if (goStatement && t.kind.channelField && loopsForeverOn(literal, `${t.name}.${t.kind.channelField}`)) facts.pinnedBy = goStatement;
  else if (t.kind.closureCaptureHandsOff) facts.escape = true;
}

/** A goroutine body that ranges over (or selects on) `channel` (`t.C`) and has no way out. */
function loopsForeverOn(literal: SyntaxNode, channel: string): boolean {
  const body = literal.childForFieldName('body')?.text ?? '';
  return body.includes(channel) && /\bfor\b/.test(body) && !/\b(return|break|goto)\b|\.Done\(\)|os\.Exit|Fatal/.test(body);
}
