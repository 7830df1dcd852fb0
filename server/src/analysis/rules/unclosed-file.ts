// An *os.File that is not closed holds a file descriptor until the process exits; long-running tools hit the fd limit.
import { deferAfterCheck } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

const fileKind = resourceKind({
  rule: 'unclosed-file',
  key: 'file',
  returnsError: true,
  releaseMethods: ['Close'],
  // An *os.File, or the file handed on as one of the io interfaces it implements.
  resourceTypes: ['File', 'Closer', 'ReadCloser', 'ReadWriteCloser', 'Reader'],
  verb: 'closing',
  heldByDeferInLoop: true,
  names: ['Open', 'Create', 'OpenFile', 'CreateTemp'],
  matches: (call, facts) => isPkg(call, facts, 'os', ['Open', 'Create', 'OpenFile', 'CreateTemp']),
});

export const rule: Rule = {
  id: 'unclosed-file',
  defaultSeverity: 'warning',
  summary: 'A file from os.Open/Create/OpenFile/CreateTemp is not closed on every path.',
  resources: [fileKind],
  check(ctx) {
    reportLifecycle(ctx, fileKind, {
      subject: (a) => a.name ?? 'the file',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The file from ${a.callee} is discarded and can never be closed: keep it and add defer f.Close() once the call has succeeded.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
      skip: leaksAtMostOncePerProcess(ctx.file),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-file': true;
  }
}
