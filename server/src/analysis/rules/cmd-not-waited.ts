// A command started with Start (or given pipes) and never waited for becomes a zombie and keeps its pipe descriptors;
// a poller that shells out every tick accumulates both.
import { KINDS } from '../engine/kinds';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'cmd-not-waited',
  defaultSeverity: 'warning',
  summary: 'An exec.Cmd started with Start (or given Stdout/Stderr/Stdin pipes) is not waited for on every path.',
  check(ctx) {
    reportLifecycle(ctx, KINDS.cmd, {
      subject: (a) => a.name ?? 'the command',
      leak: (_a, subject) => `${subject} is started but not waited for on every path, which leaves a zombie process and open pipes: call \`${subject}.Wait()\` (or use \`${subject}.Run()\`).`,
      discarded: (a) => `The command from ${a.callee} is started and can never be waited for, which leaves a zombie process: keep it and call \`Wait()\`.`,
    });
  },
};
