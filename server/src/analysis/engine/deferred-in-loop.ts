// `defer f.Close()` inside a loop, for a resource acquired in the same loop turn: the defer runs only when the function
// returns, so every turn keeps one more handle open. Judged only where the number of turns is not bounded by the code
// (`for {`, `for cond {`, a range over a channel or a ticker, `for scanner.Scan()`), and only when some path of a turn
// goes around again after the defer: the walk of paths.ts is rerun with those defers doing nothing, and a resource still
// open where the turn ends (or where the next turn acquires again) proves it. `func() { f := open(); defer f.Close() }()`
// in the loop is the fix: its defer belongs to the closure, whose turn ends with it.
import { enclosingLoop } from '../ast';
import { isChannelName } from '../concurrency/bindings';
import { concurrencyFacts } from '../concurrency/facts';
import type { SyntaxNode } from '../parser';
import type { Leak, PathWalker } from './paths';
import { scanUses, type Tracked } from './uses';

export interface DeferredInLoop {
  /** The `defer` that releases the resource only when the function returns. */
  defer: SyntaxNode;
  /** Where a turn goes around with the resource still open: the end of the loop's body, or the acquisition again. */
  turnEnds: Leak[];
}

/**
 * The defer that holds each turn's resource until `fn` returns, when the loop around `statement` repeats without bound
 * and some turn goes around again after it; null otherwise. `walk` reruns the path walk with the given statements
 * as no-ops and returns the leaking exits.
 */
export function deferredInLoop(
  statement: SyntaxNode,
  fn: SyntaxNode | null,
  tracked: Tracked,
  walk: (ignored: Set<number>) => PathWalker['leaks'] | null,
): DeferredInLoop | null {
  const loop = enclosingLoop(statement);
  if (!loop || !fn) return null;
  const unbounded = [...loopsAround(loop)].filter((l) => turnsUnbounded(l, fn, tracked));
  if (unbounded.length === 0) return null;
  const defers = deferredReleases(loop, tracked);
  if (defers.length === 0) return null;
  const leaks = walk(new Set(defers.map((d) => d.id)));
  if (!leaks) return null;
  const turnEnds = [...leaks.values()].filter((l) => unbounded.some((u) => turnEndsOpen(l, u, loop)));
  return turnEnds.length > 0 ? { defer: defers[0], turnEnds } : null;
}

/**
 * Does the leak show the resource still open when a turn of `repeating` goes around: at the end of its body, or (for a
 * variable declared outside) where its own loop acquires again, when that loop is `repeating` itself.
 */
function turnEndsOpen(leak: Leak, repeating: SyntaxNode, own: SyntaxNode): boolean {
  if (leak.reason === 'overwritten') return repeating.id === own.id;
  return leak.reason === 'iteration' && leak.node.parent?.id === repeating.childForFieldName('body')?.id;
}

/** `loop` and the loops around it in the same function, innermost first. */
function* loopsAround(loop: SyntaxNode): Generator<SyntaxNode> {
  for (let l: SyntaxNode | null = loop; l; l = enclosingLoop(l)) yield l;
}

/** `defer` statements after the acquisition, in the loop's own body (not in a nested loop or closure), that release it. */
function deferredReleases(loop: SyntaxNode, tracked: Tracked): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [...(loop.childForFieldName('body')?.namedChildren ?? [])];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.type === 'for_statement' || node.type === 'func_literal' || node.endIndex <= tracked.acquisition.endIndex) continue;
    if (node.type === 'defer_statement') {
      if (node.startIndex >= tracked.acquisition.endIndex && scanUses(node, { ...tracked }).release) found.push(node);
      continue;
    }
    stack.push(...node.namedChildren.filter((c): c is SyntaxNode => c !== null));
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

/** The operators of a loop condition that counts its turns (`for i < n {`). */
const COUNTED = new Set(['<', '<=', '>', '>=']);

/**
 * Does nothing in the code bound the loop's turns? `for {`, `for cond {` (a retry or a scanner; not a comparison such
 * as `for i < n {`, which counts), a `for ;; {` clause without a condition, a range over a channel (`time.Tick(d)`,
 * `ticker.C`, a name the function makes or takes as a `chan`). A counted clause, or a range over a slice, a map, a
 * string or a number, runs as many turns as its data.
 */
function turnsUnbounded(loop: SyntaxNode, fn: SyntaxNode, tracked: Tracked): boolean {
  const header = loop.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
  if (!header) return true;
  if (header.type === 'for_clause') return header.childForFieldName('condition') === null;
  // `for i < len(paths) {` counts its turns like a counted clause.
  if (header.type === 'binary_expression') return !COUNTED.has(header.childForFieldName('operator')?.text ?? '');
  if (header.type !== 'range_clause') return true;
  const right = header.childForFieldName('right');
  if (!right) return false;
  if (/\.Tick\(|\.C$/.test(right.text)) return true;
  return right.type === 'identifier' && isChannelName(right.text, concurrencyFacts(tracked.facts.file), fn);
}
