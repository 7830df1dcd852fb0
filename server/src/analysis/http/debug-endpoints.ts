// "Does this handler serve only debug endpoints?" A server whose every route is a debug page (net/http/pprof, expvar,
// golang.org/x/net/trace, fgprof, godeltaprof, OpenTelemetry's zpages) is a profiling endpoint a developer opens on purpose, not a
// service that remote clients depend on: a missing timeout there is not worth a warning. Proven from the syntax only:
// the handler is a mux built here whose every registration is a debug page, or http.DefaultServeMux in a package that
// imports a debug-page package and puts nothing else on it (in no file of its own nor of the module packages it
// imports, directly or not: each file's summary records whether it does). A metrics handler (promhttp) is not a debug
// page, wherever it is mounted (even under /debug/): an exporter's metrics server is its main server.
import { ancestorOfType, enclosingFunction, isCompositeLiteralOf, isPackageCall, methodCall, packageCall, rootOf, unparen, type Imports } from '../ast';
import type { FileSummary, PackageSummaries } from '../engine/summaries';
import { outermostFunction } from '../flow/functions';
import { importPathsIn } from '../module-graph';
import type { GoFile } from '../rule';
import type { SyntaxNode } from '../parser';
import { escapeRegExp } from '../escape-regexp';

const HTTP = 'net/http';
const RPC = 'net/rpc';

/**
 * A package that serves debug pages: the handlers it exports and the calls that make one. net/http/pprof, expvar and
 * golang.org/x/net/trace also register their pages on http.DefaultServeMux when imported; the others are mounted by the
 * program (`http.Handle("/debug/fgprof", fgprof.Handler())`), which registersOnDefaultMux reads as a debug registration.
 */
interface DebugPagePackage {
  handlers: readonly string[];
  handlerMakers: readonly string[];
}

const DEBUG_PAGE_PACKAGES = new Map<string, DebugPagePackage>([
  ['net/http/pprof', { handlers: ['Index', 'Cmdline', 'Profile', 'Symbol', 'Trace'], handlerMakers: ['Handler'] }],
  ['expvar', { handlers: [], handlerMakers: ['Handler'] }],
  ['golang.org/x/net/trace', { handlers: ['Traces', 'Events'], handlerMakers: [] }],
  ['github.com/felixge/fgprof', { handlers: [], handlerMakers: ['Handler'] }],
  ['go.opentelemetry.io/contrib/zpages', { handlers: [], handlerMakers: ['NewTracezHandler'] }],
  // Delta heap, block and mutex profiles for continuous profiling, mounted beside net/http/pprof's pages.
  ['github.com/grafana/pyroscope-go/godeltaprof/http/pprof', { handlers: ['Heap', 'Block', 'Mutex'], handlerMakers: [] }],
]);
const REGISTRATIONS = new Set(['Handle', 'HandleFunc']);
const SERVE_FUNCTIONS = ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'];
/** What a file must mention to put a handler on http.DefaultServeMux (`http.Handle`, `http.DefaultServeMux.Handle`). */
const DEFAULT_MUX_MENTION = /\b(?:Handle|HandleFunc|DefaultServeMux)\b/;
/** Where net/http/pprof and expvar serve their pages: a redirect there leads to a debug page of the same mux. */
const DEBUG_PATH = /^["`]\/debug\//;

/** Does the file (its import paths) import a package whose pages are debug pages? */
function importsDebugPages(paths: Iterable<string>): boolean {
  for (const path of paths) if (DEBUG_PAGE_PACKAGES.has(path)) return true;
  return false;
}

/**
 * `pprof.Index` & co., `pprof.Handler("heap")`, `expvar.Handler()`, `trace.Traces`, `fgprof.Handler()`,
 * `zpages.NewTracezHandler(…)` (DEBUG_PAGE_PACKAGES), one of them converted by `http.HandlerFunc(…)`, or
 * `http.RedirectHandler("/debug/…", code)` (it only sends the client on to the debug pages), also through a local
 * declared once with one of them (`redirect := http.RedirectHandler(…)`).
 */
export function isDebugHandler(node: SyntaxNode | null | undefined, imports: Imports, depth = 0): boolean {
  if (!node) return false;
  const value = unparen(node);
  if (value.type === 'identifier' && depth === 0) return isDebugHandler(onlyValueOf(value), imports, 1);
  if (value.type === 'selector_expression') {
    const operand = value.childForFieldName('operand');
    const field = value.childForFieldName('field')?.text ?? '';
    if (operand?.type !== 'identifier') return false;
    for (const [path, pages] of DEBUG_PAGE_PACKAGES) if (pages.handlers.includes(field) && (imports.get(path) ?? []).includes(operand.text)) return true;
    return false;
  }
  if (value.type !== 'call_expression') return false;
  const maker = packageCall(value, imports);
  if (maker && DEBUG_PAGE_PACKAGES.get(maker.importPath)?.handlerMakers.includes(maker.name)) return true;
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  if (isPackageCall(value, imports, HTTP, ['RedirectHandler'])) return args.length === 2 && DEBUG_PATH.test(args[0]!.text);
  return isPackageCall(value, imports, HTTP, ['HandlerFunc']) && args.length === 1 && isDebugHandler(args[0], imports, depth);
}

/** The value of `name := value` when that is the only assignment to `name` in its function; null otherwise. */
function onlyValueOf(name: SyntaxNode): SyntaxNode | null {
  const body = outermostFunction(name)?.childForFieldName('body');
  if (!body) return null;
  const assignments = [...body.text.matchAll(new RegExp(`(?<![.\\w])${name.text}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)|\\bvar\\s+${name.text}\\b`, 'g'))];
  if (assignments.length !== 1) return null;
  const at = body.descendantForIndex(body.startIndex + assignments[0]!.index);
  const declaration = at ? ancestorOfType(at, 'short_var_declaration', 2) : null;
  const left = declaration?.childForFieldName('left')?.namedChildren ?? [];
  const right = declaration?.childForFieldName('right')?.namedChildren ?? [];
  return left.length === 1 && left[0]?.text === name.text && right.length === 1 ? right[0]! : null;
}

/** `x.Handle(pattern, h)` or `x.HandleFunc(pattern, h)` (also `http.Handle(…)`) with a debug handler `h`. */
function isDebugRegistration(call: SyntaxNode | null | undefined, imports: Imports): boolean {
  if (call?.type !== 'call_expression') return false;
  const method = methodCall(call)?.method ?? '';
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return REGISTRATIONS.has(method) && args.length === 2 && isDebugHandler(args[1], imports);
}

/** The call `x.Method(…)` whose receiver is `receiver`; null when `receiver` is used otherwise. */
function callOnReceiver(receiver: SyntaxNode): SyntaxNode | null {
  const selector = receiver.parent;
  if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== receiver.id) return null;
  const call = selector.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function')?.id === selector.id ? call : null;
}

/** `node` is the handler a server is given: an argument of `http.ListenAndServe` & co., or `Handler: node` of an http.Server literal. */
function isServedHandler(node: SyntaxNode, imports: Imports): boolean {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : null;
  if (call && isPackageCall(call, imports, HTTP, SERVE_FUNCTIONS)) return true;
  const keyed = ancestorOfType(node, 'keyed_element', 2);
  if (keyed?.childForFieldName('key')?.text !== 'Handler' || keyed.childForFieldName('value')?.text !== node.text) return false;
  const literal = keyed.parent?.parent;
  return literal?.type === 'composite_literal' && isCompositeLiteralOf(literal, imports, HTTP, 'Server');
}

/** `srv.Handler = node` where `srv` is a local declared once as an http.Server literal (`srv := &http.Server{…}`). */
function isAssignedServerHandler(node: SyntaxNode, imports: Imports): boolean {
  const list = node.parent;
  const statement = list?.type === 'expression_list' && list.namedChildCount === 1 ? list.parent : null;
  if (statement?.type !== 'assignment_statement' || statement.childForFieldName('right')?.id !== list!.id) return false;
  const selector = statement.childForFieldName('left')?.namedChild(0);
  const server = selector?.type === 'selector_expression' ? selector.childForFieldName('operand') : null;
  if (server?.type !== 'identifier' || handlerAssignmentAt(server)?.id !== statement.id) return false;
  let value = onlyValueOf(server);
  if (value?.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&') value = value.childForFieldName('operand');
  return value != null && isCompositeLiteralOf(unparen(value), imports, HTTP, 'Server');
}

function isInCommentOrString(node: SyntaxNode): boolean {
  return node.type === 'comment' || ['interpreted_string_literal', 'raw_string_literal'].some((t) => ancestorOfType(node, t, 2) !== null);
}

/** Inside a function literal, not in the declared function itself. */
function inClosure(node: SyntaxNode): boolean {
  return enclosingFunction(node)?.type === 'func_literal';
}

/** `return mux` (the only result) in the function itself, not in a closure inside it. */
function isReturnedAlone(node: SyntaxNode): boolean {
  const list = node.parent;
  return list?.type === 'expression_list' && list.namedChildCount === 1 && list.parent?.type === 'return_statement' && !inClosure(list);
}

/** How a mux can be made and let go of, besides `http.NewServeMux()` and being handed to a server. */
interface MuxSources {
  /** A call that returns a mux already holding debug pages only (a debug-mux maker of the module, debugMuxMakers). */
  debugMuxCall?: (call: SyntaxNode) => boolean;
  /** Mentions that hand the mux on without adding routes (`return mux` in a maker). */
  handedOn?: (mux: SyntaxNode) => boolean;
}

/**
 * `mux := http.NewServeMux()` (or `mux := makeDebugMux()`, `sources.debugMuxCall`) in the function around `mux`, where
 * every other mention of `mux` in that function registers a debug handler or hands `mux` to a server (also by
 * `srv.Handler = mux` on a local server literal). Passed anywhere else (a helper, a field, another router), it may get
 * other routes: not known to be debug-only.
 */
export function muxServesOnlyDebug(mux: SyntaxNode, text: string, imports: Imports, sources: MuxSources = {}): boolean {
  const fn = outermostFunction(mux);
  const body = fn?.childForFieldName('body');
  if (mux.type !== 'identifier' || !body) return false;
  const root = rootOf(mux.tree);
  let declared = false;
  let registered = false;
  for (const match of text.slice(body.startIndex, body.endIndex).matchAll(new RegExp(`(?<![.\\w])${mux.text}\\b`, 'g'))) {
    const at = root.namedDescendantForIndex(body.startIndex + match.index);
    if (!at || isInCommentOrString(at)) continue;
    if (at.type !== 'identifier') return false;
    const declaration = ancestorOfType(at, 'short_var_declaration', 2);
    const left = declaration?.childForFieldName('left')?.namedChildren ?? [];
    const right = declaration?.childForFieldName('right')?.namedChildren ?? [];
    if (left.length === 1 && left[0]?.id === at.id) {
      if (declared || right.length !== 1 || right[0]!.type !== 'call_expression') return false;
      if (sources.debugMuxCall?.(right[0]!)) registered = true;
      else if (!isPackageCall(right[0]!, imports, HTTP, ['NewServeMux'])) return false;
      declared = true;
    } else if (isDebugRegistration(callOnReceiver(at), imports)) {
      registered = true;
    } else if (!isServedHandler(at, imports) && !isAssignedServerHandler(at, imports) && !sources.handedOn?.(at)) {
      return false;
    }
  }
  return declared && registered;
}

/**
 * The functions (not methods) of the file that build a mux, put only debug pages on it and return it, and return
 * nothing else: `func NewPProfServer() *http.ServeMux { mux := http.NewServeMux(); mux.HandleFunc("/debug/pprof/",
 * pprof.Index); …; return mux }`. Recorded in each file's summary (debugMuxMakers): a server given the mux one returns
 * serves only debug pages, as if the mux were built in place.
 */
export function debugMuxMakers(root: SyntaxNode, text: string, imports: Imports): Set<string> {
  const makers = new Set<string>();
  if (!importsDebugPages(imports.keys())) return makers;
  for (const declaration of root.namedChildren) {
    if (declaration?.type !== 'function_declaration') continue;
    const name = declaration.childForFieldName('name')?.text;
    const body = declaration.childForFieldName('body');
    if (!name || !body) continue;
    const bodyText = text.slice(body.startIndex, body.endIndex);
    const made = /(?<![.\w])(\w+)\s*:=\s*\w+\.NewServeMux\(\)/.exec(bodyText);
    if (!made) continue;
    const mux = root.namedDescendantForIndex(body.startIndex + made.index);
    if (!mux || mux.text !== made[1] || !everyReturnIs(body, bodyText, made[1]!)) continue;
    if (muxServesOnlyDebug(mux, text, imports, { handedOn: isReturnedAlone })) makers.add(name);
  }
  return makers;
}

/** Every `return` of the function whose body this is (not of its closures) returns `name` alone, and there is one. */
function everyReturnIs(body: SyntaxNode, bodyText: string, name: string): boolean {
  let returns = 0;
  for (const match of bodyText.matchAll(/\breturn\b/g)) {
    const keyword = body.descendantForIndex(body.startIndex + match.index);
    const statement = keyword?.type === 'return' ? keyword.parent : null;
    if (statement?.type !== 'return_statement') continue;
    if (inClosure(statement)) continue;
    if (statement.namedChild(0)?.text !== name || statement.namedChild(0)?.namedChildCount !== 1) return false;
    returns++;
  }
  return returns > 0;
}

/** `nil`, or `http.DefaultServeMux`: the handler a server falls back to when given none. */
export function isDefaultMux(handler: SyntaxNode | null | undefined, imports: Imports): boolean {
  if (!handler) return true;
  const value = unparen(handler);
  if (value.type === 'nil') return true;
  const operand = value.type === 'selector_expression' ? value.childForFieldName('operand') : null;
  return value.childForFieldName('field')?.text === 'DefaultServeMux' && (imports.get(HTTP) ?? []).includes(operand?.text ?? '');
}

/**
 * Does this file put (or may it put) a handler other than a debug page on http.DefaultServeMux? `http.Handle` or
 * `http.HandleFunc` with another handler, or `http.DefaultServeMux` used otherwise than to register a debug handler or
 * to be served, or net/rpc's HandleHTTP (servesRpcOnDefaultMux). Registrations on other muxes (`mux.HandleFunc`, a
 * framework's `h.HandleFunc`) do not count: only net/http's own names reach the default mux. Recorded in each file's
 * summary (defaultMuxRoutes).
 */
export function registersOnDefaultMux(root: SyntaxNode, text: string, imports: Imports): boolean {
  if (servesRpcOnDefaultMux(text, imports)) return true;
  const httpNames = imports.get(HTTP) ?? [];
  if (httpNames.length === 0 || !DEFAULT_MUX_MENTION.test(text)) return false;
  // A dot import (`. "net/http"`) registers with bare names: any mention may be one.
  if (httpNames.includes('.')) return true;
  for (const match of text.matchAll(/(?<![.\w])(\w+)\.(?:Handle|HandleFunc|DefaultServeMux)\b/g)) {
    if (!httpNames.includes(match[1]!)) continue;
    const at = root.namedDescendantForIndex(match.index);
    if (!at || isInCommentOrString(at)) continue;
    const selector = at.parent;
    if (selector?.type !== 'selector_expression') return true;
    if (selector.childForFieldName('field')?.text === 'DefaultServeMux') {
      if (isDebugRegistration(callOnReceiver(selector), imports) || isServedHandler(selector, imports)) continue;
      return true;
    }
    const call = selector.parent;
    if (call?.type !== 'call_expression' || packageCall(call, imports)?.importPath !== HTTP || !isDebugRegistration(call, imports)) return true;
  }
  return false;
}

/** Might this file put something on http.DefaultServeMux? The answer for a file not read closely (too deeply nested). */
export function mayRegisterOnDefaultMux(text: string, imports: Imports): boolean {
  return servesRpcOnDefaultMux(text, imports) || (imports.has(HTTP) && DEFAULT_MUX_MENTION.test(text));
}

/**
 * `rpc.HandleHTTP()` or `server.HandleHTTP(path, debugPath)` in a file that imports net/rpc: both mount an RPC service
 * on http.DefaultServeMux, a service its clients depend on. Any `HandleHTTP(` call there may be one (the method's
 * receiver type is not known from the syntax).
 */
function servesRpcOnDefaultMux(text: string, imports: Imports): boolean {
  return imports.has(RPC) && /\bHandleHTTP\s*\(/.test(text);
}

/**
 * http.DefaultServeMux serves only debug pages: a debug-page package (DEBUG_PAGE_PACKAGES) is imported by the package or
 * a module package it imports (its pages are registered on it, on import or by the code), and no file of either puts
 * anything else on it (this file is read here, the others through their summaries). `siblings`: the package's other
 * non-test files; `imported`: the files of the module packages it imports.
 */
export function defaultMuxServesOnlyDebug(
  root: SyntaxNode,
  text: string,
  imports: Imports,
  siblings: readonly FileSummary[],
  imported: readonly FileSummary[],
): boolean {
  const others = [...siblings, ...imported];
  if (!importsDebugPages(importPathsIn(text)) && !others.some((s) => importsDebugPages(s.imports))) return false;
  return !others.some((s) => s.defaultMuxRoutes) && !registersOnDefaultMux(root, text, imports);
}

/**
 * "Does a server with this handler serve only debug pages?" for the servers of one file: `nil` or DefaultServeMux
 * (decided once per file, defaultMuxServesOnlyDebug), or a local mux that only debug handlers are registered on.
 */
export function debugOnlyServers(file: GoFile, imports: Imports, summaries: PackageSummaries | undefined): (handler: SyntaxNode | null | undefined) => boolean {
  let defaultMuxIsDebug: boolean | undefined;
  let ownMakers: Set<string> | undefined;
  // `makeDebugMux()` of this file or its package, `debug.NewMux()` of a module package (debugMuxMakers).
  const debugMuxCall = (call: SyntaxNode): boolean => {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'identifier') {
      ownMakers ??= debugMuxMakers(rootOf(file.tree), file.text, imports);
      return ownMakers.has(callee.text) || (summaries?.returnsDebugMux(callee.text) ?? false);
    }
    const target = packageCall(call, imports);
    return target !== null && (summaries?.returnsDebugMux(`${target.importPath}.${target.name}`) ?? false);
  };
  return (handler) => {
    if (isDefaultMux(handler, imports)) {
      defaultMuxIsDebug ??= defaultMuxServesOnlyDebug(rootOf(file.tree), file.text, imports, summaries?.programSiblings() ?? [], summaries?.importedModuleFiles() ?? []);
      return defaultMuxIsDebug;
    }
    return handler?.type === 'identifier' && muxServesOnlyDebug(handler, file.text, imports, { debugMuxCall });
  };
}

/** The handler argument of `http.ListenAndServe(addr, h)`, `ListenAndServeTLS(addr, cert, key, h)`, `Serve(l, h)`, `ServeTLS(l, h, …)`. */
export function handlerArgument(call: SyntaxNode): SyntaxNode | null {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const name = call.childForFieldName('function')?.childForFieldName('field')?.text;
  return args[name === 'ListenAndServeTLS' ? 3 : 1] ?? null;
}

/**
 * `srv.Handler = …` where `srv` names the same server (its function for a local, the file for a field): the literal's
 * own Handler field, or its absence, is not the last word.
 */
export function handlerSetLater(target: SyntaxNode, text: string): boolean {
  const escaped = escapeRegExp(target.text);
  const scope = target.type === 'identifier' ? outermostFunction(target) : null;
  return new RegExp(`(?<![.\\w])${escaped}\\.Handler\\s*=(?!=)`).test(scope ? scope.text : text);
}

/**
 * The handler of `srv.Handler = h` when that is the only such assignment to the local server `srv` in its function and
 * it follows the statement that declares `srv` in the same block (so it runs whenever the server is made): the server
 * serves `h` (its literal having no Handler of its own). Null for a field, several assignments, or one under a
 * condition (`if debug { srv.Handler = mux }` leaves the default mux otherwise).
 */
export function onlyLaterHandler(target: SyntaxNode): SyntaxNode | null {
  const scope = target.type === 'identifier' ? outermostFunction(target) : null;
  const declaring = ancestorOfType(target, 'short_var_declaration', 2) ?? ancestorOfType(target, 'assignment_statement', 2);
  if (!scope || !declaring) return null;
  const assignments = [...scope.text.matchAll(new RegExp(`(?<![.\\w])${target.text}\\.Handler\\s*=(?!=)`, 'g'))];
  if (assignments.length !== 1) return null;
  const statement = handlerAssignmentAt(scope.descendantForIndex(scope.startIndex + assignments[0]!.index));
  if (!statement || statement.parent?.id !== declaring.parent?.id || statement.startIndex < declaring.endIndex) return null;
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  return right.length === 1 ? right[0]! : null;
}

/** The statement `srv.Handler = …` whose `srv` is `receiver`; null when `receiver` is not the target of one. */
function handlerAssignmentAt(receiver: SyntaxNode | null): SyntaxNode | null {
  const selector = receiver?.parent;
  if (selector?.type !== 'selector_expression' || selector.childForFieldName('field')?.text !== 'Handler') return null;
  const statement = selector.parent?.type === 'expression_list' ? selector.parent.parent : null;
  if (statement?.type !== 'assignment_statement' || statement.childForFieldName('left')?.namedChildCount !== 1) return null;
  return statement.childForFieldName('left')?.namedChild(0)?.id === selector.id ? statement : null;
}
