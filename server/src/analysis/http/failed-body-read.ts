// "Does this response leak only where reading its body failed?" In net/http's transport, a read of a response body
// that fails (a reset connection, a timeout, a body cut short) tears the connection down: the body's first error is
// reported to the connection's read loop as "not at EOF", and the read loop closes the connection and ends, so nothing
// is held on that path even if Body.Close is never called. Only reads whose every error comes from the body are
// taken: io.ReadAll / ioutil.ReadAll of `resp.Body` (or of io.LimitReader(resp.Body, n)). A decoder (json.Decoder)
// fails on bad data with the connection still open, and io.Copy can fail on its writer: neither counts.
// Known gap, accepted: a transparently gunzipped body whose gzip data is corrupt fails in the decompressor, above the
// transport's read, and a custom RoundTripper may not tear down; those paths hold the connection until the process
// recycles it.
import { packageCall, statementsOf, unparen, type Imports } from '../ast';
import type { Acquisition } from '../engine/lifecycle';
import { failureBranch } from '../flow/error-branch';
import type { SyntaxNode } from '../parser';
import { contains } from '../concurrency/syntax';

const READ_ALL = [
  { importPath: 'io', name: 'ReadAll' },
  { importPath: 'io/ioutil', name: 'ReadAll' },
];

/** True when every leaking exit of the response lies in the error branch of a failed io.ReadAll of its Body. */
export function leaksOnlyWhereBodyReadFailed(a: Acquisition, imports: Imports): boolean {
  if (a.discarded || !a.name || a.leaks.length === 0) return false;
  return a.leaks.every((leak) => failedReadBranchAround(leak.node, a.name!, a.fn, imports) !== null);
}

/** The then-branch, around `node`, of an `if err != nil` that tests the error of reading `<name>.Body` to the end. */
function failedReadBranchAround(node: SyntaxNode, name: string, fn: SyntaxNode | null, imports: Imports): SyntaxNode | null {
  for (let p = node.parent; p && p.id !== fn?.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const consequence = p.childForFieldName('consequence');
    const condition = p.childForFieldName('condition');
    if (!consequence || !condition || !contains(consequence, node)) continue;
    const errName = readAllErrorName(p.childForFieldName('initializer'), name, imports) ?? readAllErrorName(previousStatement(p), name, imports);
    const failure = errName ? failureBranch(condition, { errName, name: null }, imports) : null;
    if (failure?.branch === 'then' && failure.subject === 'error') return consequence;
  }
  return null;
}

function previousStatement(statement: SyntaxNode): SyntaxNode | null {
  const list = statement.parent;
  if (list?.type !== 'statement_list') return null;
  const siblings = statementsOf(list);
  const index = siblings.findIndex((s) => s.id === statement.id);
  return index > 0 ? siblings[index - 1] : null;
}

/** For `data, err := io.ReadAll(resp.Body)` (`=` too), the error variable `err`; null for anything else. */
function readAllErrorName(statement: SyntaxNode | null, name: string, imports: Imports): string | null {
  if (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement') return null;
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  const call = right.length === 1 && right[0] ? unparen(right[0]) : null;
  if (call?.type !== 'call_expression' || left.length !== 2) return null;
  const target = packageCall(call, imports);
  if (!target || !READ_ALL.some((r) => r.importPath === target.importPath && r.name === target.name)) return null;
  const source = call.childForFieldName('arguments')?.namedChild(0);
  if (!source || !readsBodyOf(source, name, imports)) return null;
  const err = left[1];
  return err?.type === 'identifier' && err.text !== '_' ? err.text : null;
}

/** `resp.Body`, or `io.LimitReader(resp.Body, n)`: every error of a read comes from the body. */
function readsBodyOf(source: SyntaxNode, name: string, imports: Imports): boolean {
  const e = unparen(source);
  if (e.type === 'selector_expression') return e.childForFieldName('operand')?.text === name && e.childForFieldName('field')?.text === 'Body';
  if (e.type !== 'call_expression') return false;
  const target = packageCall(e, imports);
  const inner = e.childForFieldName('arguments')?.namedChild(0);
  return target?.importPath === 'io' && target.name === 'LimitReader' && inner !== null && inner !== undefined && readsBodyOf(inner, name, imports);
}
