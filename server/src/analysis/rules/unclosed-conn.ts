// A connection or listener that is not closed keeps its socket (and the peer's) open for the life of the process.
import { deferAfterCheck } from '../engine/fixes';
import { KINDS } from '../engine/kinds';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'unclosed-conn',
  defaultSeverity: 'warning',
  summary: 'A connection or listener (net.Dial/Listen, tls.Dial, grpc.Dial/NewClient, ssh.Dial) is not closed on every path.',
  check(ctx) {
    reportLifecycle(ctx, KINDS.conn, {
      subject: (a) => a.name ?? 'the connection',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path: add \`defer ${subject}.Close()\` after the error check.`,
      discarded: (a) => `The connection from ${a.callee} is discarded and can never be closed: keep it and add \`defer conn.Close()\` after the error check.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
    });
  },
};
