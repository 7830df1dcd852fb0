// Unclosed *sql.Rows / *sql.Stmt pin a pooled database connection; a poller exhausts the pool and then hangs.
import { deferAfterCheck } from '../engine/fixes';
import { KINDS } from '../engine/kinds';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'unclosed-rows',
  defaultSeverity: 'warning',
  summary: 'Rows from Query/QueryContext or a statement from Prepare/PrepareContext are not closed on every path.',
  check(ctx) {
    reportLifecycle(ctx, KINDS.rows, {
      subject: (a) => a.name ?? 'the result',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path and holds a database connection: add \`defer ${subject}.Close()\` after the error check.`,
      discarded: (a) => `The result of ${a.callee} is discarded and can never be closed, which pins a database connection: keep it and add \`defer rows.Close()\`.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
    });
  },
};
