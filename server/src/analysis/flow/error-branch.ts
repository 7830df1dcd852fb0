// "Is this the error branch?": which branch of a condition is taken only when an acquisition failed, so that the
// resource is nil there and leaving on it leaks nothing. Shapes: `err != nil`, `err == nil` (the else branch),
// `err == io.EOF` and other sentinel errors (`err != sql.ErrConnDone`: the else branch),
// `x == nil`, `!ok` of a comma-ok acquisition whose resource is nil when ok is false, the `ok` of a type assertion of
// the error (`if pErr, ok := err.(*os.PathError); ok`), `errors.Is(err, …)`, `errors.As(err, …)`, `os.IsNotExist(err)` (and other `x.Is…(err)`, or the package's own `isNoent(err)`), conjunctions whose first operand is
// one of these (`err != nil && os.IsNotExist(err)`) or whose every operand fails on the else branch (`err == nil && f != nil`), and the negation of any of them, which swaps the branches
// (`if !errors.Is(err, ECONNREFUSED) { return conn, err }`: what follows is the error branch); the engine applies the
// same test to `switch { case err != nil: }`.
// combinedFailureBranch carries that answer through any `&&`, `||` and `!` of such tests, and adds a nil test of the
// thing released: `resp.Body == nil` holds nothing to close (a client's response always has a Body, so that branch is
// only ever defensive).
//   `if err == nil || i == last { break }`: the loop goes on only when the call failed.
//   `if err != nil || resp == nil { return err }`: the call failed or returned no response.
//   `if goos == "android" && errors.Is(err, EADDRINUSE) { continue }`: both hold, so the listen failed.
import { enclosingFunction, packageCall, unparen, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import { assignmentPattern } from '../syntax/assignments';

export interface FailureBranch {
  /** The branch on which the acquisition failed. */
  branch: 'then' | 'else';
  /** What the condition tested: the acquisition's error, or the resource itself being nil. */
  subject: 'error' | 'resource';
}

/** The names the acquisition bound: its error variable and the resource variable (either may be missing). */
export interface AcquiredNames {
  errName: string | null;
  name: string | null;
  /** The bool of a comma-ok acquisition, false only when the resource is nil (`f, ok := open(p)`). */
  okName?: string | null;
}

/** The branch of `condition` on which the acquisition that bound `names` failed; null when the condition says nothing. */
export function failureBranch(condition: SyntaxNode, names: AcquiredNames, imports: Imports): FailureBranch | null {
  const outer = throughNegations(condition);
  const failure = conjunctionFailureBranch(outer.node, names, imports);
  return outer.negated ? swapped(failure) : failure;
}

function conjunctionFailureBranch(condition: SyntaxNode, names: AcquiredNames, imports: Imports): FailureBranch | null {
  // Look through parentheses and to the first operand of `&&` chains, without recursion; keep the other operands.
  let c: SyntaxNode = condition;
  const others: SyntaxNode[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    if (c.type === 'parenthesized_expression' && c.namedChild(0)) c = c.namedChild(0)!;
    else if (c.type === 'binary_expression' && c.childForFieldName('operator')?.type === '&&' && c.childForFieldName('left')) {
      const right = c.childForFieldName('right');
      if (right) others.push(right);
      c = c.childForFieldName('left')!;
    } else break;
  }
  const simple = simpleFailureBranch(c, names, imports);
  if (others.length === 0) return simple;
  // `err != nil && os.IsNotExist(err)`: when true, the acquisition failed. `resp != nil && resp.Body != nil`: when
  // false, there is nothing to release either. `err == nil && f != nil`: false only when some operand says the
  // acquisition failed. Otherwise the other branch of a conjunction says nothing.
  if (simple?.branch === 'then' || (simple?.branch === 'else' && simple.subject === 'resource')) return simple;
  if (simple?.branch === 'else' && others.every((operand) => simpleFailureBranch(operand, names, imports)?.branch === 'else')) return simple;
  return null;
}

function simpleFailureBranch(operand: SyntaxNode, names: AcquiredNames, imports: Imports): FailureBranch | null {
  const { node, negated } = throughNegations(operand);
  const failure = plainFailureBranch(node, names, imports);
  return negated ? swapped(failure) : failure;
}

/** `!x`, `!(!x)`, `(x)`: the expression under the parentheses and `!`s, and whether an odd number of `!`s negate it. */
function throughNegations(expression: SyntaxNode): { node: SyntaxNode; negated: boolean } {
  let node = expression;
  let negated = false;
  for (let guard = 0; guard < 10_000; guard++) {
    const inner = node.type === 'parenthesized_expression' ? node.namedChild(0) : isNegation(node) ? node.childForFieldName('operand') : null;
    if (!inner) break;
    if (node.type !== 'parenthesized_expression') negated = !negated;
    node = inner;
  }
  return { node, negated };
}

function isNegation(node: SyntaxNode): boolean {
  return node.type === 'unary_expression' && node.childForFieldName('operator')?.type === '!';
}

/** The condition negated: what it said of one branch holds of the other. */
function swapped(failure: FailureBranch | null): FailureBranch | null {
  return failure && { ...failure, branch: failure.branch === 'then' ? 'else' : 'then' };
}

function plainFailureBranch(c: SyntaxNode, names: AcquiredNames, imports: Imports): FailureBranch | null {
  // `if ok {`: the resource is there; the else branch (and `!ok`, through the negation) holds nothing.
  if (c.type === 'identifier' && names.okName && c.text === names.okName) return { branch: 'else', subject: 'resource' };
  // `if pErr, ok := err.(*os.PathError); ok {`: a nil error asserts to no type, so ok holds only when the call failed.
  if (c.type === 'identifier') return assertsErrorType(c, names.errName) ? { branch: 'then', subject: 'error' } : null;
  if (c.type === 'call_expression') return isErrorTest(c, names.errName, imports) ? { branch: 'then', subject: 'error' } : null;
  if (c.type !== 'binary_expression') return null;
  const op = c.childForFieldName('operator')?.type;
  const left = c.childForFieldName('left');
  const right = c.childForFieldName('right');
  if (!left || !right || (op !== '!=' && op !== '==')) return null;
  // `err == sql.ErrConnDone`, `err != io.EOF`: the error equals a sentinel error value, which is never nil.
  if (left.type === 'identifier' && left.text === names.errName && isSentinelError(right, imports)) return { branch: op === '==' ? 'then' : 'else', subject: 'error' };
  if (right.type === 'identifier' && right.text === names.errName && isSentinelError(left, imports)) return { branch: op === '==' ? 'then' : 'else', subject: 'error' };
  const subject = right.type === 'nil' ? left : left.type === 'nil' ? right : null;
  if (subject?.type !== 'identifier') return null;
  if (subject.text === names.errName) return { branch: op === '!=' ? 'then' : 'else', subject: 'error' };
  if (subject.text === names.name) return { branch: op === '==' ? 'then' : 'else', subject: 'resource' };
  return null;
}

/**
 * Is `ok` the comma-ok result of a type assertion of the error, bound by the initializer of the `if` whose condition
 * holds it (`if pErr, ok := err.(*os.PathError); ok`)? Only a non-nil error asserts to a type.
 */
function assertsErrorType(ok: SyntaxNode, errName: string | null): boolean {
  if (errName === null) return false;
  let statement: SyntaxNode | null = ok.parent;
  for (let depth = 0; statement && statement.type !== 'if_statement' && depth < MAX_NESTING; depth++) statement = statement.parent;
  const initializer = statement?.type === 'if_statement' ? statement.childForFieldName('initializer') : null;
  if (initializer?.type !== 'short_var_declaration') return false;
  const bound = initializer.childForFieldName('left')?.namedChildren ?? [];
  const values = initializer.childForFieldName('right')?.namedChildren ?? [];
  const assertion = values.length === 1 && values[0]?.type === 'type_assertion_expression' ? values[0] : null;
  return bound.length === 2 && bound[1]?.text === ok.text && assertion?.childForFieldName('operand')?.text === errName;
}

/**
 * A sentinel error value, named by Go's convention `ErrX` (`errX` in its own package), or `io.EOF`: a package-level
 * variable made with errors.New, so never nil. A name the enclosing functions declare or assign (`errPrev := …`) is a
 * local variable that may be nil.
 */
function isSentinelError(value: SyntaxNode, imports: Imports): boolean {
  if (value.type === 'identifier') return /^[eE]rr[A-Z0-9]\w*$/.test(value.text) && !setLocally(value);
  if (value.type !== 'selector_expression') return false;
  const operand = value.childForFieldName('operand');
  const field = value.childForFieldName('field')?.text ?? '';
  if (operand?.type !== 'identifier') return false;
  if (field === 'EOF') return (imports.get('io') ?? []).includes(operand.text);
  return /^Err[A-Z0-9]\w*$/.test(field);
}

/** Is `name` a parameter of an enclosing function, or declared or assigned in one? */
function setLocally(name: SyntaxNode): boolean {
  const assigned = new RegExp(assignmentPattern(name.text, { declarations: true }));
  for (let fn = enclosingFunction(name); fn; fn = enclosingFunction(fn)) {
    const parameters = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters')].flatMap((l) => l?.namedChildren ?? []);
    if (parameters.some((p) => p?.childrenForFieldName('name').some((n) => n?.text === name.text))) return true;
    if (assigned.test(fn.childForFieldName('body')?.text ?? '')) return true;
  }
  return false;
}

/**
 * `errors.Is(err, …)`, `errors.As(err, …)`, `os.IsNotExist(err)`, and the same predicates of other packages or
 * backends (`b.IsNotExist(err)`, `apierrors.IsNotFound(err)`), and the package's own (`isNoent(err)`): by Go's convention an `Is…(err)` test of an error is
 * false for a nil error, so its true branch is taken only when the acquisition failed.
 */
function isErrorTest(call: SyntaxNode, errName: string | null, imports: Imports): boolean {
  const first = call.childForFieldName('arguments')?.namedChild(0);
  if (errName === null || first?.type !== 'identifier' || first.text !== errName) return false;
  const target = packageCall(call, imports);
  if (target?.importPath === 'errors') return target.name === 'Is' || target.name === 'As';
  const fn = call.childForFieldName('function');
  if (fn?.type === 'selector_expression') return /^Is[A-Z]\w*$/.test(fn.childForFieldName('field')?.text ?? '');
  // A predicate of the package itself, `isNoent(err)`, `isTimeout(err)`: the same convention, taking the error alone.
  return fn?.type === 'identifier' && /^[iI]s[A-Z]\w*$/.test(fn.text) && call.childForFieldName('arguments')?.namedChildCount === 1;
}

/** Nesting of `&&`/`||`/`!` followed before giving up: a condition deeper than this says nothing. */
const MAX_NESTING = 32;

/** The names an acquisition bound, and the path to what it releases (`['Body']` of a response; empty for the value itself). */
export interface ReleasedNames extends AcquiredNames {
  resourcePath: readonly string[];
}

/** failureBranch, also through `&&`, `||` and `!` of such tests and a nil test of the released field. */
export function combinedFailureBranch(condition: SyntaxNode, names: ReleasedNames, imports: Imports, depth = 0): FailureBranch | null {
  const known = failureBranch(condition, names, imports);
  if (known || depth > MAX_NESTING) return known;
  const c = unparen(condition);
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.type === '!') {
    const operand = c.childForFieldName('operand');
    const inner = operand ? combinedFailureBranch(operand, names, imports, depth + 1) : null;
    return inner && { ...inner, branch: inner.branch === 'then' ? 'else' : 'then' };
  }
  if (c.type !== 'binary_expression') return null;
  const operator = c.childForFieldName('operator')?.type;
  if (operator === '==' || operator === '!=') return releasedFieldIsNil(c, operator, names);
  if (operator !== '&&' && operator !== '||') return null;
  const [left, right] = [c.childForFieldName('left'), c.childForFieldName('right')].map((o) => (o ? combinedFailureBranch(o, names, imports, depth + 1) : null));
  // `a && b` holds only where both do (its then-branch), and fails where either fails; `a || b` the other way round.
  const bothHold = operator === '&&' ? 'then' : 'else';
  const eitherHolds = operator === '&&' ? 'else' : 'then';
  if (left?.branch === bothHold || right?.branch === bothHold) return { branch: bothHold, subject: strongest(left, right, bothHold) };
  if (left?.branch === eitherHolds && right?.branch === eitherHolds) return { branch: eitherHolds, subject: weakest(left, right) };
  return null;
}

/** `resp.Body == nil` (or `!=`), the released field of the tracked resource compared with nil. */
function releasedFieldIsNil(c: SyntaxNode, operator: '==' | '!=', names: ReleasedNames): FailureBranch | null {
  if (!names.name || names.resourcePath.length === 0) return null;
  const [left, right] = [c.childForFieldName('left'), c.childForFieldName('right')].map((o) => (o ? unparen(o) : null));
  const other = left?.type === 'nil' ? right : right?.type === 'nil' ? left : null;
  if (other?.type !== 'selector_expression' || other.text.replace(/\s/g, '') !== [names.name, ...names.resourcePath].join('.')) return null;
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
