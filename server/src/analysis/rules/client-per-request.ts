// A new http.Transport (or http.Client) per loop iteration or per request. Every Transport owns a pool of keep-alive
// connections; one built per request is never reused, so its idle sockets and their goroutines pile up.
import { ancestorOfType, enclosingFunction, FUNCTION_TYPES, isCompositeLiteralOf, isQualifiedType, literalFields, methodCall, nodesAtMatches, rangeOf, rootOf, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import { valueExpression } from '../syntax/assignments';
import { isGoTestFile } from '../files';
import { fateOf, packageVariables, type FlowOptions } from '../syntax/value-flow';
import type { Rule } from '../rule';
import type { RelatedLocation } from '../types';
import { factsOf } from '../engine/file-facts';
import { seenToRepeat } from '../flow/seen-to-repeat';

const HTTP = 'net/http';

type PerRequest = { kind: 'loop' | 'handler'; node: SyntaxNode };

/** A function with an (http.ResponseWriter, *http.Request) signature: it runs once per request. */
function isHandler(fn: SyntaxNode, imports: Imports): boolean {
  const types = (fn.childForFieldName('parameters')?.namedChildren ?? []).map((p) => p?.childForFieldName('type') ?? null);
  return types.some((t) => isQualifiedType(t, imports, HTTP, 'ResponseWriter')) && types.some((t) => t?.type === 'pointer_type' && isQualifiedType(t, imports, HTTP, 'Request'));
}

/** The innermost loop body or HTTP handler around `node`, looking through nested function literals. */
function perRequestContext(node: SyntaxNode, imports: Imports): PerRequest | null {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'for_statement' && p.childForFieldName('body')?.id === child.id) return { kind: 'loop', node: p };
    if ((FUNCTION_TYPES as readonly string[]).includes(p.type) && isHandler(p, imports)) return { kind: 'handler', node: p };
  }
  return null;
}

/** `http.DefaultTransport.(*http.Transport).Clone()`: a new Transport with its own pool. */
function isTransportClone(call: SyntaxNode, imports: Imports): boolean {
  const method = methodCall(call);
  return method?.method === 'Clone' && method.receiver.type === 'type_assertion_expression' && isQualifiedType(method.receiver.childForFieldName('type'), imports, HTTP, 'Transport');
}

/** The named function or method declaration around `node`, when `node` is not inside a function literal of it. */
function declaringFunction(node: SyntaxNode): SyntaxNode | null {
  const fn = enclosingFunction(node);
  return fn && fn.type !== 'func_literal' ? fn : null;
}

/**
 * A Transport with keep-alives off keeps no idle pool: each connection closes once its response is read, so one built
 * per request holds nothing afterwards; one with IdleConnTimeout set lets its idle connections go after that long. Proven by `DisableKeepAlives: true` in the literal, or by
 * `<name>.DisableKeepAlives = true` in the same function on the variable the Transport was assigned to. A request sent
 * with `req.Close = true` asks the same of its connection; the function setting it on a request is taken to send all
 * of its requests so (silence is the safe side).
 */
function keepsNoIdlePool(made: SyntaxNode): boolean {
  if (made.type === 'composite_literal' && literalFields(made).get('DisableKeepAlives')?.text === 'true') return true;
  if (made.type === 'composite_literal' && closesIdleConnections(literalFields(made).get('IdleConnTimeout'))) return true;
  const body = enclosingFunction(made)?.childForFieldName('body');
  if (body && CLOSES_REQUEST.test(body.text)) return true;
  const holder = assignedName(made);
  if (!holder || !body) return false;
  const text = body.text.slice(made.endIndex - body.startIndex);
  return new RegExp(`\\b${holder}\\.DisableKeepAlives\\s*=\\s*true\\b`).test(text);
}

/**
 * `IdleConnTimeout: 90 * time.Second` in the Transport's literal: its idle connections close after that long, and the
 * Transport with them, so a Transport built per call holds its sockets for a while, not for good. Zero means no limit.
 */
function closesIdleConnections(timeout: SyntaxNode | undefined): boolean {
  return timeout !== undefined && !/^0+$/.test(timeout.text.trim());
}

/** `req.Close = true`: the request's connection is closed once its response is read, not kept idle. */
const CLOSES_REQUEST = /\b\w+\.Close\s*=\s*true\b/;

/** `tr := <made>` / `tr = <made>` (through `&`): the variable `tr`; null for anything else. */
function assignedName(made: SyntaxNode): string | null {
  let value = made;
  if (value.parent?.type === 'unary_expression') value = value.parent;
  const list = value.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement')) return null;
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  const index = right.findIndex((r) => r?.id === value.id);
  const name = index >= 0 && left.length === right.length ? left[index] : null;
  return name?.type === 'identifier' && name.text !== '_' ? name.text : null;
}

function where(context: PerRequest): string {
  return context.kind === 'loop' ? 'on every iteration of this loop' : 'on every request this handler serves';
}

export const rule: Rule = {
  id: 'client-per-request',
  defaultSeverity: 'warning',
  summary: 'An http.Transport or http.Client built per loop iteration or per request: its connection pool is thrown away.',
  check(ctx) {
    if (isGoTestFile(ctx.file.path)) return;
    const root = rootOf(ctx.file.tree);
    const imports = factsOf(ctx.file).imports;
    if (!imports.has(HTTP)) return;

    // Visit only the places the text can hold a Transport or Client, instead of walking the whole tree.
    const text = ctx.file.text;
    const pkg = `(?:${(imports.get(HTTP) ?? []).join('|')})`;
    const transports: SyntaxNode[] = [];
    const clients: SyntaxNode[] = [];
    for (const at of nodesAtMatches(root, text, new RegExp(`\\b${pkg}\\.(?:Transport|Client)\\s*\\{`, 'g'))) {
      const literal = ancestorOfType(at, 'composite_literal', 3);
      if (literal && isCompositeLiteralOf(literal, imports, HTTP, 'Transport')) transports.push(literal);
      else if (literal && isCompositeLiteralOf(literal, imports, HTTP, 'Client')) clients.push(literal);
    }
    for (const at of nodesAtMatches(root, text, /\.(Clone)\s*\(\s*\)/g)) {
      const call = ancestorOfType(at, 'call_expression', 2);
      if (call && isTransportClone(call, imports)) transports.push(call);
    }
    if (transports.length === 0 && clients.length === 0) return;
    const globals = packageVariables(root);
    /** Calls of a function or method named `name` (`name(…)` or `x.name(…)`). */
    const callsOf = (name: string): SyntaxNode[] =>
      nodesAtMatches(root, text, new RegExp(`\\b(${name})\\s*\\(`, 'g')).flatMap((at) => {
        const call = ancestorOfType(at, 'call_expression', 2);
        const fn = call?.childForFieldName('function');
        return call && (fn?.id === at.id || fn?.id === at.parent?.id) ? [call] : [];
      });

    const flow: FlowOptions = { globals, isWrapper: (c) => isCompositeLiteralOf(c, imports, HTTP, 'Client') };
    const rangeFor = (made: SyntaxNode): ReturnType<typeof rangeOf> => {
      const typeNode = made.type === 'composite_literal' ? made.childForFieldName('type') : null;
      return typeNode ? { start: rangeOf(valueExpression(made)).start, end: rangeOf(typeNode).end } : rangeOf(made);
    };

    /** A call of `fn` that runs per iteration or per request, whose result (if `fn` returns the Transport) is not kept. */
    const perRequestCallOf = (fn: SyntaxNode, returnsIt: boolean): { call: SyntaxNode; context: PerRequest } | null => {
      const name = fn.childForFieldName('name')?.text;
      for (const call of name ? callsOf(name) : []) {
        if (enclosingFunction(call)?.id === fn.id) continue; // recursion
        const context = perRequestContext(call, imports);
        if (!context) continue;
        // A worker started once per element at startup is long-lived, not per request.
        if (call.parent?.type === 'go_statement' && context.kind === 'loop') continue;
        if (returnsIt && fateOf(call, flow) === 'stored') continue;
        return { call, context };
      }
      return null;
    };

    /** `go fn(…)` in a loop of this file: a worker started once per target, whose Transport lasts as long as it does. */
    const startedAsWorker = (fn: SyntaxNode): boolean => {
      const name = fn.childForFieldName('name')?.text;
      return (name ? callsOf(name) : []).some((call) => call.parent?.type === 'go_statement' && perRequestContext(call, imports)?.kind === 'loop');
    };

    for (const made of transports) {
      const fate = fateOf(made, flow);
      if (fate === 'stored' || keepsNoIdlePool(made)) continue;
      const context = perRequestContext(made, imports);
      if (context) {
        if (fate === 'local') {
          ctx.report({
            message: `A new http.Transport is built ${where(context)}: each keeps its own pool of idle keep-alive connections that is never reused, so sockets pile up; build one Transport at startup and share it.`,
            range: rangeFor(made),
          });
        }
        continue;
      }
      const fn = declaringFunction(made);
      if (!fn) continue;
      const name = fn.childForFieldName('name')?.text ?? 'this function';
      const caller = perRequestCallOf(fn, fate === 'returned');
      if (!caller) {
        // A function that drops its Transport and is seen to run again and again through its callers in any file of
        // the package (a loop, a handler or another callback, a chain of such callers). A Transport handed back is
        // judged only where the caller's use of it is seen (the same file, above).
        if (fate === 'local' && !startedAsWorker(fn) && seenToRepeat(made, fn, ctx.file)) {
          ctx.report({
            message: `${name} builds a new http.Transport and is called again and again (in a loop, a handler or a callback of this package): each Transport keeps its own pool of idle connections that is never reused, so sockets pile up; build one Transport at startup and share it.`,
            range: rangeFor(made),
          });
        }
        continue;
      }
      const related: RelatedLocation[] = [{ range: rangeOf(caller.call), message: `${name} is called here ${where(caller.context)}` }];
      ctx.report({
        message: `${name} builds a new http.Transport and runs ${caller.context.kind === 'loop' ? 'in a loop' : 'per request'}: each Transport keeps its own pool of idle connections that is never reused, so sockets pile up; build one Transport at startup and share it.`,
        range: rangeFor(made),
        related,
      });
    }

    for (const client of clients) {
      // A client with its own Transport is judged by that Transport; without one it shares http.DefaultTransport.
      if (literalFields(client).has('Transport')) continue;
      const context = perRequestContext(client, imports);
      if (!context || fateOf(client, flow) !== 'local') continue;
      ctx.report({
        severity: 'hint',
        message: `A new http.Client is built ${where(context)}; it shares http.DefaultTransport so connections are still reused, but build it once and reuse it so that adding a Transport later does not leak connections.`,
        range: rangeFor(client),
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'client-per-request': true;
  }
}
