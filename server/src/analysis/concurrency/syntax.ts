// Small syntax questions the concurrency rules ask about goroutines, channels, loops and exits.
// Everything here works on half-typed code: every field lookup may be null and is checked.
import { rangeOf, unparen } from '../ast';
import type { SyntaxNode } from '../parser';
import { callNeverReturnsInFile } from '../flow/no-return';
import type { Range } from '../types';


/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * `a` and `b` never both run in one call: they sit in the two branches of one `if … else`, or in two cases of one
 * switch or select (Go's cases do not fall through unless they say `fallthrough`, which is then not told apart).
 */
export function mutuallyExclusive(a: SyntaxNode, b: SyntaxNode): boolean {
  for (let node = a.parent; node; node = node.parent) {
    if (!contains(node, b)) continue;
    if (node.type === 'if_statement') {
      const consequence = node.childForFieldName('consequence');
      const alternative = node.childForFieldName('alternative');
      if (!consequence || !alternative) return false;
      return (contains(consequence, a) && contains(alternative, b)) || (contains(alternative, a) && contains(consequence, b));
    }
    if (/^(?:expression_switch|type_switch|select)_statement$/.test(node.type)) {
      const caseOf = (n: SyntaxNode) => node.namedChildren.find((c) => c !== null && c.type.endsWith('_case') && contains(c, n));
      const ca = caseOf(a);
      const cb = caseOf(b);
      return ca != null && cb != null && ca.id !== cb.id && !/\bfallthrough\b/.test(node.text);
    }
    return false;
  }
  return false;
}

/** The function literal or the named function that a `go`/`defer` statement runs, as a call expression; null otherwise. */
export function launchedCall(statement: SyntaxNode): SyntaxNode | null {
  const call = statement.namedChildren.find((c) => c?.type === 'call_expression');
  return call ?? null;
}

/** The body of `go func(){…}()` / `defer func(){…}()`; null when the statement runs a named function. */
export function launchedLiteralBody(statement: SyntaxNode): SyntaxNode | null {
  const fn = launchedCall(statement)?.childForFieldName('function');
  return fn?.type === 'func_literal' ? fn.childForFieldName('body') : null;
}

/**
 * Pre-order walk of a function body that does not enter nested function literals (their statements run at another time).
 * Return false from `visit` to skip a node's children.
 */
export function walkOwn(body: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== body && node.type === 'func_literal') continue;
    if (visit(node) === false) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

/** True when some node of `root` (not entering nested function literals) passes `test`; stops at the first. */
export function someOwn(root: SyntaxNode, test: (n: SyntaxNode) => boolean): boolean {
  let found = false;
  walkOwn(root, (n) => {
    if (found) return false;
    found = test(n);
    return !found;
  });
  return found;
}

/** For a `<-x` unary expression, the channel expression; null for other expressions. */
export function receivedChannel(node: SyntaxNode): SyntaxNode | null {
  if (node.type !== 'unary_expression') return null;
  const operator = node.childForFieldName('operator');
  if (operator?.text !== '<-') return null;
  const operand = node.childForFieldName('operand');
  return operand ? unparen(operand) : null;
}

/**
 * True when the call never returns (flow/exits.ts): the program, the test or the goroutine does not go on past it, so
 * what it leaves behind does not matter.
 */
export const isTerminatingCall = callNeverReturnsInFile;

/** The `for` loops around `node`, innermost first, up to (not beyond) the enclosing function. */
export function enclosingLoops(node: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') break;
    if (p.type === 'for_statement') loops.push(p);
  }
  return loops;
}

/** The range clause of a `for … range x` loop; null for other loops. */
export function rangeClauseOf(loop: SyntaxNode): SyntaxNode | null {
  return loop.namedChildren.find((c) => c?.type === 'range_clause') ?? null;
}

/** `for { … }`: no condition, no clause. */
export function isEndlessLoop(loop: SyntaxNode): boolean {
  return loop.namedChildren.every((c) => c === null || c.type === 'block' || c.type === 'comment');
}

/** The label of a labeled loop (`L: for …`), or null. */
function loopLabel(loop: SyntaxNode): string | null {
  const parent = loop.parent;
  return parent?.type === 'labeled_statement' ? (parent.childForFieldName('label')?.text ?? null) : null;
}

/** The innermost statement that a plain `break` inside it would leave: a for, switch or select. */
function breakTarget(breakStatement: SyntaxNode): SyntaxNode | null {
  for (let p = breakStatement.parent; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'function_declaration' || p.type === 'method_declaration') return null;
    if (['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement'].includes(p.type)) return p;
  }
  return null;
}

/**
 * True when control can leave `loop` other than by running forever: a return, a goto, a break (plain or labelled) that
 * targets this loop or an outer statement, or a call that ends the program. Nested function literals do not count.
 */
export function loopCanExit(loop: SyntaxNode): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return true;
  const ownLabel = loopLabel(loop);
  // Labels of statements inside the loop: a `break L`/`continue L` naming one of them stays inside the loop.
  // Pre-order visits a labelled statement before any branch that names it.
  const innerLabels = new Set<string>();
  let exits = false;
  walkOwn(body, (n) => {
    if (exits) return false;
    if (n.type === 'labeled_statement') {
      const name = n.childForFieldName('label')?.text;
      if (name) innerLabels.add(name);
    } else if (n.type === 'return_statement' || n.type === 'goto_statement') exits = true;
    else if (n.type === 'break_statement' || n.type === 'continue_statement') {
      const target = n.namedChildren.find((c) => c?.type === 'label_name')?.text;
      if (target !== undefined) exits = target !== ownLabel ? !innerLabels.has(target) : n.type === 'break_statement';
      else exits = n.type === 'break_statement' && breakTarget(n)?.id === loop.id;
    } else if (n.type === 'call_expression' && isTerminatingCall(n)) exits = true;
    return !exits;
  });
  return exits;
}

/** The indentation (tabs/spaces) of the line `node` starts on. */
export function indentationAt(text: string, node: SyntaxNode): string {
  return /^[\t ]*/.exec(lineText(text, node.startPosition.row))![0];
}

/** The text of one line (0-based), without its newline. */
export function lineText(text: string, row: number): string {
  let start = 0;
  for (let i = 0; i < row; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}

/** True when `node` is the only thing on its line(s), apart from indentation and a trailing comment. */
export function isAloneOnLine(text: string, node: SyntaxNode): boolean {
  const first = lineText(text, node.startPosition.row);
  const last = lineText(text, node.endPosition.row);
  return /^[\t ]*$/.test(first.slice(0, node.startPosition.column)) && /^[\t ]*(\/\/.*)?$/.test(last.slice(node.endPosition.column));
}

/**
 * The head of a goroutine launch, for a squiggle that does not cover a whole closure: `go func(…)` up to its parameters,
 * the whole `go f(x)`, or `g.Go(func(…)` for an errgroup call.
 */
export function launchHeadRange(spawn: SyntaxNode): Range {
  const call = spawn.type === 'go_statement' ? launchedCall(spawn) : spawn;
  const fn = call?.childForFieldName('function');
  const literal =
    spawn.type === 'go_statement'
      ? fn?.type === 'func_literal'
        ? fn
        : null
      : (call?.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'func_literal') ?? null);
  const end = literal?.childForFieldName('parameters') ?? spawn;
  return { start: rangeOf(spawn).start, end: rangeOf(end).end };
}

/** A statement's header for a squiggle: a `for`/`if` up to its opening brace, or the statement's first line. */
export function headerRange(statement: SyntaxNode): Range {
  const start = rangeOf(statement).start;
  const body = statement.childForFieldName('body') ?? statement.childForFieldName('consequence');
  if (body) return { start, end: { line: body.startPosition.row, character: body.startPosition.column + 1 } };
  const firstLine = statement.text.split('\n', 1)[0];
  return { start, end: { line: start.line, character: start.character + firstLine.length } };
}
