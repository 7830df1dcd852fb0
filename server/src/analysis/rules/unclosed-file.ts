// An *os.File that is not closed holds a file descriptor until the process exits; long-running tools hit the fd limit.
import { deferAfterCheck } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
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

/** `unix.Flock(int(f.Fd()), …)`, `syscall.Flock(…)`, `unix.FcntlFlock(f.Fd(), …)`: a lock taken on the file's descriptor. */
const LOCK_ON_DESCRIPTOR = /\b(?:unix|syscall)\s*\.\s*(?:Flock|FcntlFlock)\s*\(\s*(?:int\s*\(\s*)?([A-Za-z_]\w*)\s*\.\s*Fd\s*\(\s*\)/g;

/**
 * A file whose descriptor its function locks (`unix.Flock(int(f.Fd()), unix.LOCK_SH)`) is kept open to hold the lock: a
 * pid file, a state directory guarded against cleanup. Closing it would drop the lock, so leaving it open is the point.
 */
function heldAsLock(a: Acquisition): boolean {
  if (!a.name || !a.fn) return false;
  return [...a.fn.text.matchAll(LOCK_ON_DESCRIPTOR)].some((m) => m[1] === a.name);
}

export const rule: Rule = {
  id: 'unclosed-file',
  defaultSeverity: 'warning',
  summary: 'A file from os.Open/Create/OpenFile/CreateTemp is not closed on every path.',
  resources: [fileKind],
  check(ctx) {
    const onceAtMost = leaksAtMostOncePerProcess(ctx.file);
    reportLifecycle(ctx, fileKind, {
      subject: (a) => a.name ?? 'the file',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The file from ${a.callee} is discarded and can never be closed: keep it and add defer f.Close() once the call has succeeded.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
      skip: (a) => heldAsLock(a) || onceAtMost(a),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-file': true;
  }
}
