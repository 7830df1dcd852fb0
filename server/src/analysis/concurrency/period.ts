// How often does a clock fire? Read from the syntax only: a duration written in the file (`5 * time.Second`, a constant
// `pollInterval = 30 * time.Second`, `time.Duration(n) * time.Millisecond` with n a constant). A period read from a
// flag, a config field or a parameter is unknown (null), and rules that judge by the period stay silent on it.
import { descendantsOfType, isPackageCall, literalFields, methodCall, rootOf, unparen } from '../ast';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import { bindingsOf } from './bindings';
import type { ConcurrencyFacts } from './facts';

/** The time package's units, in nanoseconds (a bare number is nanoseconds too, as a time.Duration). */
const UNITS: Readonly<Record<string, number>> = {
  Nanosecond: 1,
  Microsecond: 1e3,
  Millisecond: 1e6,
  Second: 1e9,
  Minute: 60e9,
  Hour: 3600e9,
};

/** A name is read through its bindings; a constant defined by another constant is followed this many times at most. */
const MAX_NAME_DEPTH = 4;

/**
 * The period in nanoseconds of the clock `pacingOf` found (a `time.Sleep`/`time.Tick`/`time.After` call, `t.C` of a
 * ticker or re-armed timer, a name bound to `time.Tick(…)`), or null when it is not written in the file. A clock made
 * or re-armed with several durations has the longest of them.
 */
export function clockPeriod(clock: SyntaxNode, facts: ConcurrencyFacts): number | null {
  const expr = unparen(clock);
  if (expr.type === 'call_expression') {
    return isPackageCall(expr, facts.imports, 'time', ['Sleep', 'Tick', 'After']) ? durationOf(firstArgument(expr), facts, 0) : null;
  }
  if (expr.type === 'selector_expression' && expr.childForFieldName('field')?.text === 'C') {
    const operand = expr.childForFieldName('operand');
    return operand ? longest(clockDurations(operand, facts)) : null;
  }
  if (expr.type !== 'identifier') return null;
  const makers = bindingsOf(expr.text, facts, outermostFunction(expr) ?? rootOf(expr.tree)).map((b) =>
    b.value?.type === 'call_expression' && isPackageCall(b.value, facts.imports, 'time', ['Tick', 'After']) ? durationOf(firstArgument(b.value), facts, 0) : null,
  );
  return longest(makers);
}

/**
 * The durations a ticker or timer `clock` (`t`, `s.ticker`) is made with (`time.NewTicker(d)`, `time.NewTimer(d)`) and
 * re-armed with (`clock.Reset(d)`) in this file; a null among them for a binding or value that is not such a call.
 */
function clockDurations(clock: SyntaxNode, facts: ConcurrencyFacts): (number | null)[] {
  const root = rootOf(clock.tree);
  const durations: (number | null)[] = [];
  for (const value of valuesOf(clock, facts, root)) {
    const made = value.type === 'call_expression' && isPackageCall(value, facts.imports, 'time', ['NewTicker', 'NewTimer']);
    durations.push(made ? durationOf(firstArgument(value), facts, 0) : null);
  }
  for (const call of facts.callsNamed('Reset')) {
    const target = methodCall(call);
    if (target?.receiver.text === clock.text) durations.push(durationOf(firstArgument(call), facts, 0));
  }
  return durations;
}

/**
 * What is assigned to `clock` in this file: the bindings of a name, or for a field (`s.ticker`) every
 * `x.ticker = …` and `ticker: …` in a composite literal. A binding with no value (a parameter), or no binding in sight,
 * is returned as the clock itself: not a constructor call, so unknown.
 */
function valuesOf(clock: SyntaxNode, facts: ConcurrencyFacts, root: SyntaxNode): SyntaxNode[] {
  if (clock.type === 'identifier') {
    // The name's bindings in its function, else at the package level (`var ticker = time.NewTicker(…)`).
    const local = bindingsOf(clock.text, facts, outermostFunction(clock) ?? root);
    const bindings = local.length > 0 ? local : bindingsOf(clock.text, facts, root);
    return bindings.length > 0 ? bindings.map((b) => b.value ?? b.name) : [clock];
  }
  const field = clock.type === 'selector_expression' ? clock.childForFieldName('field')?.text : undefined;
  if (!field) return [clock];
  const values: SyntaxNode[] = [];
  for (const n of descendantsOfType(root, ['assignment_statement', 'composite_literal'])) {
    if (n.type === 'assignment_statement') {
      const left = n.childForFieldName('left')?.namedChildren ?? [];
      const right = n.childForFieldName('right')?.namedChildren ?? [];
      left.forEach((l, i) => {
        if (l?.type === 'selector_expression' && l.childForFieldName('field')?.text === field) values.push(unparen(right[i] ?? l));
      });
    } else {
      const value = literalFields(n).get(field);
      if (value) values.push(unparen(value));
    }
  }
  return values.length > 0 ? values : [clock];
}

/** The value in nanoseconds of a duration expression written in the file, or null. */
function durationOf(node: SyntaxNode | null, facts: ConcurrencyFacts, depth: number): number | null {
  if (!node) return null;
  const expr = unparen(node);
  if (expr.type === 'int_literal' || expr.type === 'float_literal') {
    const value = Number(expr.text.replace(/_/g, ''));
    return Number.isFinite(value) ? value : null;
  }
  if (expr.type === 'selector_expression' && isTimePackage(expr.childForFieldName('operand'), facts)) {
    return UNITS[expr.childForFieldName('field')?.text ?? ''] ?? null;
  }
  if (expr.type === 'binary_expression') {
    const left = durationOf(expr.childForFieldName('left'), facts, depth);
    const right = durationOf(expr.childForFieldName('right'), facts, depth);
    if (left === null || right === null) return null;
    switch (expr.childForFieldName('operator')?.text) {
      case '*':
        return left * right;
      case '/':
        return right === 0 ? null : left / right;
      case '+':
        return left + right;
      case '-':
        return left - right;
      default:
        return null;
    }
  }
  // `time.Duration(n)`: a conversion keeps the value.
  const conversion = expr.type === 'call_expression' ? expr.childForFieldName('function') : null;
  if (conversion?.type === 'selector_expression' && conversion.childForFieldName('field')?.text === 'Duration' && isTimePackage(conversion.childForFieldName('operand'), facts)) {
    return durationOf(firstArgument(expr), facts, depth);
  }
  if (expr.type === 'identifier' && depth < MAX_NAME_DEPTH) return constantValue(expr, facts, depth + 1);
  return null;
}

function isTimePackage(operand: SyntaxNode | null, facts: ConcurrencyFacts): boolean {
  return operand?.type === 'identifier' && (facts.imports.get('time') ?? []).includes(operand.text);
}

/**
 * A name whose every binding in the file is a constant or an initialised variable with a known duration: the longest.
 * A name that is also grown in place (`backoff *= 2`, `delay++`) has no period of its own.
 */
function constantValue(name: SyntaxNode, facts: ConcurrencyFacts, depth: number): number | null {
  const root = rootOf(name.tree);
  const bindings = bindingsOf(name.text, facts, root);
  if (bindings.length === 0 || facts.identifiers(name.text, root).some(isUpdatedInPlace)) return null;
  return longest(bindings.map((b) => (b.kind === 'parameter' ? null : durationOf(b.value, facts, depth))));
}

/** `x op= …`, `x++`, `x--` with `x` the identifier. */
function isUpdatedInPlace(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'inc_statement' || parent?.type === 'dec_statement') return true;
  const statement = parent?.type === 'expression_list' ? parent.parent : null;
  return (
    statement?.type === 'assignment_statement' &&
    statement.childForFieldName('left')?.id === parent!.id &&
    statement.childForFieldName('operator')?.text !== '='
  );
}

/** The largest value, or null when there is none or one of them is unknown. */
function longest(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return Math.max(...(values as number[]));
}

function firstArgument(call: SyntaxNode): SyntaxNode | null {
  return call.childForFieldName('arguments')?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
}
