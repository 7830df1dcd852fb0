// An *os.File that is not closed holds a file descriptor until the process exits; long-running tools hit the fd limit.
import { deferAfterCheck } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import { descendantsOfType, rootOf, topLevelDeclarations } from '../ast';
import type { GoFile, Rule } from '../rule';

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

/**
 * A file from a helper of this file that hands back a standard stream on some path (`if fp == "--" { return os.Stdout,
 * nil }`), closed under a condition that is no error check (`if !isStdOut(fp) { defer f.Close() }`): that condition
 * tells the standard stream, which must not be closed, from a created file. Which one the call gets depends on the
 * helper's argument, which the analyzer does not follow; a path that skips the close may well be the stream's.
 */
function closedUnlessStandardStream(a: Acquisition, file: GoFile): boolean {
  if (!a.name || !a.fn || !/^[A-Za-z_]\w*$/.test(a.callee)) return false;
  const osNames = topLevelDeclarations(file.tree).imports.get('os');
  if (!osNames) return false;
  const helper = rootOf(file.tree).namedChildren.find((d) => d?.type === 'function_declaration' && d.childForFieldName('name')?.text === a.callee);
  const streams = new RegExp(`\\b(?:${osNames.join('|')})\\.Std(?:in|out|err)\\b`);
  if (!helper || !streams.test(helper.childForFieldName('body')?.text ?? '')) return false;
  const close = new RegExp(`(?<![\\w.])${a.name}\\.Close\\(\\)`);
  return descendantsOfType(a.fn, ['if_statement']).some((s) => {
    const condition = s.childForFieldName('condition')?.text ?? '';
    return !/\b(?:err\w*|nil)\b/.test(condition) && close.test(s.childForFieldName('consequence')?.text ?? '');
  });
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
      skip: (a) => heldAsLock(a) || closedUnlessStandardStream(a, ctx.file) || onceAtMost(a),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-file': true;
  }
}
