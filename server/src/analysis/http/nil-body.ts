// "Does this response leak only where its Body is nil?" A program that checks `if resp.Body == nil { return … }` leaves
// on that branch with nothing to close: a nil Body holds no connection. Proven from the condition only: every leaking
// exit lies in the then-branch of an if whose condition holds only when the Body (or the response itself) is nil.
import { unparen } from '../ast';
import type { Acquisition } from '../engine/lifecycle';
import type { SyntaxNode } from '../parser';

/** `x == nil` (either side) where `x` is the text `subject`. */
function isNilComparisonOf(e: SyntaxNode, subject: string): boolean {
  if (e.type !== 'binary_expression' || e.childForFieldName('operator')?.text !== '==') return false;
  const [left, right] = [e.childForFieldName('left'), e.childForFieldName('right')].map((s) => (s ? unparen(s) : null));
  return (left?.type === 'nil' && right?.text === subject) || (right?.type === 'nil' && left?.text === subject);
}

/** The condition holds only when `name.Body` or `name` is nil: such a test, or `||` of them, or `&&` with one of them. */
function impliesNilBody(condition: SyntaxNode, name: string): boolean {
  const e = unparen(condition);
  if (isNilComparisonOf(e, `${name}.Body`) || isNilComparisonOf(e, name)) return true;
  if (e.type !== 'binary_expression') return false;
  const operands = [e.childForFieldName('left'), e.childForFieldName('right')].filter((s): s is SyntaxNode => s !== null);
  const operator = e.childForFieldName('operator')?.text;
  if (operator === '||') return operands.every((o) => impliesNilBody(o, name));
  return operator === '&&' && operands.some((o) => impliesNilBody(o, name));
}

/** `node` lies in the then-branch of an if (inside the acquiring function) whose condition says the Body is nil. */
function inNilBodyBranch(node: SyntaxNode, name: string, fn: SyntaxNode | null): boolean {
  for (let p: SyntaxNode | null = node; p && p.id !== fn?.id; p = p.parent) {
    const parent = p.parent;
    if (parent?.type !== 'if_statement' || parent.childForFieldName('consequence')?.id !== p.id) continue;
    const condition = parent.childForFieldName('condition');
    if (condition && impliesNilBody(condition, name)) return true;
  }
  return false;
}

/** True when the response has a name and every leaking exit lies where its Body is known to be nil. */
export function leaksOnlyWhereBodyIsNil(a: Acquisition): boolean {
  const name = a.name;
  return name !== null && !a.discarded && a.leaks.length > 0 && a.leaks.every((leak) => inNilBodyBranch(leak.node, name, a.fn));
}
