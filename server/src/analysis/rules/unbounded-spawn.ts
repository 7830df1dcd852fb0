// unbounded-spawn: a goroutine started on every tick of a clock (a ticker, a re-armed timer, a sleep in an endless loop)
// with nothing that keeps runs from overlapping. The clock does not wait for the work: the day a run takes longer than
// the interval, one more goroutine (with its sockets and buffers) is left behind on every tick until the process falls
// over. Only the clock is reported: a loop driven by connections, messages or a finite list is paced by its input.
// And only a clock whose period is written in the file and shorter than a minute: a run can outlast a few seconds on a
// slow day, rarely an hour, and a period read from config or a flag says nothing either way.
// Anything before or around the launch that may be a bound makes the rule silent: a semaphore or limiter (by name, or a
// same-file helper that sends, receives, waits or locks), a channel send or receive, a Wait(), a busy flag, TryLock or
// CompareAndSwap, a deadline on the run, a stop of the previous run, a call asked whether a run is due.
import { isPackageCall, methodCall, rangeOf, unparen } from '../ast';
import { clauseLeavesLoop } from '../flow/exits';
import { outermostFunction } from '../flow/functions';
import { bindingsOf, channelMake, isIntegerValued } from '../concurrency/bindings';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { clockPeriod } from '../concurrency/period';
import { pacingOf, isPeriodicChannel } from '../concurrency/periodic';
import { contains, enclosingLoops, launchedCall, launchHeadRange, rangeClauseOf, receivedChannel, walkOwn } from '../concurrency/syntax';
import { argumentCount } from '../engine/kinds';
import type { SyntaxNode } from '../parser';
import type { Rule } from '../rule';

const ERRGROUP = 'golang.org/x/sync/errgroup';

/** The longest period judged, in nanoseconds: a run that lasts a minute or more is rare enough to stay silent on. */
const LONGEST_JUDGED_PERIOD = 60e9;

export const rule: Rule = {
  id: 'unbounded-spawn',
  defaultSeverity: 'warning',
  summary: 'A goroutine started on every tick of a ticker, timer or sleep loop, with nothing that stops runs from piling up.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    for (const spawn of spawnSites(facts)) {
      const clock = tickThatSpawns(spawn, facts);
      if (!clock) continue;
      ctx.report({
        message:
          'A goroutine is started on every tick and nothing stops the runs from overlapping: the clock does not wait for the work, so once a run takes longer than the interval one more goroutine piles up on every tick. Skip the tick while a run is busy (TryLock, an atomic flag), bound the runs with a semaphore, or wait for the run in the same tick.',
        range: launchHeadRange(spawn),
        related: [{ range: rangeOf(clock), message: 'this clock starts the next run every interval, whether or not the last one has finished' }],
      });
    }
  },
};

/** `go` statements, and `g.Go(func…)` on an errgroup that has no SetLimit. */
function spawnSites(facts: ConcurrencyFacts): SyntaxNode[] {
  const sites = [...facts.goStatements];
  if (!facts.imports.has(ERRGROUP)) return sites;
  const limited = new Set<string>();
  for (const call of facts.callsNamed('SetLimit')) {
    const target = methodCall(call);
    if (target) limited.add(groupKey(call, target.receiver));
  }
  const groupCalls = facts.callsNamed('Go').filter((call) => {
    const target = methodCall(call);
    return target !== null && !limited.has(groupKey(call, target.receiver));
  });
  return sites.concat(groupCalls);
}

/** A group is named by its receiver text within one top-level function. */
function groupKey(call: SyntaxNode, receiver: SyntaxNode): string {
  return `${outermostFunction(call)?.id ?? 0}:${receiver.text}`;
}

/**
 * The clock that starts `spawn` on every tick with nothing bounding the runs; null otherwise. Between the spawn and the
 * paced loop there may only be loops over a finite list (a fan-out per tick): any other loop is the real driver.
 */
function tickThatSpawns(spawn: SyntaxNode, facts: ConcurrencyFacts): SyntaxNode | null {
  if (leavesRightAfter(spawn)) return null;
  for (const loop of enclosingLoops(spawn)) {
    const clock = pacingOf(loop, spawn, facts);
    if (clock) return !isShortPeriod(clock, facts) || mayBeBounded(loop, spawn, facts) || guardsItself(spawn, facts) ? null : clock;
    if (!overFiniteList(loop, facts)) return null;
  }
  return null;
}

/** The clock's period is written in the file and shorter than a minute: one run can plausibly outlast it. */
function isShortPeriod(clock: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const period = clockPeriod(clock, facts);
  return period !== null && period > 0 && period < LONGEST_JUDGED_PERIOD;
}

/** `go f(); return` (or break): the spawn runs once, on the way out of the loop. */
function leavesRightAfter(spawn: SyntaxNode): boolean {
  const statement = spawn.type === 'go_statement' ? spawn : spawn.parent;
  for (let next = statement?.nextNamedSibling ?? null; next; next = next.nextNamedSibling) {
    if (next.type === 'return_statement' || next.type === 'break_statement' || next.type === 'goto_statement') return true;
  }
  return false;
}

// ---- What may bound the runs. Words are matched against the camelCase / snake_case words of names. ----

/** Calls and receivers whose names suggest a bound: a semaphore, a limiter, a pool slot, a lock, a wait. */
const BOUND_WORDS = /^(?:acquir|limit|sem$|semaphore|wait|lock|trylock|take|reserv|slot|permit|throttl|admit|pool|swap|busy|running)/;
/** Names in a condition that suggest an overlap flag: `running`, `busy`, `inFlight`, `atomic.LoadInt32(&active)`. */
const FLAG_WORDS = /^(?:running|busy|flight|active|pending|working|progress|started|lock|idle|ongoing|outstanding|load|swap)/;
/** Calls at the top of a goroutine that skip the run when the previous one still holds the guard. */
const SELF_GUARDS = new Set(['TryLock', 'TryRLock', 'TryAcquire', 'CompareAndSwap', 'Swap']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function hasWord(text: string, pattern: RegExp): boolean {
  return words(text).some((w) => pattern.test(w));
}

/**
 * The goroutine guards itself: its body (a literal, or a function of this file) tries a lock, a semaphore or a
 * compare-and-swap, or returns on a busy flag, so a run that finds the previous one still going ends at once; or it
 * gives its work a deadline, so no run outlives it.
 */
function guardsItself(spawn: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const call = spawn.type === 'go_statement' ? launchedCall(spawn) : spawn.childForFieldName('arguments')?.namedChild(0);
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : call;
  const bodies = fn?.type === 'func_literal' ? [fn] : declarationsOf(fn ?? null, facts);
  return bodies.some((body) => {
    let guarded = false;
    walkOwn(body.childForFieldName('body') ?? body, (n) => {
      if (n.type === 'call_expression' && (SELF_GUARDS.has(calleeName(n)) || setsDeadline(n, facts))) guarded = true;
      if (n.type === 'if_statement' && hasFlag(n.childForFieldName('condition'))) guarded = true;
      return !guarded;
    });
    return guarded;
  });
}

/** The declarations in this file of the function or method `callee` names (`poll`, `s.poll`). */
function declarationsOf(callee: SyntaxNode | null, facts: ConcurrencyFacts): SyntaxNode[] {
  const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
  return name ? facts.declarations(name) : [];
}

function calleeName(call: SyntaxNode): string {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  return fn?.type === 'selector_expression' ? (fn.childForFieldName('field')?.text ?? '') : '';
}

/** A condition names an overlap flag, or a variable or field the goroutine itself sets. */
function hasFlag(condition: SyntaxNode | null, setByRun: ReadonlySet<string> = new Set()): boolean {
  if (!condition) return false;
  let flagged = false;
  walkOwn(condition, (n) => {
    if (n.type === 'identifier' || n.type === 'field_identifier') flagged = hasWord(n.text, FLAG_WORDS) || setByRun.has(n.text);
    return !flagged;
  });
  return flagged;
}

/**
 * Something in the paced loop's turn may bound the runs: a call or receiver named like a bound, a same-file helper
 * that sends, receives, waits or locks, a channel send or receive, a stop of the previous run, a Wait(), or a
 * condition on a busy flag. The cases of a select that the spawn is not in, and cases that leave the loop, are other
 * turns and do not count.
 */
function mayBeBounded(loop: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return true;
  const setByRun = namesSetBy(spawn);
  let bounded = false;
  walkOwn(body, (n) => {
    if (bounded || n.id === spawn.id) return false;
    if (isOtherTurn(n, spawn, facts)) return false;
    if (n.type === 'send_statement') bounded = true;
    else if (n.type === 'call_expression') bounded = callMayBound(n, facts);
    else if (n.type === 'if_statement') bounded = hasFlag(n.childForFieldName('condition'), setByRun) || latches(n, spawn) || askedPerTick(n, spawn);
    else if (receivedChannel(n)) bounded = receiveMayBound(receivedChannel(n)!, loop, spawn, facts);
    return !bounded;
  });
  return bounded;
}

/** A case of the spawn's select that the spawn is not in, or a case that leaves the loop (`case <-ctx.Done(): return`). */
function isOtherTurn(n: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): boolean {
  if (n.type !== 'communication_case' && n.type !== 'default_case') return false;
  const sibling = n.parent !== null && contains(n.parent, spawn) && !contains(n, spawn);
  return sibling || clauseLeavesLoop(n, facts.imports);
}

function callMayBound(call: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const name = calleeName(call);
  if (hasWord(name, BOUND_WORDS) || stopsPreviousRun(call) || setsDeadline(call, facts)) return true;
  const target = methodCall(call);
  if (target && hasWord(target.receiver.text, BOUND_WORDS)) return true;
  return declarationsOf(call.childForFieldName('function'), facts).some((decl) => helperMayBlock(decl, facts));
}

/** helperMayBlock per declaration id, per file: a helper called on many ticks is read once. */
const helperVerdicts = new WeakMap<ConcurrencyFacts, Map<number, boolean>>();

/** A same-file helper called before the launch sends, receives, waits or locks: it may be the semaphore. */
function helperMayBlock(decl: SyntaxNode, facts: ConcurrencyFacts): boolean {
  let verdicts = helperVerdicts.get(facts);
  if (!verdicts) helperVerdicts.set(facts, (verdicts = new Map()));
  let blocks = verdicts.get(decl.id);
  if (blocks !== undefined) return blocks;
  blocks = false;
  walkOwn(decl.childForFieldName('body') ?? decl, (n) => {
    if (n.type === 'send_statement' || receivedChannel(n)) blocks = true;
    else if (n.type === 'call_expression') blocks = hasWord(calleeName(n), BOUND_WORDS);
    return !blocks;
  });
  verdicts.set(decl.id, blocks);
  return blocks;
}

/** A receive waits for something other than the clock: a token, the previous run's result, a join. */
function receiveMayBound(channel: SyntaxNode, loop: SyntaxNode, spawn: SyntaxNode, facts: ConcurrencyFacts): boolean {
  if (methodCall(channel)?.method === 'Done') return false;
  return !isPeriodicChannel(channel, loop, spawn, facts);
}

/** `context.WithTimeout`/`WithDeadline`: the run gets a deadline, so runs overlap by at most deadline / interval. */
function setsDeadline(call: SyntaxNode, facts: ConcurrencyFacts): boolean {
  return isPackageCall(call, facts.imports, 'context', ['WithTimeout', 'WithDeadline']);
}

/**
 * `cancel()`, `runner.Stop()`, `close(stop)`: the previous run is told to stop before the next one starts, so runs
 * replace each other instead of piling up.
 */
function stopsPreviousRun(call: SyntaxNode): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return /^(?:cancel\w*|stop\w*)$/i.test(fn.text) || (fn.text === 'close' && argumentCount(call) === 1);
  return /^(?:Stop|Cancel|Kill|Shutdown|Interrupt|cancel|stop)$/.test(methodCall(call)?.method ?? '');
}

/** `if !started { started = true; go … }`: the branch sets what its condition tests, so it runs once. */
function latches(ifStatement: SyntaxNode, spawn: SyntaxNode): boolean {
  const consequence = ifStatement.childForFieldName('consequence');
  if (!consequence || !contains(consequence, spawn)) return false;
  const assigned = assignedNames(consequence);
  return hasFlag(ifStatement.childForFieldName('condition'), assigned);
}

/**
 * `if ready := h.Ready(now); ready != nil { go harvest(ready) }`, `if s.due(now) { go run() }`: each tick asks a call
 * whether a run is due, and starts one only when it says so. How often that is (a harvest period, a schedule, a
 * failure) is the call's to say, not the clock's, so a run on every tick is not shown.
 */
function askedPerTick(ifStatement: SyntaxNode, spawn: SyntaxNode): boolean {
  const consequence = ifStatement.childForFieldName('consequence');
  const condition = ifStatement.childForFieldName('condition');
  if (!consequence || !condition || !contains(consequence, spawn)) return false;
  let calls = false;
  walkOwn(condition, (n) => !(calls ||= n.type === 'call_expression'));
  if (calls) return true;
  const initializer = ifStatement.childForFieldName('initializer');
  if (initializer?.type !== 'short_var_declaration') return false;
  const values = initializer.childForFieldName('right')?.namedChildren ?? [];
  if (!values.some((v) => v?.type === 'call_expression')) return false;
  const bound = new Set((initializer.childForFieldName('left')?.namedChildren ?? []).map((n) => n?.text));
  let tested = false;
  walkOwn(condition, (n) => !(tested ||= n.type === 'identifier' && bound.has(n.text)));
  return tested;
}

/** Names a goroutine literal assigns or stores (`running = false`, `s.busy.Store(false)`): its own overlap flags. */
function namesSetBy(spawn: SyntaxNode): ReadonlySet<string> {
  const fn = spawn.type === 'go_statement' ? launchedCall(spawn)?.childForFieldName('function') : null;
  return fn?.type === 'func_literal' ? assignedNames(fn.childForFieldName('body') ?? fn) : new Set();
}

function assignedNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  walkOwn(root, (n) => {
    const target =
      n.type === 'assignment_statement' || n.type === 'inc_statement' || n.type === 'dec_statement'
        ? n.namedChild(0)?.namedChild(0) ?? n.namedChild(0)
        : n.type === 'call_expression' && /^(?:Store|Add)$/.test(methodCall(n)?.method ?? '')
          ? methodCall(n)!.receiver
          : null;
    const last = target?.type === 'selector_expression' ? target.childForFieldName('field') : target;
    if (last && (last.type === 'identifier' || last.type === 'field_identifier')) names.add(last.text);
  });
  return names;
}

// ---- Loops between the spawn and the clock: a fan-out over a finite list repeats per tick; anything else drives. ----

/** `for i := 0; i < n; i++`, `range n`, a range over a literal, a slice or a map (by type, value or same-file result). */
function overFiniteList(loop: SyntaxNode, facts: ConcurrencyFacts): boolean {
  if (loop.namedChildren.some((c) => c?.type === 'for_clause')) return true;
  const right = rangeClauseOf(loop)?.childForFieldName('right');
  if (!right) return false;
  const ranged = unparen(right);
  const scope = outermostFunction(loop) ?? loop;
  if (ranged.type === 'composite_literal' || isIntegerValued(ranged, facts, scope)) return true;
  if (ranged.type === 'call_expression') return returnsList(ranged, facts);
  if (ranged.type !== 'identifier') return false;
  const bindings = bindingsOf(ranged.text, facts, scope);
  return (
    bindings.length > 0 &&
    bindings.every((b) => {
      if (b.type) return isListType(b.type);
      const value = b.value;
      if (!value) return false;
      if (value.type === 'composite_literal') return true;
      if (value.type !== 'call_expression') return false;
      if (calleeName(value) === 'append') return true;
      if (calleeName(value) === 'make') return channelMake(value) === null;
      return returnsList(value, facts);
    })
  );
}

/** A call of a same-file function whose first result is a slice or a map. */
function returnsList(call: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const decls = declarationsOf(call.childForFieldName('function'), facts);
  return (
    decls.length > 0 &&
    decls.every((decl) => {
      const result = decl.childForFieldName('result');
      const first = result?.type === 'parameter_list' ? result.namedChildren.find((c) => c?.type === 'parameter_declaration')?.childForFieldName('type') : result;
      return first ? isListType(first) : false;
    })
  );
}

function isListType(type: SyntaxNode): boolean {
  return type.type === 'slice_type' || type.type === 'map_type' || type.type === 'array_type';
}

declare module '../types' {
  interface RuleCatalogue {
    'unbounded-spawn': true;
  }
}
