// signal.Notify registers a channel for the life of the process. A function that returns without signal.Stop keeps
// the registration (and whatever goroutine waits on the channel); signal.NotifyContext's stop restores the default.
import { statementsOf } from '../ast';
import { seenToRepeat } from '../flow/seen-to-repeat';
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { cancelFunctionKind, isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import type { SyntaxNode } from '../parser';
import type { Rule, RuleContext } from '../rule';
import { rootOf } from '../ast';
import { packageVariables } from '../syntax/value-flow';

const signalKind = resourceKind({
  rule: 'signal-not-stopped',
  key: 'signal',
  resource: 'first-argument',
  returnsError: false,
  // The registration belongs to the channel's holder; a helper returning the channel does not hand on a release.
  returnedByHelpers: false,
  releaseMethods: [],
  releaseFunctions: [{ importPath: 'os/signal', name: 'Stop' }],
  // The channel: `chan os.Signal`, `chan<- os.Signal`.
  resourceTypes: ['Signal'],
  // A goroutine that waits on the channel does not unregister it.
  closureCaptureHandsOff: false,
  verb: 'stopping',
  names: ['Notify'],
  channelNeverClosed: true,
  matches: (call, facts) => isPkg(call, facts, 'os/signal', ['Notify']),
});

/** `ctx, stop := signal.NotifyContext(…)`: released like a context's cancel function, by calling `stop`. */
const notifyContextKind = cancelFunctionKind('signal-not-stopped', 'notifyContext', ['NotifyContext'], (call, facts) =>
  isPkg(call, facts, 'os/signal', ['NotifyContext']),
);

/**
 * A Notify registration is judged only where it is seen to repeat: the Notify is in a loop, its function is called in
 * a loop or from a callback (a handler, a `go` launched per item), or it is a closure run per loop turn or handed to
 * another function. A single registration in a function that runs once and returns (waits for one signal, then
 * shuts down) adds one channel for the life of the process: nothing accumulates, so it is no leak. And a second Notify
 * on the same channel in the same function (`Notify(ch, os.Interrupt)` then `Notify(ch, syscall.SIGTERM)`) is the same
 * leak as the first, reported once.
 */
function notJudged(ctx: RuleContext): (a: Acquisition) => boolean {
  const file = ctx.file;
  const seen = new Set<string>();
  return (a) => {
    if (!seenToRepeat(a.call, a.fn, file) || resetOnReturn(a) || stoppedByPackage(a, ctx) || waitsForTermination(a)) return true;
    if (!a.name || !a.fn) return false;
    const key = `${a.fn.id}:${a.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
}

/**
 * A channel the function does not own: a parameter (the caller registers through it) or a package variable (the
 * registration belongs to the package). Judged only when nothing in the package stops it: for a parameter, no
 * function of the package stops a channel it is given (`func stopWatching(ch chan os.Signal) { signal.Stop(ch) }`,
 * which the owner defers); for a package variable, no `signal.Stop(thatVariable)` in this file (its siblings' bodies
 * are not seen, so a stop there does not silence it).
 */
function stoppedByPackage(a: Acquisition, ctx: RuleContext): boolean {
  if (!a.name || !a.fn) return false;
  const pkg = a.callee.split('.')[0];
  const params = a.fn.childForFieldName('parameters')?.namedChildren ?? [];
  const isParameter = params.some((d) => d?.childrenForFieldName('name').some((n) => n?.text === a.name));
  if (isParameter) return ctx.packageSummaries?.releasesSomeParameter('os/signal.Stop') ?? false;
  if (!packageVariables(rootOf(ctx.file.tree)).has(a.name) || declaredIn(a.fn, a.name)) return false;
  const name = a.name.replace(/[^\w]/g, '');
  return new RegExp(`\\b${pkg}\\.Stop\\(\\s*${name}\\s*\\)`).test(ctx.file.text);
}

/** Does `fn` declare `name` itself (`:=`, `var`), shadowing the package variable? */
function declaredIn(fn: SyntaxNode, name: string): boolean {
  const body = fn.childForFieldName('body')?.text ?? '';
  return new RegExp(`\\bvar\\s+${name}\\b|(?:^|[^.\\w])${name}\\s*(?:,\\s*\\w+\\s*)*:=`).test(body);
}

/** Signals that ask the process to end: interrupt, terminate, quit (not SIGHUP, which daemons take as "reload"). */
const TERMINATION_SIGNAL = /^(?:os\.(?:Interrupt|Kill)|(?:syscall|unix)\.SIG(?:INT|TERM|QUIT|KILL))$/;

/**
 * A wait for the end of the process, run in place by its caller: a closure handed to a function whose result is
 * called at once (`s.Option.funcSingle(optionRunWait, func() {…})()`, a default the options may replace), that calls
 * `signal.Notify(ch, syscall.SIGTERM, os.Interrupt)` and then, in the same block with no way out in between, a plain
 * `<-ch` (or `sig := <-ch`). It returns only once the process has been told to end, and its caller waits for it, so
 * the registration outliving it changes nothing but a second Ctrl-C during the shutdown that follows. Handing the
 * closure to a function is all that made it look repeated. A `select` (something else can end the wait), or a wait
 * that runs in a goroutine of its own (many can wait at once), is judged as before.
 */
function waitsForTermination(a: Acquisition): boolean {
  const list = a.fn?.type === 'func_literal' ? a.fn.parent : null;
  const call = list?.type === 'argument_list' ? list.parent : null;
  const invokedAtOnce = call?.type === 'call_expression' && call.parent?.type === 'call_expression' && call.parent.childForFieldName('function')?.id === call.id;
  if (!invokedAtOnce || call.parent?.parent?.type === 'go_statement') return false;
  const signals = (a.call.childForFieldName('arguments')?.namedChildren ?? []).slice(1).filter((s) => s?.type !== 'comment');
  if (!a.name || signals.length === 0 || !signals.every((s) => s !== null && TERMINATION_SIGNAL.test(s.text.replace(/\s+/g, '')))) return false;
  const statement = a.call.parent;
  const block = statement?.type === 'expression_statement' ? statement.parent : null;
  if (!block) return false;
  const statements = statementsOf(block.type === 'statement_list' ? block.parent : block);
  const receive = new RegExp(`^(?:[\\w\\s,]+:?=\\s*)?<-\\s*${a.name.replace(/[^\w]/g, '')}\\s*$`);
  for (const next of statements.slice(statements.findIndex((s) => s.id === statement!.id) + 1)) {
    if (receive.test(next.text)) return true;
    if (/\b(?:return|break|continue|goto|select)\b/.test(next.text) || next.text.includes(a.name)) return false;
  }
  return false;
}

/**
 * `defer signal.Reset()` or `defer signal.Reset(sigs…)` naming every signal the Notify registered: Reset removes every
 * handler of those signals, this channel's included, when the function returns — a stop like signal.Stop.
 */
function resetOnReturn(a: Acquisition): boolean {
  const body = a.fn?.childForFieldName('body');
  if (!body) return false;
  const registered = (a.call.childForFieldName('arguments')?.namedChildren ?? []).slice(1).map((s) => s?.text);
  const pkg = a.callee.split('.')[0];
  return statementsOf(body).some((s) => {
    if (s.type !== 'defer_statement') return false;
    const call = s.namedChildren.find((c) => c?.type === 'call_expression');
    if (call?.childForFieldName('function')?.text !== `${pkg}.Reset`) return false;
    const reset = (call.childForFieldName('arguments')?.namedChildren ?? []).map((c) => c?.text);
    return reset.length === 0 || registered.every((signal) => reset.includes(signal));
  });
}

export const rule: Rule = {
  id: 'signal-not-stopped',
  defaultSeverity: 'warning',
  summary: 'signal.Notify without signal.Stop (or signal.NotifyContext without its stop) in a function that returns.',
  resources: [signalKind, notifyContextKind],
  check(ctx) {
    reportLifecycle(ctx, signalKind, {
      subject: (a) => a.name ?? 'the channel',
      leak: (_a, subject) => `signal.Notify keeps delivering to ${subject} after this function returns: add defer signal.Stop(${subject}).`,
      discarded: () => 'signal.Notify keeps its channel registered after this function returns: add defer signal.Stop(ch).',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.callee.split('.')[0]}.Stop(${a.name})`) : null),
      skip: notJudged(ctx),
    });
    reportLifecycle(ctx, notifyContextKind, {
      subject: (a) => a.heldBy ?? a.name ?? 'stop',
      leak: (a, subject) =>
        a.heldBy
          ? `The stop function of signal.NotifyContext is kept only by the closure ${subject}, which is neither called nor handed on on every path, so the signals stay captured: call ${subject}() before returning there.`
          : `The stop function of signal.NotifyContext is not called on every path, so the signals stay captured: add defer ${subject}() after this line.`,
      discarded: () => 'The stop function of signal.NotifyContext is discarded, so the signals stay captured for good: keep it and add defer stop().',
      // A stop kept by a closure may be meant to outlive the function (the closure is returned): no one-line fix.
      fix: (file, a) => (a.heldBy ? null : a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'stop')),
      // Once per process (in main, a command's action), an unstopped NotifyContext captures the signals for a run that
      // ends with them anyway: one watcher goroutine, nothing that accumulates.
      skip: leaksAtMostOncePerProcess(ctx.file),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'signal-not-stopped': true;
  }
}
