// Which branch of a condition the walk may take as "the acquisition failed here, nothing to release". flow/error-branch.ts
// answers for a test of the error or of the resource variable (and `&&` chains it leads); the walk carries that answer
// through any `&&`, `||` and `!` of such tests, and adds a nil test of the thing released: `resp.Body == nil` holds
// nothing to close (a client's response always has a Body, so that branch is only ever defensive).
//   `if err == nil || i == last { break }`: the loop goes on only when the call failed.
//   `if err != nil || resp == nil { return err }`: the call failed or returned no response.
//   `if goos == "android" && errors.Is(err, EADDRINUSE) { continue }`: both hold, so the listen failed.
import { unparen } from '../ast';
import { failureBranch, type FailureBranch } from '../flow/error-branch';
import type { SyntaxNode } from '../parser';
import type { Tracked } from './uses';

/** Nesting of `&&`/`||`/`!` followed before giving up: a condition deeper than this says nothing. */
const MAX_NESTING = 32;

export function failedBranch(condition: SyntaxNode, t: Tracked, depth = 0): FailureBranch | null {
  const known = failureBranch(condition, t, t.facts.imports);
  if (known || depth > MAX_NESTING) return known;
  const c = unparen(condition);
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.type === '!') {
    const operand = c.childForFieldName('operand');
    const inner = operand ? failedBranch(operand, t, depth + 1) : null;
    return inner && { ...inner, branch: inner.branch === 'then' ? 'else' : 'then' };
  }
  if (c.type !== 'binary_expression') return null;
  const operator = c.childForFieldName('operator')?.type;
  if (operator === '==' || operator === '!=') return releasedFieldIsNil(c, operator, t);
  if (operator !== '&&' && operator !== '||') return null;
  const [left, right] = [c.childForFieldName('left'), c.childForFieldName('right')].map((o) => (o ? failedBranch(o, t, depth + 1) : null));
  // `a && b` holds only where both do (its then-branch), and fails where either fails; `a || b` the other way round.
  const bothHold = operator === '&&' ? 'then' : 'else';
  const eitherHolds = operator === '&&' ? 'else' : 'then';
  if (left?.branch === bothHold || right?.branch === bothHold) return { branch: bothHold, subject: strongest(left, right, bothHold) };
  if (left?.branch === eitherHolds && right?.branch === eitherHolds) return { branch: eitherHolds, subject: weakest(left, right) };
  return null;
}

/** `resp.Body == nil` (or `!=`), the released field of the tracked resource compared with nil. */
function releasedFieldIsNil(c: SyntaxNode, operator: '==' | '!=', t: Tracked): FailureBranch | null {
  if (!t.name || t.kind.resourcePath.length === 0) return null;
  const [left, right] = [c.childForFieldName('left'), c.childForFieldName('right')].map((o) => (o ? unparen(o) : null));
  const other = left?.type === 'nil' ? right : right?.type === 'nil' ? left : null;
  if (other?.type !== 'selector_expression' || other.text.replace(/\s/g, '') !== [t.name, ...t.kind.resourcePath].join('.')) return null;
  return { branch: operator === '==' ? 'then' : 'else', subject: 'resource' };
}

/** Where both operands hold, the stronger fact holds: the resource itself is nil, not just its error set. */
function strongest(a: FailureBranch | null, b: FailureBranch | null, branch: FailureBranch['branch']): FailureBranch['subject'] {
  return [a, b].some((f) => f?.branch === branch && f.subject === 'resource') ? 'resource' : 'error';
}

/** Where either operand may be the one that holds, only the weaker fact is known. */
function weakest(a: FailureBranch, b: FailureBranch): FailureBranch['subject'] {
  return a.subject === 'resource' && b.subject === 'resource' ? 'resource' : 'error';
}
