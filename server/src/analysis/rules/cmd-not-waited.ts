// A command started with Start (or given pipes) and never waited for becomes a zombie and keeps its pipe descriptors;
// a poller that shells out every tick accumulates both.
import { enclosingLoop } from '../ast';
import { processEndsAfterReturn } from '../flow/exit-after-return';
import { runsOncePerProcess } from '../flow/runs-once';
import { isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { reportLifecycle } from '../engine/report';
import type { GoFile, Rule } from '../rule';

const cmdKind = resourceKind({
  rule: 'cmd-not-waited',
  key: 'cmd',
  returnsError: false,
  releaseMethods: ['Wait', 'Run', 'Output', 'CombinedOutput'],
  resourceTypes: ['Cmd'],
  // Only Start makes a process that must be waited for; pipes of a command never started are closed by their finalizers.
  openMethods: ['Start'],
  verb: 'waiting for',
  names: ['Command', 'CommandContext'],
  matches: (call, facts) => isPkg(call, facts, 'os/exec', ['Command', 'CommandContext']),
});

/**
 * Not judged: a command started by a function after which the process ends (every caller exits right after it
 * returns, as a restart-self helper's does): the exiting parent hands the child to init, which reaps it.
 */
function orphanedAtExit(file: GoFile): (a: Acquisition) => boolean {
  const killed = killedAtExit(file);
  return (a) => neverStarted(a) || killed(a) || startedOnce(a, file) || processEndsAfterReturn(a.fn, file);
}

/**
 * A command started by a function proven to run once per process (every caller, up to main or a command's Run, runs
 * once), outside any loop: a browser `open`/`xdg-open` at the end of a one-shot command, a daemon spawned at start-up.
 * At most one zombie per such Start exists for the life of the parent and init reaps it when the parent exits, so
 * nothing accumulates; the leak the rule is about is a Start repeated per tick or per request.
 */
function startedOnce(a: Acquisition, file: GoFile): boolean {
  return !enclosingLoop(a.call) && runsOncePerProcess(a.fn, file, 'proven');
}

/**
 * A discarded command that is not started where it is discarded (`_, err := buildCmd(…)`, kept only to check the
 * error): nothing proves a Start, and a command never started leaves no process to wait for. Only
 * `exec.Command(…).Start()` is a discarded start.
 */
function neverStarted(a: Acquisition): boolean {
  if (!a.discarded) return false;
  let operand = a.call;
  while (operand.parent?.type === 'parenthesized_expression') operand = operand.parent;
  const selector = operand.parent;
  return !(
    selector?.type === 'selector_expression' &&
    selector.childForFieldName('field')?.text === 'Start' &&
    selector.parent?.type === 'call_expression' &&
    selector.parent.childForFieldName('function')?.id === selector.id
  );
}

/**
 * `defer cmd.Process.Kill()` in main (or a helper run once per process): the program ends the child as it exits, and
 * the child's zombie goes with the parent, so one unwaited command there accumulates nothing.
 */
function killedAtExit(file: GoFile): (a: Acquisition) => boolean {
  return (a) => {
    if (!a.name || !a.fn || enclosingLoop(a.call) || !runsOncePerProcess(a.fn, file)) return false;
    const body = a.fn.childForFieldName('body');
    const kill = new RegExp(`\\bdefer\\s+${a.name}\\.Process\\.Kill\\(\\)`);
    return body !== null && kill.test(file.text.slice(body.startIndex, body.endIndex));
  };
}

export const rule: Rule = {
  id: 'cmd-not-waited',
  defaultSeverity: 'warning',
  summary: 'An exec.Cmd started with Start is not waited for on every path.',
  resources: [cmdKind],
  check(ctx) {
    reportLifecycle(ctx, cmdKind, {
      subject: (a) => a.name ?? 'the command',
      leak: (_a, subject) => `${subject} is started but not waited for on every path, which leaves a zombie process and open pipes: call ${subject}.Wait() (or use ${subject}.Run()).`,
      discarded: (a) => `The command from ${a.callee} is started and can never be waited for, which leaves a zombie process: keep it and call Wait().`,
      skip: orphanedAtExit(ctx.file),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'cmd-not-waited': true;
  }
}
