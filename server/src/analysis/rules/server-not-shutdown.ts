// server-not-shutdown: an http.Server (or gRPC server, or a net.Listener served by one) started in a goroutine by a
// function that then returns without Shutdown/Close and without handing the server to anyone. Each call leaves a
// listening socket and a serving goroutine behind, and the next call fails with "address already in use".
// Functions that run once per process (flow/runs-once.ts: main, init, once.Do, a command-table closure, the helpers
// they call once) serve until the process ends and are left alone, as is a blocking ListenAndServe (the function
// does not return while the server runs). Not path-sensitive on purpose: a Shutdown anywhere in the function counts.
// A server proven to serve only pprof/expvar pages (http/debug-endpoints.ts, the facts no-timeout uses) is a debug
// endpoint meant to live as long as the process: left alone too.
// Off by default: on real programs it was right 0 times in 8 (docs/accuracy.md): the servers it finds live for the
// whole process by design. A setting turns it on.
import { enclosingFunction, enclosingLoop, isPackageCall, literalFields, methodCall, packageCall, rangeOf, rootOf, unparen } from '../ast';
import { bindingsOf, type Binding } from '../concurrency/bindings';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { contains, launchedCall, launchedLiteralBody, walkOwn } from '../concurrency/syntax';
import { runsOncePerProcess, runsRepeatedly } from '../flow/runs-once';
import { debugOnlyServers, handlerArgument, handlerSetLater } from '../http/debug-endpoints';
import type { SyntaxNode } from '../parser';
import type { Rule, RuleContext } from '../rule';
import type { RelatedLocation } from '../types';

const START_METHODS = ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'];
const STOP_METHODS = ['Shutdown', 'Close', 'Stop', 'GracefulStop'];

export const rule: Rule = {
  id: 'server-not-shutdown',
  defaultSeverity: 'off',
  enabledSeverity: 'warning',
  summary: 'A server started in a goroutine by a function that returns without shutting it down or handing it off.',
  check(ctx) {
    // Every start method has "Serve" in its name: a file without it starts no server.
    if (!ctx.file.text.includes('Serve')) return;
    const facts = concurrencyFacts(ctx.file);
    let servesOnlyDebug: ((handler: SyntaxNode | null | undefined) => boolean) | undefined;
    for (const go of facts.goStatements) {
      const starts = startCalls(go);
      if (starts.length === 0) continue;
      const fn = enclosingFunction(go);
      if (!fn || runsOncePerProcess(fn, ctx.file)) continue;
      servesOnlyDebug ??= debugOnlyServers(ctx.file, facts.imports, ctx.packageSummaries);
      for (const start of starts) checkStart(ctx, facts, start, fn, servesOnlyDebug);
    }
  },
};

/** Serve calls a goroutine makes: `go srv.ListenAndServe()` or the ones inside `go func() { … }()`. */
function startCalls(go: SyntaxNode): SyntaxNode[] {
  const body = launchedLiteralBody(go);
  const calls: SyntaxNode[] = [];
  if (!body) {
    const call = launchedCall(go);
    if (call) calls.push(call);
  } else if (body.text.includes('Serve')) {
    // Every start method's name contains "Serve": a literal without it is not walked.
    walkOwn(body, (n) => {
      if (n.type === 'call_expression') calls.push(n);
    });
  }
  return calls.filter((c) => START_METHODS.includes(methodCall(c)?.method ?? ''));
}

function checkStart(
  ctx: RuleContext,
  facts: ConcurrencyFacts,
  start: SyntaxNode,
  fn: SyntaxNode,
  servesOnlyDebug: (handler: SyntaxNode | null | undefined) => boolean,
): void {
  const target = methodCall(start)!;
  const isPackageLevel = packageCall(start, facts.imports) !== null;
  if (isPackageLevel && !isPackageCall(start, facts.imports, 'net/http', START_METHODS)) return;
  if (isPackageLevel && servesOnlyDebug(handlerArgument(start))) return;
  if (isPackageLevel && target.method.startsWith('ListenAndServe')) {
    // No handle to stop it; a leak only when the function is seen to run again and again.
    if (!runsRepeatedly(fn, ctx.file) && !enclosingLoop(start)) return;
    ctx.report({
      message: `http.${target.method} in a goroutine can never be shut down, so every call of this function starts another server that outlives it; use an http.Server and Shutdown it when the function is done.`,
      range: rangeOf(start),
      related: exitsOf(fn, start),
    });
    return;
  }
  // The handles that could stop it: the server variable, and for Serve(ln) the listener.
  const handles: { name: string; binding: Binding }[] = [];
  if (!isPackageLevel) {
    const server = localBinding(target.receiver, facts, start);
    if (!server || !isServerValue(server, facts)) return;
    const handler = literalHandler(server);
    if (handler !== null && !handlerSetLater(server.name, ctx.file.text) && servesOnlyDebug(handler.node)) return;
    handles.push({ name: target.receiver.text, binding: server });
  }
  const listenerArg = start.childForFieldName('arguments')?.namedChild(0);
  if (target.method.startsWith('Serve') && listenerArg) {
    if (closedBySiblingMethod(unparen(listenerArg), fn, ctx)) return;
    const listener = localBinding(unparen(listenerArg), facts, start);
    // Closing the listener ends Serve: a local listener the function closes or hands on (appended to a list that a
    // deferred cleanup closes, returned, stored) is stopped by its holder, wherever the listener came from.
    const variable = localBinding(unparen(listenerArg), facts, start, true);
    if (variable && isStoppedOrHandedOff(unparen(listenerArg).text, variable, facts, start)) return;
    if (listener && isListenerValue(listener, facts)) handles.push({ name: unparen(listenerArg).text, binding: listener });
    else if (isPackageLevel) return;
  }
  if (handles.length === 0 || handles.some((h) => isStoppedOrHandedOff(h.name, h.binding, facts, start))) return;
  const what = handles[0].name;
  const stop = isPackageLevel ? `${what}.Close()` : `${what}.Shutdown (or Close)`;
  ctx.report({
    message: `${what} is served in a goroutine but never ${isPackageLevel ? 'closed' : 'shut down'} or handed off, so every call of this function leaves a listening server behind; call ${stop} before returning, e.g. in a defer.`,
    range: rangeOf(start),
    related: exitsOf(fn, start),
  });
}

/**
 * `srv.Serve(s.listener)` in a method of T, where another method of T closes or shuts down its receiver's `listener`
 * (`func (s *T) CleanUp() { s.listener.Close() }`): the listener lives in the struct, and whoever holds the struct
 * stops the server through that method. Handed off.
 */
function closedBySiblingMethod(listener: SyntaxNode, fn: SyntaxNode, ctx: RuleContext): boolean {
  if (listener.type !== 'selector_expression') return false;
  let method: SyntaxNode = fn;
  for (let f = enclosingFunction(fn); f; f = enclosingFunction(f)) method = f;
  const receiver = receiverOf(method);
  const field = listener.childForFieldName('field')?.text;
  if (!receiver || !field || listener.childForFieldName('operand')?.text !== receiver.name) return false;
  for (const sibling of rootOf(ctx.file.tree).namedChildren) {
    const other = sibling ? receiverOf(sibling) : null;
    if (!other || sibling!.id === method.id || other.type !== receiver.type) continue;
    const body = sibling!.childForFieldName('body');
    const stop = new RegExp(`(?<![.\\w])${other.name}\\.${field}\\.(?:${STOP_METHODS.join('|')})\\s*\\(`);
    if (body && stop.test(body.text)) return true;
  }
  return false;
}

/** The receiver of a method declaration: its name and its type without the pointer. */
function receiverOf(decl: SyntaxNode): { name: string; type: string } | null {
  if (decl.type !== 'method_declaration') return null;
  const parameter = decl.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const name = parameter?.childForFieldName('name')?.text;
  const type = parameter?.childForFieldName('type')?.text.replace(/^\*/, '').replace(/\[.*\]$/, '');
  return name && type ? { name, type } : null;
}

/**
 * The binding of `name` in a function around `use`, if it is a local (not a parameter, field or global). With
 * `declarationOnly`, plain assignments (`ln = other`) are passed over: the variable, whatever it was last set to.
 */
function localBinding(name: SyntaxNode, facts: ConcurrencyFacts, use: SyntaxNode, declarationOnly = false): Binding | null {
  if (name.type !== 'identifier') return null;
  let outermost: SyntaxNode | null = null;
  for (let f = enclosingFunction(use); f; f = enclosingFunction(f)) outermost = f;
  if (!outermost) return null;
  const candidates = bindingsOf(name.text, facts, outermost).filter((b) => {
    const owner = enclosingFunction(b.name);
    return owner !== null && contains(owner, use) && b.name.startIndex < use.startIndex && !(declarationOnly && b.kind === 'assign');
  });
  const binding = candidates[candidates.length - 1];
  return binding && (binding.kind === 'define' || binding.kind === 'var') ? binding : null;
}

function isServerValue(binding: Binding, facts: ConcurrencyFacts): boolean {
  const http = facts.imports.get('net/http') ?? [];
  const typeText = binding.type?.text.replace(/^\*/, '') ?? '';
  if (http.some((h) => typeText === `${h}.Server`)) return true;
  const value = binding.value ? unparen(binding.value) : null;
  if (!value) return false;
  const literal = value.type === 'unary_expression' ? value.childForFieldName('operand') : value;
  if (literal?.type === 'composite_literal') return http.some((h) => literal.childForFieldName('type')?.text === `${h}.Server`);
  if (value.type === 'call_expression') {
    return isPackageCall(value, facts.imports, 'google.golang.org/grpc', ['NewServer']) || http.some((h) => value.text.replace(/\s/g, '') === `new(${h}.Server)`);
  }
  return false;
}

/**
 * The Handler field of the http.Server literal a binding holds (node undefined when the literal has none: the server
 * falls back to DefaultServeMux); null when the binding holds no literal, so its handler is not known.
 */
function literalHandler(binding: Binding): { node: SyntaxNode | undefined } | null {
  const value = binding.value ? unparen(binding.value) : null;
  const literal = value?.type === 'unary_expression' ? value.childForFieldName('operand') : value;
  return literal?.type === 'composite_literal' ? { node: literalFields(literal).get('Handler') } : null;
}

function isListenerValue(binding: Binding, facts: ConcurrencyFacts): boolean {
  const declaration = binding.name.parent?.parent;
  const value = binding.value ?? declaration?.childForFieldName('right')?.namedChild(0) ?? null;
  return value?.type === 'call_expression' && (isPackageCall(value, facts.imports, 'net', ['Listen', 'ListenTCP', 'ListenUnix']) || isPackageCall(value, facts.imports, 'crypto/tls', ['Listen']));
}

/**
 * True when the declaring function stops the handle (`x.Shutdown`, `x.Close` …, also in closures and defers) or lets it
 * go: returns it, passes it to a call, stores or sends it.
 */
function isStoppedOrHandedOff(name: string, binding: Binding, facts: ConcurrencyFacts, start: SyntaxNode): boolean {
  const owner = enclosingFunction(binding.name);
  if (!owner) return true;
  for (const use of facts.identifiers(name, owner)) {
    if (!contains(owner, use) || use.id === binding.name.id || contains(start, use)) continue;
    const parent = use.parent;
    if (!parent) continue;
    if (parent.type === 'selector_expression') {
      const call = parent.parent;
      const method = parent.childForFieldName('field')?.text ?? '';
      if (call?.type === 'call_expression' && STOP_METHODS.includes(method)) return true;
      continue;
    }
    if (['argument_list', 'return_statement', 'expression_list', 'send_statement', 'keyed_element', 'literal_element', 'unary_expression'].includes(parent.type)) {
      if (parent.type === 'expression_list' && bindingAtStatementLeft(parent)) continue;
      if (parent.type === 'argument_list' && isReadOnlyCall(parent.parent)) continue;
      return true;
    }
  }
  return false;
}

/** The name is on the left of `:=`/`=` (a rebinding, not a hand-off). */
function bindingAtStatementLeft(list: SyntaxNode): boolean {
  const statement = list.parent;
  return statement !== null && (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') && statement.childForFieldName('left')?.id === list.id;
}

/** Calls that look at a value without keeping it: logging and formatting. */
function isReadOnlyCall(call: SyntaxNode | null): boolean {
  const callee = call?.childForFieldName('function')?.text ?? '';
  return /^(log|fmt)\.\w+$/.test(callee);
}

/** Where the function returns after starting the server: its returns after the start, or its closing brace. */
function exitsOf(fn: SyntaxNode, start: SyntaxNode): RelatedLocation[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const returns: SyntaxNode[] = [];
  walkOwn(body, (n) => {
    if (n.type === 'return_statement' && n.startIndex > start.endIndex) returns.push(n);
  });
  const message = 'the function returns here and the server keeps running';
  if (returns.length > 0) return returns.map((r) => ({ range: rangeOf(r), message }));
  const end = rangeOf(body).end;
  return [{ range: { start: { line: end.line, character: Math.max(0, end.character - 1) }, end }, message }];
}

declare module '../types' {
  interface RuleCatalogue {
    'server-not-shutdown': true;
  }
}
