// HTTP calls and servers without timeouts: in a long-running program one stalled peer hangs a goroutine and holds a
// connection forever. Finds http.Get & co. (http.DefaultClient), http.Client literals without Timeout, http.Server
// literals without ReadHeaderTimeout/ReadTimeout, and http.ListenAndServe/Serve (which cannot have timeouts). A server
// only this host can reach (loopback, Unix socket), that serves only debug pages (pprof, expvar) or that listens on an
// address named for the profiler is left alone.
import { ancestorOfType, enclosingFunction, isCompositeLiteralOf, isPackageCall, literalFields, methodCall, nodesAtMatches, packageCall, rangeOf, rootOf, unparen, type Imports } from '../ast';
import { functionScope, outermostFunction } from '../flow/functions';
import { boundedPerRun } from '../flow/command-code';
import { opensBrowser } from '../http/local-ui';
import type { SyntaxNode } from '../parser';
import { assignedTo, literalKeyOf, valueExpression } from '../syntax/assignments';
import { addClientTimeoutFix, useTimeoutClientFix } from '../http/client-timeout-fix';
import { DeadlineRequests } from '../http/deadline-requests';
import { debugOnlyServers, handlerArgument, handlerSetLater, onlyLaterHandler } from '../http/debug-endpoints';
import { serverSetUpElsewhere } from '../http/server-set-up-elsewhere';
import { handlerOnlyFromLiteral } from '../http/private-server';
import { fileConstantValue, fileVariableValue } from '../http/file-constants';
import { argumentsForParameter } from '../http/parameter-arguments';
import { assignmentsIn } from '../syntax/assignments';
import { isGoTestFile } from '../files';
import type { GoFile, Rule } from '../rule';
import { factsOf } from '../engine/file-facts';
import { localDeclaration, type ReceiverSpec } from '../engine/receivers';
import { escapeRegExp } from '../escape-regexp';

const HTTP = 'net/http';
const OAUTH2 = 'golang.org/x/oauth2';
const CLIENT_METHODS = ['Do', 'Get', 'Post', 'Head', 'PostForm'];
const DEFAULT_CLIENT_FUNCTIONS = ['Get', 'Post', 'Head', 'PostForm'];
const SERVER_FUNCTIONS = ['ListenAndServe', 'ListenAndServeTLS', 'Serve', 'ServeTLS'];
const SERVER_TIMEOUTS = ['ReadHeaderTimeout', 'ReadTimeout'];

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/;
const LOOPBACK_PREFIX = /^.(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):/;

function isStringLiteral(node: SyntaxNode | null | undefined): boolean {
  return node?.type === 'interpreted_string_literal' || node?.type === 'raw_string_literal';
}

/**
 * A listen address that is loopback whatever fills in the port: a literal (`"localhost:6060"`, `"127.0.0.1:8081"`,
 * `"[::1]:9000"`), a concatenation or format that starts with a loopback host and its colon (`"localhost:" + port`,
 * `fmt.Sprintf("127.0.0.1:%d", p)`), `net.JoinHostPort("localhost", port)`, or a local declared once or a constant of
 * the file declared with one of those, or a parameter of an unexported function that every call in sight passes one
 * of those, or `*addr` of a flag that defaults to one (flagDefault). Only programs on this host can connect, so no
 * remote client can hold its connections open. An address from a field, a flag with another default, or a parameter
 * with a caller out of sight is not known and stays judged.
 */
function isLoopbackAddress(address: SyntaxNode | null | undefined, imports: Imports, file: GoFile, depth = 0): boolean {
  if (!address) return false;
  if (isStringLiteral(address)) return /^.(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]):\d*.$/.test(address.text);
  if (address.type === 'binary_expression' && address.childForFieldName('operator')?.text === '+') {
    let left = address.childForFieldName('left');
    while (left?.type === 'binary_expression') left = left.childForFieldName('left');
    return isStringLiteral(left) && LOOPBACK_PREFIX.test(left!.text);
  }
  if (address.type === 'call_expression') {
    const [first, second] = address.childForFieldName('arguments')?.namedChildren ?? [];
    if (isPackageCall(address, imports, 'fmt', ['Sprintf'])) {
      // `fmt.Sprintf("%s:%d", host, port)` with a loopback host is as local as `fmt.Sprintf("localhost:%d", port)`.
      return isStringLiteral(first) && (LOOPBACK_PREFIX.test(first!.text) || (/^.%s:/.test(first!.text) && isLoopbackHost(second)));
    }
    if (isPackageCall(address, imports, 'net', ['JoinHostPort'])) return isLoopbackHost(first);
    return false;
  }
  if (address.type === 'unary_expression' && address.childForFieldName('operator')?.text === '*') {
    return depth <= 1 && isLoopbackAddress(flagDefault(address.childForFieldName('operand'), imports), imports, file, 2);
  }
  // A name is followed one step (depth 0: the address itself; 1: an argument its caller passed), never further.
  if (address.type !== 'identifier' || depth > 1) return false;
  const value = singleLocalValue(address) ?? fileConstantValue(address);
  if (value) return isLoopbackAddress(value, imports, file, 2);
  // A parameter: loopback when every call of its function passes a loopback address (http/parameter-arguments.ts).
  const passed = depth === 0 ? argumentsForParameter(address, file) : null;
  return passed !== null && passed.every((argument) => isLoopbackAddress(argument, imports, file, 1));
}

/**
 * The default of the flag `name` points to, when it is declared once with the flag package or spf13/pflag and the
 * program never changes it: `var addr = flag.String("addr", "localhost:8080", usage)` at the top of the file, or `addr
 * := flag.String(…)` in the function, with no `*addr = …` and no `flag.Set("addr", …)` in the file. A listen flag that
 * defaults to a loopback address says the program serves this host; whoever binds it elsewhere chooses to on the
 * command line. Null for anything else.
 */
function flagDefault(name: SyntaxNode | null, imports: Imports): SyntaxNode | null {
  if (name?.type !== 'identifier') return null;
  const local = singleLocalValue(name);
  const value = local ?? fileVariableValue(name);
  if (value?.type !== 'call_expression') return null;
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  let defaultIndex: number;
  if (isPackageCall(value, imports, 'flag', ['String']) || isPackageCall(value, imports, PFLAG, ['String'])) defaultIndex = 1;
  else if (isPackageCall(value, imports, PFLAG, ['StringP'])) defaultIndex = 2;
  else return null;
  const flagName = args[0];
  if (!isStringLiteral(flagName)) return null;
  const code = rootOf(name.tree).text;
  // A local's `*addr = …` is an assignment singleLocalValue already counted; a file variable's may be in any function.
  const writtenThrough = local === null && new RegExp(`\\*\\s*${name.text}\\s*=(?!=)`).test(code);
  const setByName = new RegExp(`\\bSet\\(\\s*${escapeRegExp(flagName!.text)}`).test(code);
  return writtenThrough || setByName ? null : (args[defaultIndex] ?? null);
}

const PFLAG = 'github.com/spf13/pflag';

/**
 * A name a program gives the listen address of its profiler: `PProfAddr`, `profilerAddr`, `pprofHost`,
 * `ProfilingListen`, `debugProfAddr`, or the setting it reads it from (`PPROFLISTEN`, a `--pprof` flag).
 */
const PROFILER_ADDRESS_NAME = /pprof|profil|prof_?(?:addr|listen|host|port|bind)/i;

/**
 * A listen address the program names for its profiler (`opts.PProfAddr`, `*pprofHost`, `a.opts.ProfilerAddr`), or a
 * local declared once from a setting named so (`hostPort := os.Getenv("PPROFLISTEN")`, `host, _ :=
 * cmd.Flags().GetString("pprof")`, `viper.GetString("pprof-addr")`): the server on it is a profiling endpoint a
 * developer opens on purpose, like one whose handler serves only debug pages (http/debug-endpoints.ts), whatever else
 * its mux holds. Only the name the address is read from counts: a port or a format that builds it
 * (`fmt.Sprintf(":%d", pprofPort)`) is not followed.
 */
function isProfilerAddress(address: SyntaxNode | null | undefined): boolean {
  let value = address ? unparen(address) : null;
  if (value?.type === 'unary_expression' && value.childForFieldName('operator')?.text === '*') value = value.childForFieldName('operand');
  const name = value?.type === 'selector_expression' ? value.childForFieldName('field') : value;
  if ((name?.type === 'identifier' || name?.type === 'field_identifier') && PROFILER_ADDRESS_NAME.test(name.text)) return true;
  return value?.type === 'identifier' && isProfilerSetting(singleLocalValue(value));
}

/** A call that reads a setting by a literal name for the profiler: `os.Getenv("PPROFLISTEN")`, `flags.GetString("pprof")`. */
function isProfilerSetting(value: SyntaxNode | null): boolean {
  if (value?.type !== 'call_expression') return false;
  const first = value.childForFieldName('arguments')?.namedChild(0);
  return isStringLiteral(first) && PROFILER_ADDRESS_NAME.test(first!.text.slice(1, -1));
}

/**
 * A loopback host: a literal (`"localhost"`, `"127.0.0.1"`, `"::1"`), or a local declared once or a constant of the
 * file declared with one.
 */
function isLoopbackHost(host: SyntaxNode | null | undefined): boolean {
  const value = host?.type === 'identifier' ? (singleLocalValue(host) ?? fileConstantValue(host)) : host;
  return isStringLiteral(value) && LOOPBACK_HOST.test(value!.text.slice(1, -1));
}

/**
 * The value of `name := value` (or `var name = value`, `var name T = value`) when that is the only assignment to `name`
 * in its function; null otherwise.
 */
function singleLocalValue(name: SyntaxNode): SyntaxNode | null {
  const body = outermostFunction(name)?.childForFieldName('body');
  if (!body) return null;
  const source = body.text;
  // `name :=` / `name =` (also `name, err :=`), or `var name = ` / `var name T = `.
  const assignment = new RegExp(`(?<![.\\w])(?<!\\bvar\\s+)${name.text}\\s*(?:,\\s*\\w+\\s*)?(:?=)(?!=)|\\bvar\\s+${name.text}(?:[ \\t]+[\\w.*]+)?[ \\t]*(=)(?!=)`, 'g');
  const assignments = [...source.matchAll(assignment)].map((m) => ({
    at: m.index + m[0].search(new RegExp(`\\b${name.text}\\b`)),
    operator: m[1] ?? m[2],
  }));
  if (assignments.length !== 1) return null;
  const at = body.descendantForIndex(body.startIndex + assignments[0].at);
  if (at?.parent?.type === 'var_spec' && at.parent.childForFieldName('name')?.id === at.id) {
    const values = at.parent.childForFieldName('value')?.namedChildren ?? [];
    return at.parent.childrenForFieldName('name').length === 1 && values.length === 1 ? values[0] : null;
  }
  const declaration = at?.parent?.parent;
  if (assignments[0].operator !== ':=' || declaration?.type !== 'short_var_declaration') return null;
  const values = declaration.childForFieldName('right')?.namedChildren ?? [];
  return values.length === 1 && declaration.childForFieldName('left')?.namedChild(0)?.text === name.text ? values[0] : null;
}

/**
 * A listener only this host can reach: `net.Listen("unix", …)`/`net.ListenUnix` (a Unix socket has no remote slow
 * clients), or `net.Listen(network, addr)` on a loopback address. Followed from `ln` or a field `s.ln` through every
 * value its function assigns to it (`ln, err = net.Listen(…)` in each branch of an `if`, `s.ln = ln`, `s.ln, err =
 * net.Listen(…)`): each must be such a listener. A parameter, or a value from any other call, is not known.
 */
function isLocalListener(listener: SyntaxNode | null | undefined, imports: Imports, file: GoFile, depth = 0): boolean {
  if (!listener || (listener.type !== 'identifier' && listener.type !== 'selector_expression')) return false;
  const fn = outermostFunction(listener);
  const assigned = fn ? (assignmentsIn(fn).get(listener.text) ?? []) : [];
  return (
    assigned.length > 0 &&
    assigned.every(({ value, result }) => {
      if (value.type === 'identifier') return depth === 0 && result === 0 && isLocalListener(value, imports, file, 1);
      return result === 0 && isLocalListenCall(value, imports, file);
    })
  );
}

/**
 * `net.Listen("unix", …)`, `net.ListenUnix(…)`, or `net.Listen(network, <loopback address>)`; the same through a
 * `net.ListenConfig`, `lc.Listen(ctx, network, address)` (its fields tune the socket, never the address it binds).
 */
function isLocalListenCall(value: SyntaxNode, imports: Imports, file: GoFile): boolean {
  if (value.type !== 'call_expression') return false;
  if (isPackageCall(value, imports, 'net', ['ListenUnix'])) return true;
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  const [network, address] = isPackageCall(value, imports, 'net', ['Listen']) ? args : isListenConfigListen(value, imports) ? args.slice(1) : [];
  return network != null && (network.text === '"unix"' || isLoopbackAddress(address, imports, file));
}

/**
 * `lc.Listen(…)` where `lc` is a net.ListenConfig: `(&net.ListenConfig{…}).Listen`, or a name its function declares
 * (or takes) as one (`lc := &net.ListenConfig{…}`, `var lc net.ListenConfig`; engine/receivers.ts). Its type stays
 * ListenConfig whatever is assigned later, and the address comes from the call.
 */
function isListenConfigListen(call: SyntaxNode, imports: Imports): boolean {
  const method = methodCall(call);
  if (method?.method !== 'Listen') return false;
  const receiver = unparen(method.receiver);
  if (receiver.type === 'identifier') return localDeclaration(receiver, imports, LISTEN_CONFIG) === 'match';
  const literal = receiver.type === 'unary_expression' && receiver.childForFieldName('operator')?.text === '&' ? receiver.childForFieldName('operand') : receiver;
  return literal != null && isCompositeLiteralOf(literal, imports, 'net', 'ListenConfig');
}

const LISTEN_CONFIG: ReceiverSpec = { importPath: 'net', typeNames: ['ListenConfig'], conventionalName: /^$/ };

interface Use {
  receiver: string;
  scope: number;
  call: SyntaxNode;
}

/**
 * How the uses of a client are matched: by the receiver text it was assigned to (in the same function when that is a
 * local), or by a field name (`x.client`) anywhere in the file.
 */
function usesOf(literal: SyntaxNode, uses: readonly Use[]): Use[] {
  const target = assignedTo(literal);
  if (target && (target.type === 'identifier' || target.type === 'selector_expression')) {
    const scope = target.type === 'identifier' ? functionScope(literal) : -1;
    return uses.filter((u) => u.receiver === target.text && (scope === -1 || u.scope === scope));
  }
  const key = literalKeyOf(literal);
  return key ? uses.filter((u) => u.receiver.endsWith(`.${key}`)) : [];
}

/** Assignments to a field after construction, e.g. `c.Timeout = …`: operand text, in the same function when local. */
class FieldAssignments {
  private readonly scoped = new Set<string>();
  add(operand: SyntaxNode): void {
    this.scoped.add(`${functionScope(operand)}|${operand.text}`);
    this.scoped.add(`*|${operand.text}`);
  }
  /** True when `target` (what a literal was assigned to) gets the field assigned where that name means the same. */
  has(target: SyntaxNode): boolean {
    const local = target.type === 'identifier' && functionScope(target) !== -1;
    return this.scoped.has(local ? `${functionScope(target)}|${target.text}` : `*|${target.text}`);
  }
  hasText(text: string): boolean {
    return this.scoped.has(`*|${text}`);
  }
}

/**
 * A client's Transport that is known not to bound a request: none (http.DefaultTransport), http.DefaultTransport
 * itself, or an http.Transport literal without ResponseHeaderTimeout. A Transport from a parameter, a field or a
 * constructor may be a RoundTripper that enforces its own deadlines: unknown, so not judged.
 */
function transportIsUnbounded(transport: SyntaxNode | undefined, imports: Imports, text: string): boolean {
  if (!transport) return true;
  if (transport.type === 'selector_expression') return (imports.get(HTTP) ?? []).some((n) => transport.text === `${n}.DefaultTransport`);
  // `tr := &http.Transport{…}` in the same function, with no ResponseHeaderTimeout set on it later.
  const local = transport.type === 'identifier' ? localTransportLiteral(transport, text) : null;
  const literal = local ?? (transport.type === 'unary_expression' ? transport.namedChild(0) : transport);
  if (literal?.type !== 'composite_literal' || !isCompositeLiteralOf(literal, imports, HTTP, 'Transport')) return false;
  return !literalFields(literal).has('ResponseHeaderTimeout');
}

/** The `http.Transport` literal `name` was declared with in the function around `name`, unless a field of it is set later. */
function localTransportLiteral(name: SyntaxNode, text: string): SyntaxNode | null {
  const fn = outermostFunction(name);
  const body = fn?.childForFieldName('body');
  if (!body) return null;
  const source = text.slice(body.startIndex, body.endIndex);
  const declared = new RegExp(`\\b${name.text}\\s*:=\\s*&?\\w+\\.Transport\\s*\\{`).exec(source);
  if (!declared || new RegExp(`\\b${name.text}\\.\\w+\\s*=[^=]`).test(source)) return null;
  const brace = body.descendantForIndex(body.startIndex + declared.index + declared[0].length - 1);
  const literal = brace ? ancestorOfType(brace, 'composite_literal', 3) : null;
  return literal?.type === 'composite_literal' ? literal : null;
}

/**
 * `oauth2.NewClient(context.Background(), src)`: an http.Client over http.DefaultTransport with no Timeout. With another
 * context the base client comes from the context's oauth2.HTTPClient value, which we cannot see.
 */
function oauth2Clients(root: SyntaxNode, text: string, imports: Imports): SyntaxNode[] {
  if (!imports.has(OAUTH2)) return [];
  return nodesAtMatches(root, text, /\.NewClient\s*\(/g).flatMap((at) => {
    const call = ancestorOfType(at, 'call_expression', 2);
    if (!call || !isPackageCall(call, imports, OAUTH2, ['NewClient'])) return [];
    const context = call.childForFieldName('arguments')?.namedChild(0)?.text.replace(/\s/g, '');
    return context === 'context.Background()' || context === 'context.TODO()' ? [call] : [];
  });
}

/**
 * `srv := http.Server{}` followed by another assignment of `srv` in the function (`srv = http.Server{Addr: …,
 * ReadHeaderTimeout: …}` on each branch): the empty literal is a placeholder, and what is served is what replaced it,
 * judged where it is written.
 */
function replacedLater(literal: SyntaxNode, target: SyntaxNode | null): boolean {
  const fn = outermostFunction(literal);
  if (target?.type !== 'identifier' || !fn) return false;
  return (assignmentsIn(fn).get(target.text) ?? []).some(({ value }) => value.startIndex > literal.endIndex);
}

/**
 * `regSvr := &http.Server{Handler: h}` whose every later mention reads a field (`router.Handle("/v2", regSvr.Handler)`):
 * the server never listens, and is never handed anywhere that could serve it. Only its handler is served, by a server
 * judged where it is written.
 */
function neverServed(literal: SyntaxNode, target: SyntaxNode | null, text: string): boolean {
  const body = outermostFunction(literal)?.childForFieldName('body');
  if (target?.type !== 'identifier' || !body || target.parent?.parent?.type !== 'short_var_declaration') return false;
  const inBody = (n: SyntaxNode): boolean => n.startIndex >= body.startIndex && n.endIndex <= body.endIndex;
  const mentions = nodesAtMatches(body, text, new RegExp(`(?<![\\w.])${target.text}(?!\\w)`, 'g')).filter(inBody);
  return mentions.every((m) => {
    if (m.id === target.id || m.type !== 'identifier' || m.text !== target.text) return true;
    const selector = m.parent;
    if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.id !== m.id) return false;
    return !SERVER_FUNCTIONS.includes(selector.childForFieldName('field')?.text ?? '');
  });
}

export const rule: Rule = {
  id: 'no-timeout',
  defaultSeverity: 'warning',
  summary: 'HTTP requests or servers without a timeout: one stalled peer hangs a goroutine and a connection forever.',
  check(ctx) {
    if (isGoTestFile(ctx.file.path)) return;
    const root = rootOf(ctx.file.tree);
    const imports = factsOf(ctx.file).imports;
    const httpNames = imports.get(HTTP);
    if (!httpNames) return;
    const defaultClient = new Set(httpNames.map((n) => `${n}.DefaultClient`));

    const clientLiterals: SyntaxNode[] = [];
    const serverLiterals: SyntaxNode[] = [];
    const defaultClientCalls: SyntaxNode[] = [];
    const serverCalls: SyntaxNode[] = [];
    const clientCalls: Use[] = [];
    const serveCalls: Use[] = [];
    const timeoutSetOn = new FieldAssignments();
    const readTimeoutSetOn = new FieldAssignments();

    // Visit only the places the text can hold what this rule looks for, instead of walking the whole tree.
    const text = ctx.file.text;
    const pkg = `(?:${httpNames.join('|')})`;
    for (const at of nodesAtMatches(root, text, new RegExp(`\\b${pkg}\\.(?:Client|Server)\\s*\\{`, 'g'))) {
      const literal = ancestorOfType(at, 'composite_literal', 3);
      if (literal && isCompositeLiteralOf(literal, imports, HTTP, 'Client')) clientLiterals.push(literal);
      else if (literal && isCompositeLiteralOf(literal, imports, HTTP, 'Server')) serverLiterals.push(literal);
    }
    for (const at of nodesAtMatches(root, text, /\.(Do|Get|Post|Head|PostForm|ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)\s*\(/g)) {
      const call = ancestorOfType(at, 'call_expression', 2);
      if (!call || call.childForFieldName('function')?.id !== at.parent?.id) continue;
      const target = packageCall(call, imports);
      if (target) {
        if (target.importPath === HTTP && DEFAULT_CLIENT_FUNCTIONS.includes(target.name)) defaultClientCalls.push(call);
        else if (target.importPath === HTTP && SERVER_FUNCTIONS.includes(target.name)) serverCalls.push(call);
        continue;
      }
      const method = methodCall(call);
      if (method && SERVER_FUNCTIONS.includes(method.method)) serveCalls.push({ receiver: method.receiver.text, scope: functionScope(call), call });
      if (!method || !CLIENT_METHODS.includes(method.method)) continue;
      if (defaultClient.has(method.receiver.text)) defaultClientCalls.push(call);
      else clientCalls.push({ receiver: method.receiver.text, scope: functionScope(call), call });
    }
    for (const at of nodesAtMatches(root, text, /\.(Timeout|ReadHeaderTimeout|ReadTimeout)\s*=[^=]/g)) {
      const left = at.parent;
      const assignment = left && ancestorOfType(left, 'assignment_statement', 2);
      const operand = left?.type === 'selector_expression' ? left.childForFieldName('operand') : null;
      if (!assignment || !operand || assignment.childForFieldName('left')?.id !== left?.parent?.id) continue;
      if (at.text === 'Timeout') timeoutSetOn.add(operand);
      else readTimeoutSetOn.add(operand);
    }

    // A call is reported only when it is seen whole: the client is known to have no timeout, and the request is known
    // to carry no deadline (Get/Post/Head/PostForm have no context; Do's request was built here without a deadline).
    // A request made at most once per process (main, a command's action, a helper only those call once, outside any
    // loop), or by command code that nothing shows repeating within one invocation (`step crl inspect` fetching one
    // CRL), can hang only that one run, which its user sees and interrupts; a stall piles up where requests repeat.
    const deadlines = new DeadlineRequests(imports);
    const unbounded = (call: SyntaxNode): boolean =>
      (methodCall(call)?.method !== 'Do' || deadlines.boundOf(call.childForFieldName('arguments')?.namedChild(0) ?? null) === 'none') &&
      !boundedPerRun(call, enclosingFunction(call), ctx.file);

    if (![...defaultClient].some((d) => timeoutSetOn.hasText(d))) {
      for (const call of defaultClientCalls) {
        if (!unbounded(call)) continue;
        const fn = call.childForFieldName('function')?.text ?? 'this call';
        ctx.report({
          message: `${fn} uses http.DefaultClient, which has no timeout, so a stalled server hangs this call and its connection forever; use an http.Client with Timeout set.`,
          range: rangeOf(call.childForFieldName('function') ?? call),
          fixes: [useTimeoutClientFix(call, root, ctx.file.text, imports)].filter((f) => f !== null),
        });
      }
    }

    for (const literal of clientLiterals) {
      const fields = literalFields(literal);
      if (fields.has('Timeout') || !transportIsUnbounded(fields.get('Transport'), imports, text)) continue;
      const target = assignedTo(literal);
      if (target && timeoutSetOn.has(target)) continue;
      if (!usesOf(literal, clientCalls).some((u) => unbounded(u.call))) continue;
      const typeEnd = literal.childForFieldName('type') ?? literal;
      const fix = addClientTimeoutFix(literal, root, ctx.file.text, imports);
      ctx.report({
        message: 'This http.Client has no Timeout, so a stalled server hangs a request, its goroutine and its connection forever; set Timeout (for example 10 * time.Second).',
        range: { start: rangeOf(valueExpression(literal)).start, end: rangeOf(typeEnd).end },
        fixes: fix ? [fix] : [],
      });
    }

    for (const call of oauth2Clients(root, text, imports)) {
      const target = assignedTo(call);
      if (target && timeoutSetOn.has(target)) continue;
      if (!usesOf(call, clientCalls).some((u) => unbounded(u.call))) continue;
      ctx.report({
        message: `The client from ${call.childForFieldName('function')?.text ?? 'oauth2.NewClient'} with context.Background() has no Timeout, so a stalled server hangs a request, its goroutine and its connection forever; set its Timeout (for example 10 * time.Second).`,
        range: rangeOf(call.childForFieldName('function') ?? call),
      });
    }

    // A program that opens the user's browser serves its local UI to that one browser (http/local-ui.ts).
    if (opensBrowser(text, imports)) return;
    // A server whose handler serves only pprof/expvar pages is a profiling endpoint, not a service (http/debug-endpoints.ts).
    const servesOnlyDebug = debugOnlyServers(ctx.file, imports, ctx.packageSummaries);
    const siblings = ctx.packageSummaries?.programSiblings() ?? [];

    for (const literal of serverLiterals) {
      const fields = literalFields(literal);
      const address = fields.get('Addr');
      if (SERVER_TIMEOUTS.some((k) => fields.has(k)) || isLoopbackAddress(address, imports, ctx.file) || isProfilerAddress(address)) continue;
      if (serverSetUpElsewhere(literal, imports)) continue;
      const target = assignedTo(literal);
      if (target && readTimeoutSetOn.has(target)) continue;
      if ((fields.size === 0 && replacedLater(literal, target)) || neverServed(literal, target, text)) continue;
      const served = usesOf(literal, serveCalls);
      // Without a Handler field the server falls back to DefaultServeMux, known only for a local served right here or a
      // server kept in a private field that nothing sets Handler through (a returned or stored literal may get its
      // Handler from the code that takes it).
      const handler = fields.get('Handler');
      const handlerKnown = handler !== undefined || (target?.type === 'identifier' && served.length > 0) || handlerOnlyFromLiteral(literal, text, siblings);
      // `srv.Handler = mux` after the literal: the one such assignment, on a literal without a Handler, is what it serves.
      const setLater = target !== null && handlerSetLater(target, text);
      const servedHandler = setLater ? (handler === undefined ? onlyLaterHandler(target) : null) : handler;
      if (handlerKnown && (!setLater || servedHandler) && servesOnlyDebug(servedHandler)) continue;
      // `srv.Serve(ln)` only ever on a Unix-socket or loopback listener: no remote client reaches this server.
      const onLocalListener = (u: Use): boolean =>
        ['Serve', 'ServeTLS'].includes(methodCall(u.call)?.method ?? '') && isLocalListener(u.call.childForFieldName('arguments')?.namedChild(0), imports, ctx.file);
      if (served.length > 0 && served.every(onLocalListener)) continue;
      ctx.report({
        message: 'This http.Server has no ReadHeaderTimeout, so slow or idle clients hold connections and goroutines open indefinitely; set ReadHeaderTimeout (and IdleTimeout).',
        range: { start: rangeOf(valueExpression(literal)).start, end: rangeOf(literal.childForFieldName('type') ?? literal).end },
      });
    }

    for (const call of serverCalls) {
      const first = call.childForFieldName('arguments')?.namedChild(0);
      const served = call.childForFieldName('function')?.text.endsWith('ListenAndServe') || call.childForFieldName('function')?.text.endsWith('ListenAndServeTLS');
      if (served ? isLoopbackAddress(first, imports, ctx.file) || isProfilerAddress(first) : isLocalListener(first, imports, ctx.file)) continue;
      if (servesOnlyDebug(handlerArgument(call))) continue;
      const fn = call.childForFieldName('function')?.text ?? 'this call';
      ctx.report({
        message: `${fn} runs a server that has no timeouts, so slow clients hold connections and goroutines open indefinitely; build an http.Server with ReadHeaderTimeout and call its ${fn.split('.').pop()} method.`,
        range: rangeOf(call.childForFieldName('function') ?? call),
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'no-timeout': true;
  }
}
