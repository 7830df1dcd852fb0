// A command started with Start (or given pipes) and never waited for becomes a zombie and keeps its pipe descriptors;
// a poller that shells out every tick accumulates both.
// Off by default: on real programs nobody tuned it for it was right 5 times in 34 (held-out rounds 5 to 9,
// docs/accuracy.md): browser openers in interactive CLIs, children released or handed to a waiter. A setting turns it on.
import { enclosingLoop } from '../ast';
import { processEndsAfterReturn } from '../flow/exit-after-return';
import { runsOncePerProcess } from '../flow/runs-once';
import { isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import type { GoFile, Rule } from '../rule';

const cmdKind = resourceKind({
  rule: 'cmd-not-waited',
  key: 'cmd',
  returnsError: false,
  releaseMethods: ['Wait', 'Run', 'Output', 'CombinedOutput'],
  resourceTypes: ['Cmd'],
  // Only Start makes a process that must be waited for; pipes of a command never started are closed by their finalizers.
  openMethods: ['Start'],
  // `cmd.Process.Wait()` reaps the process too (runs that must not wait for the command's copying goroutines use it).
  handleRelease: { field: 'Process', methods: ['Wait'] },
  verb: 'waiting for',
  names: ['Command', 'CommandContext'],
  matches: (call, facts) => isPkg(call, facts, 'os/exec', ['Command', 'CommandContext']),
});

/**
 * Not judged: a command started by a function after which the process ends (every caller exits right after it
 * returns, as a restart-self helper's does): the exiting parent hands the child to init, which reaps it. Nor one
 * started at most once per process (engine/report.ts: a command's action opening a browser as its last act): one
 * zombie at most, reaped by init when the CLI exits.
 */
function orphanedAtExit(file: GoFile): (a: Acquisition) => boolean {
  const killed = killedAtExit(file);
  const once = leaksAtMostOncePerProcess(file);
  return (a) => neverStarted(a) || killed(a) || processEndsAfterReturn(a.fn, file) || once(a);
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
  defaultSeverity: 'off',
  enabledSeverity: 'warning',
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
