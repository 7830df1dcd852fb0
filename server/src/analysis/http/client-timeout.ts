// "Does the client that sent this request give up on it after a known time?" http.Client.Timeout bounds the whole
// exchange, reading the body included: when it expires net/http cancels the request, the transport closes the
// connection (its read and write loops end with it) and the timer that watched it stops. So a Body left unclosed, or a
// response thrown away, on a client whose Timeout is known to be positive holds its connection for at most that long.
// Only leaks on ways out of the function count (http/cancelled-request.ts): a loop that leaves a body open each turn
// holds one more connection per turn until the first expires, as many as the loop runs in that time.
// Known: the client is a local its function assigns once, with `&http.Client{Timeout: d}` (or `http.Client{…}`),
// nothing in that function assigns its Timeout, and `d` is a positive duration spelled out in the file (`5 *
// time.Second`, `time.Minute`, `time.Duration(30) * time.Second`, or a constant of the file declared with one). A
// client from a parameter, a field or a constructor, or a Timeout from a variable or a setting may be zero: unknown.
import { isCompositeLiteralOf, literalFields, methodCall, unparen, type Imports } from '../ast';
import type { Acquisition } from '../engine/lifecycle';
import type { SyntaxNode } from '../parser';
import { outermostFunction } from '../flow/functions';
import { assignmentsIn } from '../syntax/assignments';
import { leaksOnlyOnExits } from './cancelled-request';
import { fileConstantValue } from './file-constants';

const HTTP = 'net/http';
const TIME_UNITS = new Set(['Nanosecond', 'Microsecond', 'Millisecond', 'Second', 'Minute', 'Hour']);

export function boundedByClientTimeout(a: Acquisition, imports: Imports): boolean {
  const receiver = methodCall(a.call)?.receiver;
  if (receiver?.type !== 'identifier' || !leaksOnlyOnExits(a)) return false;
  const literal = onlyClientLiteral(receiver, imports);
  const timeout = literal ? literalFields(literal).get('Timeout') : undefined;
  return timeout !== undefined && isPositiveDuration(timeout, imports);
}

/**
 * The `http.Client` literal that is the only value its function assigns to `name`, when nothing there assigns
 * `name.Timeout` either; null otherwise.
 */
function onlyClientLiteral(name: SyntaxNode, imports: Imports): SyntaxNode | null {
  const fn = outermostFunction(name);
  if (!fn) return null;
  const assignments = assignmentsIn(fn);
  const values = assignments.get(name.text) ?? [];
  if (values.length !== 1 || values[0]!.result !== 0 || assignments.has(`${name.text}.Timeout`)) return null;
  const value = unparen(values[0]!.value);
  const literal = value.type === 'unary_expression' && value.childForFieldName('operator')?.text === '&' ? value.childForFieldName('operand') : value;
  return literal && isCompositeLiteralOf(literal, imports, HTTP, 'Client') ? literal : null;
}

/** A duration known to be above zero: a positive integer, `time.Second` & co., their products, `time.Duration(n)`, or such a constant of the file. */
function isPositiveDuration(node: SyntaxNode, imports: Imports, depth = 0): boolean {
  const value = unparen(node);
  if (value.type === 'int_literal') return Number(value.text.replace(/_/g, '')) > 0;
  if (value.type === 'binary_expression' && value.childForFieldName('operator')?.text === '*') {
    const left = value.childForFieldName('left');
    const right = value.childForFieldName('right');
    return !!left && !!right && isPositiveDuration(left, imports, depth) && isPositiveDuration(right, imports, depth);
  }
  const time = imports.get('time') ?? [];
  if (value.type === 'selector_expression') {
    return time.includes(value.childForFieldName('operand')?.text ?? '') && TIME_UNITS.has(value.childForFieldName('field')?.text ?? '');
  }
  if (value.type === 'call_expression') {
    const callee = value.childForFieldName('function');
    const args = value.childForFieldName('arguments')?.namedChildren ?? [];
    const conversion = callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Duration' && time.includes(callee.childForFieldName('operand')?.text ?? '');
    return conversion && args.length === 1 && isPositiveDuration(args[0]!, imports, depth);
  }
  if (value.type === 'identifier' && depth === 0) {
    const constant = fileConstantValue(value);
    return constant !== null && isPositiveDuration(constant, imports, 1);
  }
  return false;
}
