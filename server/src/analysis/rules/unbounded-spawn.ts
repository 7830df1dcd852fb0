// unbounded-spawn: a goroutine started on every turn of a loop that has no natural end (a ticker, an endless `for`, a
// channel of work) with nothing that bounds how many run at once. When the work is slower than the input, goroutines
// (and the sockets, buffers and memory they hold) pile up until the process falls over.
// Bounds that count: a semaphore send or Acquire before the launch, the previous run stopped before it (`cancel()`,
// `runner.Stop()`, `close(stop)`), a Wait() or a receive after it in the same iteration,
// errgroup.SetLimit. An accept loop (one goroutine per connection) is the standard server shape and is left alone.
import { enclosingFunction, isPackageCall, methodCall, statementsOf, unparen, type Imports } from '../ast';
import { leavesLoop } from '../flow/exits';
import { bindingsOf, channelMake, isChannelName, isIntegerValued } from '../concurrency/bindings';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import {
  contains,
  enclosingLoops,
  headerRange,
  isEndlessLoop,
  launchHeadRange,
  rangeClauseOf,
  receivedChannel,
  someOwn,
  walkOwn,
} from '../concurrency/syntax';
import { outermostFunction } from '../flow/functions';
import { argumentCount } from '../engine/kinds';
import type { SyntaxNode } from '../parser';
import type { Rule } from '../rule';

const ERRGROUP = 'golang.org/x/sync/errgroup';
const SEMAPHORE_NAME = /sem|limit|token|slot|throttle|concurren|pool/i;

/** What makes a loop turn. `once`: the spawn's case fires once (a Timer, ctx.Done()); `opaque`: a condition loop. */
type Driver = 'ticker' | 'endless' | 'channel' | 'input' | 'counted' | 'accept' | 'once' | 'opaque';

const RELATED: Record<Driver, string> = {
  ticker: 'this loop runs on a timer, for as long as the program runs',
  endless: 'this loop never ends by itself',
  channel: 'this loop runs once per received value, with no limit',
  input: 'this loop runs once per element of an input of unknown size',
  counted: '',
  accept: '',
  once: '',
  opaque: '',
};

export const rule: Rule = {
  id: 'unbounded-spawn',
  defaultSeverity: 'warning',
  summary: 'A goroutine started on every tick, endless-loop turn or received value, with nothing bounding how many run.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    for (const spawn of spawnSites(facts)) {
      const verdict = unboundedLoop(spawn, facts);
      if (!verdict) continue;
      const { loop, driver } = verdict;
      const what = describe(driver, loop);
      ctx.report({
        severity: driver === 'input' ? 'information' : undefined,
        message: `A goroutine is started ${what} with no limit on how many run at once, so slow work piles up goroutines; bound it with a worker pool, a semaphore channel or errgroup.SetLimit, or wait for it in the same iteration.`,
        range: launchHeadRange(spawn),
        related: [{ range: headerRange(loop), message: RELATED[driver] }],
      });
    }
  },
};

/** `go` statements, and `g.Go(func…)` on an errgroup that has no SetLimit. */
function spawnSites(facts: ConcurrencyFacts): SyntaxNode[] {
  const sites = [...facts.goStatements];
  if (!facts.imports.has(ERRGROUP)) return sites;
  const limited = new Set<string>();
  const groupCalls: SyntaxNode[] = [];
  for (const call of facts.callsNamed('SetLimit')) {
    const target = methodCall(call);
    if (target) limited.add(groupKey(call, target.receiver));
  }
  for (const call of facts.callsNamed('Go')) {
    if (methodCall(call)) groupCalls.push(call);
  }
  return sites.concat(groupCalls.filter((call) => !limited.has(groupKey(call, methodCall(call)!.receiver))));
}

/** A group is named by its receiver text within one top-level function. */
function groupKey(call: SyntaxNode, receiver: SyntaxNode): string {
  return `${outermostFunction(call)?.id ?? 0}:${receiver.text}`;
}

/** The loop that makes `spawn` unbounded and what drives it; null when some loop bounds it or none is unbounded. */
function unboundedLoop(spawn: SyntaxNode, facts: ConcurrencyFacts): { loop: SyntaxNode; driver: Driver } | null {
  if (leavesRightAfter(spawn)) return null;
  let inputLoop: SyntaxNode | null = null;
  for (const loop of enclosingLoops(spawn)) {
    if (boundedWithinIteration(loop, spawn, facts.imports) || latchedWithin(loop, spawn)) return null;
    const clause = selectCaseAround(spawn, loop);
    const driver = (clause && caseDriver(clause, facts)) ?? driverOf(loop, facts);
    if (driver === 'once' || driver === 'opaque' || driver === 'accept') return null;
    if (driver === 'ticker' || driver === 'endless' || driver === 'channel') return { loop, driver };
    if (driver === 'input') inputLoop = loop;
  }
  if (inputLoop && !joinedAfter(inputLoop)) return { loop: inputLoop, driver: 'input' };
  return null;
}

function driverOf(loop: SyntaxNode, facts: ConcurrencyFacts): Driver {
  const range = rangeClauseOf(loop);
  if (range) {
    const right = range.childForFieldName('right');
    if (!right) return 'counted';
    const ranged = unparen(right);
    if (isTickerChannel(ranged, facts)) return 'ticker';
    if (ranged.type === 'composite_literal') return 'counted';
    const scope = outermostFunction(loop) ?? loop;
    if (ranged.type === 'identifier' && isChannelName(ranged.text, facts, scope)) return carriesConnections(ranged.text, facts, scope) ? 'accept' : 'channel';
    if (isIntegerValued(ranged, facts, scope)) return 'counted';
    // Input of unknown size comes from outside: a parameter or a call. A local or a field is the program's own list.
    const fromParameter = ranged.type === 'identifier' && bindingsOf(ranged.text, facts, scope).some((b) => b.kind === 'parameter');
    return fromParameter || ranged.type === 'call_expression' ? 'input' : 'counted';
  }
  if (loop.namedChildren.some((c) => c?.type === 'for_clause')) return 'counted';
  // A condition loop (`for len(pending) > 0 && len(free) > 0`) is driven by state the rule cannot see: often a bound.
  if (!isEndlessLoop(loop)) return 'opaque';
  let accepts = false;
  let ticks = false;
  walkOwn(loop.childForFieldName('body') ?? loop, (n) => {
    if (n.type !== 'call_expression') return;
    if (methodCall(n)?.method === 'Accept') accepts = true;
    if (isPackageCall(n, facts.imports, 'time', ['Sleep', 'Tick', 'After'])) ticks = true;
  });
  if (accepts) return 'accept';
  const receivesTicks = someOwn(loop, (n) => {
    const channel = receivedChannel(n);
    return channel !== null && isTickerChannel(channel, facts);
  });
  return ticks || receivesTicks ? 'ticker' : 'endless';
}

/**
 * A channel of new connections (`<-chan ssh.NewChannel` from ssh.NewServerConn, `chan net.Conn` fed by an accept
 * loop): ranging over it with one goroutine per element is an accept loop too, each goroutine living as long as its peer.
 */
function carriesConnections(name: string, facts: ConcurrencyFacts, scope: SyntaxNode): boolean {
  return bindingsOf(name, facts, scope).some((b) => {
    const channel = b.type?.type === 'channel_type' ? b.type : channelMake(b.value)?.type;
    const element = channel?.childForFieldName('value')?.text.replace(/^\*/, '') ?? '';
    return CONNECTION_TYPE.test(element);
  });
}

/** `ssh.NewChannel`, `net.Conn`, `*net.TCPConn`, `*tls.Conn`, `quic.Connection`. */
const CONNECTION_TYPE = /(^|\.)(NewChannel|\w*Conn|\w*Connection)$/;

/** `ticker.C` (not a Timer's C: it fires once), `time.Tick(d)`. */
function isTickerChannel(node: SyntaxNode, facts: ConcurrencyFacts): boolean {
  if (node.type === 'selector_expression') return node.childForFieldName('field')?.text === 'C' && !isTimer(node.childForFieldName('operand'), facts);
  return node.type === 'call_expression' && isPackageCall(node, facts.imports, 'time', ['Tick']);
}

/** The operand of `x.C` is a time.Timer: bound to time.NewTimer, or (when the binding is out of sight) named like one. */
function isTimer(operand: SyntaxNode | null, facts: ConcurrencyFacts): boolean {
  if (!operand) return false;
  const name = operand.type === 'selector_expression' ? operand.childForFieldName('field') : operand;
  if (operand.type === 'identifier') {
    const values = bindingsOf(operand.text, facts, outermostFunction(operand) ?? operand).map((b) => b.value);
    if (values.some((v) => v?.type === 'call_expression' && isPackageCall(v, facts.imports, 'time', ['NewTimer']))) return true;
    if (values.some((v) => v?.type === 'call_expression' && isPackageCall(v, facts.imports, 'time', ['NewTicker']))) return false;
  }
  return /timer/i.test(name?.text ?? '');
}

/** The select case (of a select inside `loop`) that the spawn runs in, if any. */
function selectCaseAround(spawn: SyntaxNode, loop: SyntaxNode): SyntaxNode | null {
  for (let p = spawn.parent; p && p.id !== loop.id; p = p.parent) {
    if (p.type === 'communication_case') return p;
  }
  return null;
}

/** What drives a spawn inside a select case: the case's channel. Null when the case says nothing (a send, default). */
function caseDriver(clause: SyntaxNode, facts: ConcurrencyFacts): Driver | null {
  const communication = clause.childForFieldName('communication');
  const right = communication?.type === 'receive_statement' ? communication.childForFieldName('right') : null;
  const channel = right ? receivedChannel(unparen(right)) : null;
  if (!channel) return null;
  if (channel.type === 'call_expression') {
    if (isPackageCall(channel, facts.imports, 'time', ['After', 'Tick'])) return 'ticker';
    if (methodCall(channel)?.method === 'Done') return 'once';
    return 'channel';
  }
  if (channel.type === 'selector_expression' && channel.childForFieldName('field')?.text === 'C') return isTickerChannel(channel, facts) ? 'ticker' : 'once';
  return 'channel';
}

/** `go f(); return` (or break): the spawn runs once, on the way out of the loop. */
function leavesRightAfter(spawn: SyntaxNode): boolean {
  const statement = spawn.type === 'go_statement' ? spawn : spawn.parent;
  for (let next = statement?.nextNamedSibling ?? null; next; next = next.nextNamedSibling) {
    if (next.type === 'return_statement' || next.type === 'break_statement' || next.type === 'goto_statement') return true;
  }
  return false;
}

/**
 * `if !x.started { x.started = true; … go … }` between the loop and the spawn: a latch, so the launches under it happen
 * once, not on every turn (gocron's executor starts its limit-mode runners this way).
 */
function latchedWithin(loop: SyntaxNode, spawn: SyntaxNode): boolean {
  for (let p = spawn.parent; p && p.id !== loop.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const consequence = p.childForFieldName('consequence');
    if (!consequence || !contains(consequence, spawn)) continue;
    // `!x.started`, alone or as one operand of `&&` (`e.limitMode != nil && !e.limitMode.started`).
    const flags = (p.childForFieldName('condition')?.text ?? '').split('&&').flatMap((operand) => /^\s*!\s*([\w.]+)\s*$/.exec(operand)?.[1] ?? []);
    const assignments = statementsOf(consequence).filter((st) => st.type === 'assignment_statement').map((st) => st.text.replace(/\s/g, ''));
    if (flags.some((flag) => assignments.includes(`${flag}=true`))) return true;
  }
  return false;
}

/** A semaphore taken before the launch, or a join (Wait, or a plain receive) after it, in the same iteration. */
function boundedWithinIteration(loop: SyntaxNode, spawn: SyntaxNode, imports: Imports): boolean {
  const body = loop.childForFieldName('body');
  if (!body) return true;
  return someOwn(body, (n) => {
    if (contains(n, spawn) || contains(spawn, n)) return false;
    const before = n.endIndex <= spawn.startIndex;
    if (before && n.type === 'send_statement') {
      const channel = n.childForFieldName('channel')?.text ?? '';
      return n.childForFieldName('value')?.text.replace(/\s/g, '') === 'struct{}{}' || SEMAPHORE_NAME.test(channel);
    }
    if (before && n.type === 'call_expression') return methodCall(n)?.method === 'Acquire' || (onPathTo(n, spawn, imports) && stopsPreviousRun(n));
    if (!before && n.type === 'call_expression') return methodCall(n)?.method === 'Wait';
    return !before && isJoiningReceive(n, spawn);
  });
}

/** Where a stop of the previous run may sit: the branches of an `if`, a `select` or a `switch`. */
const BRANCH_HOLDERS = new Set(['block', 'statement_list', 'communication_case', 'expression_case', 'default_case', 'if_statement']);
const BRANCHING_STATEMENTS = new Set(['if_statement', 'select_statement', 'expression_switch_statement']);

/**
 * The call is a statement of a block that also holds the spawn, so it runs on the way to it; or it sits in a branch of
 * an `if`/`select`/`switch` that is itself on that path: "stop the previous run, if one is running"
 * (`if cancel != nil { cancel() }`, `select { case old := <-running: close(old); default: }`). A branch that then
 * returns or continues (`case <-stop: e.stop(); return`) never reaches the launch.
 */
function onPathTo(call: SyntaxNode, spawn: SyntaxNode, imports: Imports): boolean {
  let statement = call.parent;
  if (statement?.type !== 'expression_statement') return false;
  while (statement.parent && !contains(statement.parent, spawn)) {
    if (leavesAfter(statement, imports)) return false;
    let branching: SyntaxNode | null = statement.parent;
    while (branching && BRANCH_HOLDERS.has(branching.type) && !BRANCHING_STATEMENTS.has(branching.type)) branching = branching.parent;
    if (!branching || !BRANCHING_STATEMENTS.has(branching.type)) return false;
    // An `else if` is the alternative of its parent `if`: climb to the outermost one.
    while (branching.parent?.type === 'if_statement') branching = branching.parent;
    statement = branching;
  }
  return statement.parent !== null;
}

/** A later statement of the same branch returns, continues or jumps away: the branch does not fall through. */
function leavesAfter(statement: SyntaxNode, imports: Imports): boolean {
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === 'continue_statement' || leavesLoop(next, imports)) return true;
  }
  return false;
}

/**
 * `cancel()`, `runner.Stop()`, `close(stopCh)` before the launch: the previous run is told to stop before the next one
 * starts (a watcher restarting its task on every event), so runs replace each other instead of piling up.
 */
function stopsPreviousRun(call: SyntaxNode): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return /^(?:cancel\w*|stop\w*)$/i.test(fn.text) || (fn.text === 'close' && argumentCount(call) === 1);
  const method = methodCall(call)?.method ?? '';
  return /^(?:Stop|Cancel|Kill|Shutdown|cancel|stop)$/.test(method);
}

/**
 * A receive that waits for the goroutine: from a plain channel (not `ctx.Done()` or `time.After(…)`), and not a sibling
 * case of the select the spawn itself runs in (`case <-ticker.C: go poll()` next to `case <-ctx.Done(): return`).
 */
function isJoiningReceive(n: SyntaxNode, spawn: SyntaxNode): boolean {
  const channel = receivedChannel(n);
  if (!channel || channel.type === 'call_expression') return false;
  const clause = n.parent?.type === 'receive_statement' ? n.parent.parent : null;
  const select = clause?.type === 'communication_case' ? clause.parent : null;
  return !select || !contains(select, spawn);
}

/** A Wait() or a channel receive after the loop, in the same function: the fan-out is joined. */
function joinedAfter(loop: SyntaxNode): boolean {
  const body = enclosingFunction(loop)?.childForFieldName('body');
  if (!body) return true;
  return someOwn(body, (n) => n.startIndex >= loop.endIndex && ((n.type === 'call_expression' && methodCall(n)?.method === 'Wait') || receivedChannel(n) !== null));
}

function describe(driver: Driver, loop: SyntaxNode): string {
  const right = rangeClauseOf(loop)?.childForFieldName('right')?.text;
  switch (driver) {
    case 'ticker':
      return 'on every tick';
    case 'endless':
      return 'on every turn of this endless loop';
    case 'channel':
      return `for every value received from ${right ?? 'the channel'}`;
    default:
      return right ? `for every element of ${right}` : 'on every turn of this loop';
  }
}

declare module '../types' {
  interface RuleCatalogue {
    'unbounded-spawn': true;
  }
}
