// Unclosed *sql.Rows / *sql.Stmt pin a pooled database connection; a poller exhausts the pool and then hangs.
import { methodCall, packageCall } from '../ast';
import { deferAfterCheck } from '../engine/fixes';
import { argumentCount, boundToOtherThanTwo, resourceKind } from '../engine/kinds';
import { receiverIs, type ReceiverSpec } from '../engine/receivers';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import { factsOf } from '../engine/file-facts';
import type { Acquisition } from '../engine/lifecycle';
import type { Rule } from '../rule';

const SQL_HANDLE: ReceiverSpec = {
  importPath: 'database/sql',
  typeNames: ['DB', 'Tx', 'Conn'],
  constructors: 'sql\\.Open|\\.Begin|\\.BeginTx|\\.Conn',
  conventionalName: /^(db|tx|conn|database|sqlDB|DB|Tx|\w+DB|\w+Tx)$/,
};

/**
 * A transaction: the rows it queries and the statements it prepares are closed by its Commit or Rollback (database/sql
 * watches the transaction's context for rows, and closes its statements itself), and they pin no connection but the
 * transaction's own.
 */
const SQL_TX: ReceiverSpec = {
  importPath: 'database/sql',
  typeNames: ['Tx'],
  constructors: '\\.Begin|\\.BeginTx',
  conventionalName: /^(tx|Tx|\w+Tx)$/,
};

/** database/sql, and a wrapper whose handles embed its DB and Tx (their Query returns *sql.Rows). */
const SQL_PACKAGES = ['database/sql', 'github.com/jmoiron/sqlx'];

const rowsKind = resourceKind({
  rule: 'unclosed-rows',
  key: 'rows',
  returnsError: true,
  releaseMethods: ['Close'],
  // Rows.Next closes the rows when it returns false; a Stmt has no Next, so the drain never applies to it.
  drainedBy: 'Next',
  resourceTypes: ['Rows', 'Stmt', 'Closer'],
  verb: 'closing',
  heldByDeferInLoop: true,
  names: ['Query', 'QueryContext', 'Prepare', 'PrepareContext'],
  matches(call, facts) {
    const m = methodCall(call);
    if (!m || packageCall(call, facts.imports)) return false;
    const minArgs = m.method.endsWith('Context') ? 2 : 1;
    // database/sql's Query and Prepare return (result, error): a call bound to one name (`err := conn.Query(ctx, q,
    // args, &rows)`, an ORM's driver that fills the rows it is given) is another package's, whatever the receiver is called.
    if (argumentCount(call) < minArgs || boundToOtherThanTwo(call) || !receiverIs(m.receiver, facts, SQL_HANDLE)) return false;
    return !receiverIs(m.receiver, facts, SQL_TX);
  },
});

export const rule: Rule = {
  id: 'unclosed-rows',
  defaultSeverity: 'warning',
  summary: 'Rows from Query/QueryContext or a statement from Prepare/PrepareContext are not closed on every path.',
  resources: [rowsKind],
  check(ctx) {
    const once = leaksAtMostOncePerProcess(ctx.file);
    // A package none of whose program files imports database/sql (or sqlx) holds no handle of it: a `Query` on a
    // conventionally named receiver there is some other client's (a DynamoDB query returns a plain struct).
    const imports = factsOf(ctx.file).imports;
    const siblings = ctx.packageSummaries?.programSiblings() ?? [];
    const packageImportsSql = SQL_PACKAGES.some((p) => imports.has(p) || siblings.some((s) => s.imports.includes(p)));
    const receiverTypeUnproven = (a: Acquisition): boolean => !packageImportsSql && methodCall(a.call) !== null && packageCall(a.call, imports) === null;
    reportLifecycle(ctx, rowsKind, {
      subject: (a) => a.name ?? 'the result',
      leak: (a, subject) => `${subject} from ${a.callee} is not closed on every path and holds a database connection: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The result of ${a.callee} is discarded and can never be closed, which pins a database connection: keep it and add defer rows.Close().`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Close()`) : null),
      skip: (a) => receiverTypeUnproven(a) || once(a),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-rows': true;
  }
}
