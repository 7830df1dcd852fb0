// A connection or listener that is not closed keeps its socket (and the peer's) open for the life of the process.
import { methodCall, packageCall } from '../ast';
import { deferAfterCheck } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import { receiverIs, type ReceiverSpec } from '../engine/receivers';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

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
});

export const rule: Rule = {
  id: 'unclosed-conn',
  defaultSeverity: 'warning',
  summary: 'A connection or listener (net.Dial/Listen, tls.Dial, grpc.Dial/NewClient, ssh.Dial) is not closed on every path.',
  resources: [connKind],
  check(ctx) {
    reportLifecycle(ctx, connKind, {
      subject: (a) => a.name ?? 'the connection',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The connection from ${a.callee} is discarded and can never be closed: keep it and add defer conn.Close() once the call has succeeded.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-conn': true;
  }
}
