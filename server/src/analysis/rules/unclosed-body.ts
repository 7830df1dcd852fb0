// An HTTP response whose Body is not closed keeps its connection out of the pool: a poller leaks one socket per tick.
import { deferAfterCheck } from '../engine/fixes';
import { KINDS } from '../engine/kinds';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'unclosed-body',
  defaultSeverity: 'warning',
  summary: 'An HTTP response body (http.Get/Post/…, client.Do) is not closed on every path.',
  check(ctx) {
    reportLifecycle(ctx, KINDS.body, {
      subject: (a) => `${a.name ?? 'resp'}.Body`,
      leak: (_a, subject) => `${subject} is not closed on every path: add \`defer ${subject}.Close()\` after the error check.`,
      discarded: (a) => `The response of ${a.callee} is discarded, so its body is never closed: keep it and add \`defer resp.Body.Close()\` after the error check.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Body.Close()`) : null),
    });
  },
};
