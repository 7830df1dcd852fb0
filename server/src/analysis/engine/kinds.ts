// The resource table: which calls acquire what, and which calls release it. One entry per lifecycle rule family;
// rules pick their kinds by id and the engine does the rest.
import { methodCall, packageCall } from '../ast';
import type { SyntaxNode } from '../parser';
import type { RuleId } from '../types';
import type { FileFacts } from './file-facts';
import { receiverIs, type ReceiverSpec } from './receivers';

export interface ResourceKind {
  rule: RuleId;
  /** Which result of the acquiring call is the resource (0: resp, f, ticker; 1: cancel), or 'first-argument' (signal.Notify(ch)). */
  resource: number | 'first-argument';
  /** The call also returns an error as its last result (`resp, err := …`). */
  returnsError: boolean;
  /** Fields from the variable to the thing released: ['Body'] for a response, [] otherwise. */
  resourcePath: string[];
  /** Methods on the resource that release it; '()' means calling the variable itself (a cancel func). */
  releaseMethods: string[];
  /** Package functions releasing their first argument: signal.Stop(ch). */
  releaseFunctions?: { importPath: string; name: string }[];
  /** For resources that start idle (exec.Cmd): the methods that make them need a release. */
  openMethods?: string[];
  /** A closure that captures the resource and runs later counts as handing it off. */
  closureCaptureHandsOff: boolean;
  /** Verb for related messages: "closing", "stopping", "calling". */
  verb: string;
  /** Recognises an acquiring call (already known to call one of `names`). */
  matches(call: SyntaxNode, facts: FileFacts): boolean;
  /** Callee names to look up in FileFacts.callsByName. */
  names: string[];
}

function isPkg(call: SyntaxNode, facts: FileFacts, importPath: string, names: readonly string[]): boolean {
  const target = packageCall(call, facts.imports);
  return target !== null && target.importPath === importPath && names.includes(target.name);
}

function argumentCount(call: SyntaxNode): number {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 0;
}

const HTTP_CLIENT: ReceiverSpec = {
  importPath: 'net/http',
  typeNames: ['Client'],
  packageVariables: ['DefaultClient'],
  conventionalName: /^(client|httpClient|httpc|hc|HTTPClient|httpClt)$/,
};
const HTTP_CLIENT_ARITY: Record<string, number> = { Do: 1, Get: 1, Head: 1, Post: 3, PostForm: 2 };

const SQL_HANDLE: ReceiverSpec = {
  importPath: 'database/sql',
  typeNames: ['DB', 'Tx', 'Conn'],
  constructors: 'sql\\.Open|\\.Begin|\\.BeginTx|\\.Conn',
  conventionalName: /^(db|tx|conn|database|sqlDB|DB|Tx|\w+DB|\w+Tx)$/,
};

const NET_DIALER: ReceiverSpec = {
  importPath: 'net',
  typeNames: ['Dialer'],
  conventionalName: /^(dialer|netDialer|\w+Dialer)$/,
};

const bodyKind: ResourceKind = {
  rule: 'unclosed-body',
  resource: 0,
  returnsError: true,
  resourcePath: ['Body'],
  releaseMethods: ['Close'],
  closureCaptureHandsOff: true,
  verb: 'closing',
  names: ['Get', 'Post', 'Head', 'PostForm', 'Do'],
  matches(call, facts) {
    if (isPkg(call, facts, 'net/http', ['Get', 'Post', 'Head', 'PostForm'])) return true;
    const m = methodCall(call);
    if (!m || HTTP_CLIENT_ARITY[m.method] !== argumentCount(call)) return false;
    return receiverIs(m.receiver, facts, HTTP_CLIENT);
  },
};

const fileKind: ResourceKind = {
  rule: 'unclosed-file',
  resource: 0,
  returnsError: true,
  resourcePath: [],
  releaseMethods: ['Close'],
  closureCaptureHandsOff: true,
  verb: 'closing',
  names: ['Open', 'Create', 'OpenFile', 'CreateTemp'],
  matches: (call, facts) => isPkg(call, facts, 'os', ['Open', 'Create', 'OpenFile', 'CreateTemp']),
};

const tickerKind: ResourceKind = {
  rule: 'ticker-not-stopped',
  resource: 0,
  returnsError: false,
  resourcePath: [],
  releaseMethods: ['Stop'],
  closureCaptureHandsOff: true,
  verb: 'stopping',
  names: ['NewTicker', 'NewTimer'],
  matches: (call, facts) => isPkg(call, facts, 'time', ['NewTicker', 'NewTimer']),
};

const CONTEXT_CONSTRUCTORS = ['WithCancel', 'WithCancelCause', 'WithTimeout', 'WithTimeoutCause', 'WithDeadline', 'WithDeadlineCause'];
const cancelKind: ResourceKind = {
  rule: 'lost-cancel',
  resource: 1,
  returnsError: false,
  resourcePath: [],
  releaseMethods: ['()'],
  closureCaptureHandsOff: true,
  verb: 'calling',
  names: CONTEXT_CONSTRUCTORS,
  matches: (call, facts) => isPkg(call, facts, 'context', CONTEXT_CONSTRUCTORS),
};

const tickKind: ResourceKind = {
  rule: 'time-tick-leak',
  resource: 0,
  returnsError: false,
  resourcePath: [],
  releaseMethods: [],
  closureCaptureHandsOff: true,
  verb: 'stopping',
  names: ['Tick'],
  matches: (call, facts) => isPkg(call, facts, 'time', ['Tick']),
};

const NET_DIALS = ['Dial', 'DialTimeout', 'DialTCP', 'DialUDP', 'DialUnix', 'Listen', 'ListenPacket', 'ListenTCP', 'ListenUDP', 'ListenUnix'];
const connKind: ResourceKind = {
  rule: 'unclosed-conn',
  resource: 0,
  returnsError: true,
  resourcePath: [],
  releaseMethods: ['Close'],
  closureCaptureHandsOff: true,
  verb: 'closing',
  names: [...NET_DIALS, 'DialContext', 'DialWithDialer', 'NewClient'],
  matches(call, facts) {
    if (isPkg(call, facts, 'net', NET_DIALS)) return true;
    if (isPkg(call, facts, 'crypto/tls', ['Dial', 'DialWithDialer', 'Listen'])) return true;
    if (isPkg(call, facts, 'google.golang.org/grpc', ['Dial', 'DialContext', 'NewClient'])) return true;
    if (isPkg(call, facts, 'golang.org/x/crypto/ssh', ['Dial'])) return true;
    if (packageCall(call, facts.imports)) return false;
    const m = methodCall(call);
    return m !== null && (m.method === 'Dial' || m.method === 'DialContext') && receiverIs(m.receiver, facts, NET_DIALER);
  },
};

const rowsKind: ResourceKind = {
  rule: 'unclosed-rows',
  resource: 0,
  returnsError: true,
  resourcePath: [],
  releaseMethods: ['Close'],
  closureCaptureHandsOff: true,
  verb: 'closing',
  names: ['Query', 'QueryContext', 'Prepare', 'PrepareContext'],
  matches(call, facts) {
    const m = methodCall(call);
    if (!m || packageCall(call, facts.imports)) return false;
    const minArgs = m.method.endsWith('Context') ? 2 : 1;
    return argumentCount(call) >= minArgs && receiverIs(m.receiver, facts, SQL_HANDLE);
  },
};

const cmdKind: ResourceKind = {
  rule: 'cmd-not-waited',
  resource: 0,
  returnsError: false,
  resourcePath: [],
  releaseMethods: ['Wait', 'Run', 'Output', 'CombinedOutput'],
  openMethods: ['Start', 'StdoutPipe', 'StderrPipe', 'StdinPipe'],
  closureCaptureHandsOff: true,
  verb: 'waiting for',
  names: ['Command', 'CommandContext'],
  matches: (call, facts) => isPkg(call, facts, 'os/exec', ['Command', 'CommandContext']),
};

const SIGNAL_STOP = [{ importPath: 'os/signal', name: 'Stop' }];
const signalKind: ResourceKind = {
  rule: 'signal-not-stopped',
  resource: 'first-argument',
  returnsError: false,
  resourcePath: [],
  releaseMethods: [],
  releaseFunctions: SIGNAL_STOP,
  // A goroutine that waits on the channel does not unregister it.
  closureCaptureHandsOff: false,
  verb: 'stopping',
  names: ['Notify'],
  matches: (call, facts) => isPkg(call, facts, 'os/signal', ['Notify']),
};

const notifyContextKind: ResourceKind = {
  ...cancelKind,
  rule: 'signal-not-stopped',
  names: ['NotifyContext'],
  matches: (call, facts) => isPkg(call, facts, 'os/signal', ['NotifyContext']),
};

export const KINDS = {
  body: bodyKind,
  file: fileKind,
  ticker: tickerKind,
  cancel: cancelKind,
  tick: tickKind,
  conn: connKind,
  rows: rowsKind,
  cmd: cmdKind,
  signal: signalKind,
  notifyContext: notifyContextKind,
} as const;

/** Acquiring calls of `kind` in the file, in source order. */
export function acquisitionsOf(kind: ResourceKind, facts: FileFacts): SyntaxNode[] {
  const calls = kind.names.flatMap((n) => facts.callsByName.get(n) ?? []);
  return calls.filter((c) => kind.matches(c, facts)).sort((a, b) => a.startIndex - b.startIndex);
}
