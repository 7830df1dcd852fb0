// Is a loop paced by a clock? A loop that turns on a ticker, a re-armed timer or a sleep runs at a rate of its own,
// whatever the work it starts takes: the one loop shape where overlapping runs can pile up with no input to blame.
// Syntax only: a channel is periodic when its origin is seen (time.NewTicker, time.Tick, a timer re-armed in the loop)
// or its declared type and name leave no doubt; anything else is not a clock, and callers stay silent.
import { isPackageCall, methodCall, statementsOf, unparen } from '../ast';
import { clauseLeavesLoop } from '../flow/exits';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import { bindingsOf } from './bindings';
import type { ConcurrencyFacts } from './facts';
import { contains, isEndlessLoop, rangeClauseOf, receivedChannel, someOwn } from './syntax';

/**
 * What paces the turns of `loop` that reach `spawn`: the clock channel of `for range ticker.C`, of the select case the
 * spawn runs in (`case <-t.C:`), or of an endless loop's own wait (`time.Sleep(d)`, `<-t.C`, a select whose other cases
 * all leave the loop). Null when something else drives those turns (a message, a connection, a condition).
 */
export function pacingOf(loop: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): SyntaxNode | null {
  const clause = selectCaseAround(spawn, loop);
  if (clause) {
    const channel = receivedChannelOf(clause);
    return channel && isPeriodicChannel(channel, loop, spawn, facts) ? channel : null;
  }
  const range = rangeClauseOf(loop);
  if (range) {
    const right = range.childForFieldName('right');
    return right && isPeriodicChannel(unparen(right), loop, spawn, facts) ? right : null;
  }
  if (!isEndlessLoop(loop)) return null;
  for (const statement of statementsOf(loop.childForFieldName('body'))) {
    const wait = clockWait(statement, loop, spawn, facts);
    if (wait) return wait;
  }
  return null;
}

/** The innermost select case between `spawn` and `loop`, if any. */
export function selectCaseAround(spawn: SyntaxNode, loop: SyntaxNode): SyntaxNode | null {
  for (let p = spawn.parent; p && p.id !== loop.id; p = p.parent) {
    if (p.type === 'communication_case') return p;
  }
  return null;
}

/** The channel a select case receives from; null for a send case. */
function receivedChannelOf(clause: SyntaxNode): SyntaxNode | null {
  const communication = clause.childForFieldName('communication');
  if (!communication) return null;
  const receive = communication.type === 'receive_statement' ? communication.childForFieldName('right') : communication;
  return receive ? receivedChannel(unparen(receive)) : null;
}

/**
 * A statement of the loop body that waits for a clock on every turn: `time.Sleep(d)`, `<-t.C`, or a select whose
 * clock case is the only one that goes on with the turn (`case <-ctx.Done(): return` beside it is fine).
 */
function clockWait(statement: SyntaxNode, loop: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): SyntaxNode | null {
  if (statement.type === 'expression_statement') {
    const expr = statement.namedChild(0);
    if (expr?.type === 'call_expression' && isPackageCall(expr, facts.imports, 'time', ['Sleep'])) return expr;
    const channel = expr ? receivedChannel(unparen(expr)) : null;
    return channel && isPeriodicChannel(channel, loop, spawn, facts) ? channel : null;
  }
  if (statement.type !== 'select_statement') return null;
  let clock: SyntaxNode | null = null;
  for (const clause of statement.namedChildren) {
    if (clause?.type !== 'communication_case' && clause?.type !== 'default_case') continue;
    if (clauseLeavesLoop(clause, facts.imports)) continue;
    const channel = clause.type === 'communication_case' ? receivedChannelOf(clause) : null;
    if (!channel || !isPeriodicChannel(channel, loop, spawn, facts)) return null;
    clock = channel;
  }
  return clock;
}

/**
 * `time.Tick(d)`, `time.After(d)` (evaluated anew on every turn), a ticker's `C`, a timer's `C` when the turn that
 * starts `spawn` re-arms the timer (`t.Reset(d)`), or a name bound to `time.Tick(…)` or re-bound to `time.After(…)` in
 * that turn. A timer re-armed only on another branch (when the run reports back, when there was nothing to start)
 * waits for the run: it is no clock.
 */
export function isPeriodicChannel(channel: SyntaxNode, loop: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const expr = unparen(channel);
  if (expr.type === 'call_expression') return isPackageCall(expr, facts.imports, 'time', ['Tick', 'After']);
  if (expr.type === 'selector_expression' && expr.childForFieldName('field')?.text === 'C') {
    const clock = expr.childForFieldName('operand');
    if (!clock) return false;
    const kind = clockKind(clock, facts);
    return kind === 'ticker' || (kind === 'timer' && rearmedWith(loop, spawn, clock.text));
  }
  if (expr.type !== 'identifier') return false;
  const bindings = bindingsOf(expr.text, facts, outermostFunction(expr) ?? loop);
  return bindings.some((b) => {
    const value = b.value?.type === 'call_expression' ? b.value : null;
    if (value && isPackageCall(value, facts.imports, 'time', ['Tick'])) return true;
    if (value && isPackageCall(value, facts.imports, 'time', ['After'])) return contains(loop, value) && sharesTurn(value, spawn, loop);
    // A `<-chan time.Time` is a clock; its name says whether it ticks (`tick`, `ticks`, `ticker`).
    return /chan\s+time\.Time$/.test(b.type?.text ?? '') && /tick/i.test(expr.text);
  });
}

/** Whether `x` of `x.C` is a ticker or a timer: from its binding (time.NewTicker, *time.Timer, …), else from its name. */
function clockKind(clock: SyntaxNode, facts: ConcurrencyFacts): 'ticker' | 'timer' | null {
  if (clock.type === 'identifier') {
    for (const b of bindingsOf(clock.text, facts, outermostFunction(clock) ?? clock)) {
      const value = b.value?.type === 'call_expression' ? b.value : null;
      if ((value && isPackageCall(value, facts.imports, 'time', ['NewTicker'])) || /time\.Ticker$/.test(b.type?.text ?? '')) return 'ticker';
      if ((value && isPackageCall(value, facts.imports, 'time', ['NewTimer'])) || /time\.Timer$/.test(b.type?.text ?? '')) return 'timer';
    }
  }
  const name = clock.type === 'selector_expression' ? (clock.childForFieldName('field')?.text ?? '') : clock.text;
  if (/timer/i.test(name)) return 'timer';
  return /tick/i.test(name) ? 'ticker' : null;
}

/** The turn that starts `spawn` calls `<clock>.Reset(…)`: the timer fires again whatever the run does. */
function rearmedWith(loop: SyntaxNode, spawn: SyntaxNode, clock: string): boolean {
  return someOwn(loop, (n) => {
    const target = n.type === 'call_expression' ? methodCall(n) : null;
    return target?.method === 'Reset' && target.receiver.text === clock && sharesTurn(n, spawn, loop);
  });
}

const CASES = new Set(['communication_case', 'default_case', 'expression_case', 'type_case']);

/**
 * `node` runs in the same turn of `loop` as `spawn`: no select, switch or if between them puts the two on different
 * branches (`if len(batch) > 0 { go send() } else { t.Reset(d) }`, another select case).
 */
export function sharesTurn(node: SyntaxNode, spawn: SyntaxNode, loop: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node; p && p.parent && p.id !== loop.id; p = p.parent) {
    const holder = p.parent;
    const isBranch =
      CASES.has(p.type) ||
      (holder.type === 'if_statement' && (holder.childForFieldName('consequence')?.id === p.id || holder.childForFieldName('alternative')?.id === p.id));
    if (isBranch && contains(holder, spawn) && !contains(p, spawn)) return false;
  }
  return true;
}
