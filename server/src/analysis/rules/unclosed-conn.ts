// A connection or listener that is not closed keeps its socket (and the peer's) open for the life of the process.
import { enclosingFunction, methodCall, nodesAtMatches, packageCall } from '../ast';
import { deferAfterCheck } from '../engine/fixes';
import type { FileFacts } from '../engine/file-facts';
import { acquisitionsOf, boundToOtherThanTwo, isPkg, resourceKind } from '../engine/kinds';
import { receiverIs, type ReceiverSpec } from '../engine/receivers';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule } from '../rule';
import type { Acquisition } from '../engine/lifecycle';
import { seenToRepeat } from '../flow/seen-to-repeat';
import { assignedTo } from '../syntax/assignments';
import { contains } from '../concurrency/syntax';
import { failureBranch } from '../flow/error-branch';

const NET_DIALER: ReceiverSpec = {
  importPath: 'net',
  typeNames: ['Dialer'],
  conventionalName: /^(dialer|netDialer|\w+Dialer)$/,
};

const NET_DIALS = ['Dial', 'DialTimeout', 'DialTCP', 'DialUDP', 'DialUnix', 'Listen', 'ListenPacket', 'ListenTCP', 'ListenUDP', 'ListenUnix'];
const connKind = resourceKind({
  rule: 'unclosed-conn',
  key: 'conn',
  returnsError: true,
  releaseMethods: ['Close'],
  // net.Conn/Listener and their concrete types, grpc.ClientConn, ssh.Client, or the io interfaces a conn is passed as.
  resourceTypes: ['Conn', 'TCPConn', 'UDPConn', 'Listener', 'ClientConn', 'Client', 'Closer', 'ReadWriteCloser'],
  verb: 'closing',
  heldByDeferInLoop: true,
  // Setting a deadline fails only on a conn already closed: returning on that error drops nothing worth a warning.
  // Of the conns dialled here only tls.Dial's has Handshake, and tls.Dial has completed it (closing the conn when it
  // failed): a later Handshake returns nil, so its failure branch is never taken.
  failuresNotJudged: ['SetDeadline', 'SetReadDeadline', 'SetWriteDeadline', 'Handshake'],
  names: [...NET_DIALS, 'DialContext', 'DialWithDialer', 'NewClient'],
  matches(call, facts) {
    if (isPkg(call, facts, 'net', NET_DIALS)) return true;
    if (isPkg(call, facts, 'crypto/tls', ['Dial', 'DialWithDialer', 'Listen'])) return true;
    if (isPkg(call, facts, 'google.golang.org/grpc', ['Dial', 'DialContext', 'NewClient'])) return true;
    if (isPkg(call, facts, 'golang.org/x/crypto/ssh', ['Dial'])) return true;
    if (packageCall(call, facts.imports)) return false;
    const m = methodCall(call);
    // `conn, resp, err := dialer.Dial(…)`: net.Dialer's Dial returns (Conn, error), so a call bound to another number
    // of names is another package's dialer (a WebSocket dialer), whatever the receiver is called.
    if (m === null || (m.method !== 'Dial' && m.method !== 'DialContext') || boundToOtherThanTwo(call)) return false;
    return receiverIs(m.receiver, facts, NET_DIALER);
  },
});

/** Wrappers that take over a connection: closing the wrapper closes the connection (smtp.Client.Quit does too). */
const CONN_WRAPPERS: ReadonlyArray<{ importPath: string; names: string[] }> = [
  { importPath: 'net/smtp', names: ['NewClient'] },
  { importPath: 'crypto/tls', names: ['Client', 'Server'] },
  { importPath: 'net/textproto', names: ['NewConn'] },
  { importPath: 'golang.org/x/crypto/ssh', names: ['NewClientConn'] },
];

/**
 * `c, err := smtp.NewClient(conn, host)` where conn was dialled in the same function and is never used again except
 * through its methods (`conn.SetDeadline(…)`): the wrapper now owns the socket and must be closed. A connection from
 * elsewhere, or one the function also closes or hands on itself, is not the wrapper's alone: not judged.
 */
function wrapsLocalConn(call: SyntaxNode, facts: FileFacts): boolean {
  if (!CONN_WRAPPERS.some((w) => isPkg(call, facts, w.importPath, w.names))) return false;
  const conn = call.childForFieldName('arguments')?.namedChild(0);
  const fn = enclosingFunction(call);
  const body = fn?.childForFieldName('body');
  if (conn?.type !== 'identifier' || !body) return false;
  const dialled = acquisitionsOf(connKind, facts).some((dial) => enclosingFunction(dial)?.id === fn!.id && assignedTo(dial)?.text === conn.text);
  if (!dialled) return false;
  // The raw connection is never closed here (except where the wrapper call itself failed, and the conn is still the
  // function's), and after the wrapper call it is only a method receiver.
  const wrapperFailed = failureBranchAfter(call, facts);
  return nodesAtMatches(body, facts.file.text, new RegExp(`\\b${conn.text}\\b`, 'g')).every((use) => {
    const inBody = use.startIndex >= body.startIndex && use.endIndex <= body.endIndex;
    if (!inBody || use.type !== 'identifier' || use.text !== conn.text || use.id === conn.id) return true;
    const selector = use.parent?.type === 'selector_expression' && use.parent.childForFieldName('operand')?.id === use.id ? use.parent : null;
    if (selector) return selector.childForFieldName('field')?.text !== 'Close' || (wrapperFailed !== null && contains(wrapperFailed, use));
    return use.startIndex < call.startIndex;
  });
}

/**
 * `c, err := smtp.NewClient(conn, host)` followed at once by `if err != nil { … }`: the block run when the wrapper call
 * failed (no wrapper exists there, so closing the raw conn in it is the function's own cleanup). Null for any other shape.
 */
function failureBranchAfter(call: SyntaxNode, facts: FileFacts): SyntaxNode | null {
  const statement = assignedTo(call)?.parent?.parent;
  const left = statement?.childForFieldName('left');
  if (!statement || statement.type !== 'short_var_declaration' && statement.type !== 'assignment_statement' || left?.type !== 'expression_list') return null;
  const errName = left.namedChild(left.namedChildCount - 1)?.text ?? null;
  const next = statement.nextNamedSibling;
  const condition = next?.type === 'if_statement' && !next.childForFieldName('initializer') ? next.childForFieldName('condition') : null;
  if (!condition || !errName || errName === '_') return null;
  const failed = failureBranch(condition, { errName, name: null }, facts.imports);
  if (failed?.subject !== 'error') return null;
  return next!.childForFieldName(failed.branch === 'then' ? 'consequence' : 'alternative');
}

const wrappedConnKind = resourceKind({
  rule: 'unclosed-conn',
  key: 'wrapped-conn',
  returnsError: true,
  releaseMethods: ['Close', 'Quit'],
  resourceTypes: [],
  verb: 'closing',
  heldByDeferInLoop: true,
  names: ['NewClient', 'Client', 'Server', 'NewConn', 'NewClientConn'],
  matches: wrapsLocalConn,
});

/** `net.Listen`, `tls.Listen`, `net.ListenPacket`, `ListenTCP`…, or a helper named so. */
const LISTEN_CALL = /(?:^|\.)Listen\w*$/;

/**
 * A listener handed on to a server is made once for the life of that server. One left open on a startup error path is
 * a single descriptor until the process ends, unless the code that makes it runs again (per config reload, per test
 * server, in a loop): judged only where that repetition is seen. A listener its function closes itself (a port probe,
 * a scoped listener) is not one of those, and is judged like a connection.
 */
function listenerNotRemade(file: GoFile): (a: Acquisition) => boolean {
  return (a) => LISTEN_CALL.test(a.callee) && a.name !== null && !closedByItsFunction(a.name, a.fn, file) && !seenToRepeat(a.call, a.fn, file);
}

function closedByItsFunction(name: string, fn: SyntaxNode | null, file: GoFile): boolean {
  const body = fn?.childForFieldName('body');
  if (!body) return false;
  return nodesAtMatches(body, file.text, new RegExp(`\\b${name}\\.Close\\s*\\(`, 'g')).some((node) => node.type === 'identifier' && contains(body, node));
}

function either(...skips: Array<(a: Acquisition) => boolean>): (a: Acquisition) => boolean {
  return (a) => skips.some((skip) => skip(a));
}

export const rule: Rule = {
  id: 'unclosed-conn',
  defaultSeverity: 'warning',
  summary: 'A connection or listener (net.Dial/Listen, tls.Dial, grpc.Dial/NewClient, ssh.Dial) is not closed on every path.',
  resources: [connKind, wrappedConnKind],
  check(ctx) {
    reportLifecycle(ctx, connKind, {
      subject: (a) => a.name ?? 'the connection',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The connection from ${a.callee} is discarded and can never be closed: keep it and add defer conn.Close() once the call has succeeded.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
      skip: either(leaksAtMostOncePerProcess(ctx.file), listenerNotRemade(ctx.file)),
    });
    reportLifecycle(ctx, wrappedConnKind, {
      subject: (a) => a.name ?? 'the wrapper',
      leak: (a, subject) => `${subject} from ${a.callee} now owns the connection and is not closed on every path, so the socket stays open: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The result of ${a.callee} owns the connection and is discarded, so the socket can never be closed: keep it and close it.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
      skip: leaksAtMostOncePerProcess(ctx.file),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-conn': true;
  }
}
