// chan-blocked: a goroutine stuck forever on a channel whose other end is gone. The classic case is a result channel
// read in a select with a timeout: when the timeout wins, the sender blocks on `ch <- …` for the rest of the program's
// life, with everything it holds (connections, buffers). The same happens after an early return before the receive,
// when nothing ever receives, and, for receivers, when nothing ever sends or closes.
// Not a finding: a buffer at least as large as the number of sends, a send guarded by a select with another case,
// a channel that leaves the function (someone else may be at the other end).
import { descendantsOfType, lastStatementOf, rangeOf } from '../ast';
import { returnEndsProcess } from '../flow/error-ends-process';
import { boundedPerRun } from '../flow/command-code';
import { localChannels, type ChannelReceive, type ChannelSend, type LocalChannel } from '../concurrency/channels';
import { concurrencyFacts } from '../concurrency/facts';
import { contains, enclosingLoops, isTerminatingCall, launchedCall, mutuallyExclusive, rangeClauseOf, walkOwn } from '../concurrency/syntax';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule, RuleContext } from '../rule';
import type { QuickFix, RelatedLocation } from '../types';

export const rule: Rule = {
  id: 'chan-blocked',
  defaultSeverity: 'warning',
  summary: 'A goroutine blocked forever on a channel whose other end can go away (timeout, early return, no receiver).',
  check(ctx) {
    const channels = localChannels(concurrencyFacts(ctx.file));
    for (const channel of channels) {
      // Made at most once per process (main, a command's action, a helper only those call, outside loops): a goroutine
      // left blocked on it is one per process, gone when the program exits. A function that blocks itself still hangs.
      // Asked only where the answer decides: it looks at the callers in every file of the package.
      const once = (): boolean => boundedPerRun(channel.make, channel.function, ctx.file);
      // A send in a for clause's post statement, or anywhere odd, is not worth a guess.
      const senders = channel.sends.filter((s) => !s.guarded && s.statement.parent?.type === 'statement_list');
      // A send on a closed channel panics instead of blocking: a different bug, and often a deliberate test.
      if (channel.receives.length === 0 && senders.length > 0 && channel.capacity === 0 && !channel.closed) {
        const send = senders[0];
        if (send.goroutine && once()) continue;
        ctx.report({
          message: `Nothing ever receives from ${channel.name}, so this send blocks forever and ${send.goroutine ? 'leaks its goroutine' : 'hangs the function'}; receive from ${channel.name} or drop the send.`,
          range: rangeOf(send.viaHelper ? send.goroutine! : send.statement),
          related: send.viaHelper ? [{ range: rangeOf(send.statement), message: `the send on ${channel.name}` }] : [],
        });
        continue;
      }
      if (channel.sends.length === 0 && !channel.closed) {
        // Only a goroutine's receive is judged: a function that itself waits on a channel it never hands anyone is
        // parked on purpose, like `select {}` (a worker that serves until Ctrl-C ends the process).
        const blocking = channel.receives.find((r) => r.select === null && r.inGoroutine);
        if (blocking && !once()) {
          ctx.report({
            message: `Nothing ever sends on or closes ${channel.name}, so this receive blocks forever and leaks its goroutine; send a value or close ${channel.name} on every path.`,
            range: rangeOf(blocking.node),
          });
        }
        continue;
      }
      // A literal buffer may be enough for the real number of senders: that would be a guess, so only an unbuffered
      // channel is judged.
      const goroutineSenders = senders.filter((s) => s.goroutine !== null);
      if (channel.capacity === 0 && goroutineSenders.length > 0 && !once()) checkAbandonedSenders(ctx, channel, goroutineSenders, channels);
    }
  },
};

/** `channel` is unbuffered and `senders` (each in a goroutine) are not empty. */
function checkAbandonedSenders(ctx: RuleContext, channel: LocalChannel, senders: ChannelSend[], channels: LocalChannel[]): void {
  const ownReceives = channel.receives.filter((r) => !r.inGoroutine);
  const cases = abandoningCases(ctx.file, channel, ownReceives, senders, channels);
  const unreceived = tooFewReceives(channel, senders);
  const related = [...cases, ...earlyReturns(ctx.file, channel, senders, ownReceives, channels), ...unreceived];
  if (related.length === 0) return;
  // Senders in exclusive branches never run together: the one left behind is one that sends again and again.
  const send = (oneLaunchRuns(senders) && senders.find((s) => s.repeated)) || senders[0];
  const single = !send.repeated && channel.sends.length === 1;
  const when =
    cases.length > 0
      ? `the select stops waiting on ${channel.name}`
      : unreceived.length > 0
        ? `more goroutines send on ${channel.name} than ever receive from it`
        : `the function returns before receiving from ${channel.name}`;
  const remedy = single ? `give ${channel.name} a buffer of 1 so the send always completes` : `give ${channel.name} a buffer for every sender, or guard the send with a select on ctx.Done()`;
  const helperName = send.viaHelper ? launchedCall(send.goroutine!)?.childForFieldName('function')?.text : undefined;
  ctx.report({
    message: helperName
      ? `This goroutine blocks forever on its send in ${helperName} when ${when}, and leaks; ${remedy}.`
      : `This send blocks forever when ${when}, leaking the goroutine; ${remedy}.`,
    // A helper may be shared by several callers: point at this caller's launch, and at the send as related.
    range: rangeOf(send.viaHelper ? send.goroutine! : send.statement),
    related: send.viaHelper ? [{ range: rangeOf(send.statement), message: `${helperName} sends on ${channel.name} here` }, ...related] : related,
    fixes: single ? bufferFix(channel) : [],
  });
}

/**
 * Cases of the selects that receive from the channel which leave without ever receiving from it again. A case that
 * receives the sender's last word (its goroutine sends on another channel, then ends) leaves nobody behind.
 */
function abandoningCases(file: GoFile, channel: LocalChannel, receives: ChannelReceive[], senders: ChannelSend[], channels: LocalChannel[]): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  for (const receive of receives) {
    const select = receive.select;
    if (!select || isGraceWait(select, receives)) continue;
    for (const clause of select.namedChildren) {
      if (!clause || (clause.type !== 'communication_case' && clause.type !== 'default_case') || contains(clause, receive.node)) continue;
      if (receivesLastWord(clause, channel, senders, channels)) continue;
      if (abandons(file, clause, select, channel, receives)) {
        related.push({ range: caseHeader(clause), message: `when the select takes this case, nothing receives from ${channel.name} again` });
      }
    }
  }
  return related;
}

/**
 * A select nested in a case of another select on the same channel: the outer select already stopped waiting (its
 * ctx.Done() or timeout case) and this one gives the sender a second, bounded chance to deliver. Whether the sender is
 * still running when that grace period ends depends on how long its work outlives the cancellation (a command from
 * exec.CommandContext is killed with the context), which the syntax cannot tell: not judged.
 */
function isGraceWait(select: SyntaxNode, receives: ChannelReceive[]): boolean {
  return receives.some((outer) => {
    const outerSelect = outer.select;
    if (!outerSelect || outerSelect.id === select.id || !contains(outerSelect, select)) return false;
    return outerSelect.namedChildren.some((clause) => clause !== null && contains(clause, select) && !contains(clause, outer.node));
  });
}

/**
 * The case receives from another local channel on which the only sending goroutine (launched once) sends as its last
 * act: each send there is followed by the end of the goroutine. By the time the case is taken, that goroutine is done
 * sending on anything: the reader that reports its error on `errs` and returns, while the handler drains `messages`
 * until the error arrives.
 */
function receivesLastWord(clause: SyntaxNode, channel: LocalChannel, senders: ChannelSend[], channels: LocalChannel[]): boolean {
  const launch = senders[0]?.goroutine;
  if (!launch || senders.some((s) => s.goroutine?.id !== launch.id)) return false;
  const communication = clause.childForFieldName('communication');
  if (!communication) return false;
  const other = channels.find((c) => c !== channel && c.function.id === channel.function.id && c.receives.some((r) => contains(communication, r.node)));
  if (!other || other.sends.length === 0 || !launchedOncePerChannels(launch, [channel, other])) return false;
  return other.sends.every((send) => send.goroutine?.id === launch.id && !send.guarded && endsAfter(send.statement));
}

/**
 * The goroutine is launched once for these channels: outside any loop, or in a loop turn that makes them afresh
 * (`msgs := make(chan …)` and `errs := make(chan error)` in the same loop body as the `go`), so no goroutine of an
 * earlier turn sends on them.
 */
function launchedOncePerChannels(launch: SyntaxNode, channels: LocalChannel[]): boolean {
  const loop = enclosingLoops(launch)[0];
  if (!loop) return true;
  const body = loop.childForFieldName('body');
  return body !== null && channels.every((c) => contains(body, c.make) && enclosingLoops(c.make)[0]?.id === loop.id);
}

/**
 * The send is the goroutine's (or helper's) last act: after it, control only falls out of the branches around it (an
 * `if`/`else`, a switch or select case) into a return or the end of the body. A loop body, `break`, `fallthrough` or any
 * other statement after it may lead to more sends.
 */
function endsAfter(send: SyntaxNode): boolean {
  let statement = send;
  for (;;) {
    let next = statement.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    if (next) return next.type === 'return_statement';
    const holder = statement.parent?.type === 'statement_list' ? statement.parent.parent : null;
    const outer = holder?.type === 'block' ? holder.parent : holder?.parent;
    if (!holder || !outer) return false;
    if (holder.type === 'block' && FUNCTION_BODY_OWNERS.has(outer.type)) return true;
    if (holder.type === 'block' ? outer.type !== 'if_statement' : !CASE_TYPES.has(holder.type)) return false;
    // An `else if` hangs under the `if` it continues: the statement that falls through is the outermost one.
    statement = outer;
    while (statement.parent?.type === 'if_statement') statement = statement.parent;
  }
}

const FUNCTION_BODY_OWNERS = new Set(['func_literal', 'function_declaration', 'method_declaration']);
const CASE_TYPES = new Set(['expression_case', 'type_case', 'communication_case', 'default_case']);

/**
 * A select case abandons the channel when it leaves (return, goto, labelled break) or, outside a loop, goes on without a
 * later receive. A case that leaves only through returns that end the program (an error main exits on:
 * flow/error-ends-process.ts) leaves the sender behind for a moment only.
 */
function abandons(file: GoFile, clause: SyntaxNode, select: SyntaxNode, channel: LocalChannel, receives: ChannelReceive[]): boolean {
  let leaves = false;
  let ends = false;
  walkOwn(clause, (n) => {
    if (n.type === 'return_statement') leaves ||= !returnEndsProcess(n, channel.function, file);
    else if (n.type === 'goto_statement') leaves = true;
    else if (n.type === 'break_statement' && n.namedChildCount > 0) leaves = true;
    else if (n.type === 'call_expression' && isTerminatingCall(n)) ends = true;
  });
  // A receive in the case, also by a goroutine it starts to drain the channel, takes the sender's value.
  if (ends || channel.receives.some((r) => contains(clause, r.node))) return false;
  if (leaves) return true;
  // The case ends in a return that ends the program: it cannot go on past the select.
  if (lastStatementOf(clause)?.type === 'return_statement') return false;
  const inLoop = enclosingLoops(select).some((loop) => contains(channel.function, loop));
  return !inLoop && !receives.some((r) => r.node.startIndex > select.endIndex);
}

/**
 * Returns between the launch of the first sender and the first receive after it (the sender is left behind on that
 * path), and returns inside a receiving loop while more senders may still be waiting.
 */
function earlyReturns(file: GoFile, channel: LocalChannel, senders: ChannelSend[], receives: ChannelReceive[], channels: LocalChannel[]): RelatedLocation[] {
  const firstLaunch = senders.map((s) => s.goroutine!).sort((a, b) => a.startIndex - b.startIndex)[0];
  const firstReceive = receives.filter((r) => r.node.startIndex > firstLaunch.endIndex).sort((a, b) => a.node.startIndex - b.node.startIndex)[0];
  if (!firstReceive) return [];
  const manySenders = senders.some((s) => s.repeated) || !oneLaunchRuns(senders);
  const receiveLoop = manySenders && firstReceive.select === null ? enclosingLoops(firstReceive.node).find((l) => contains(channel.function, l)) : undefined;
  const related: RelatedLocation[] = [];
  const body = channel.function.childForFieldName('body');
  if (!body) return [];
  walkOwn(body, (n) => {
    if (n.type !== 'return_statement') return;
    if (
      n.startIndex > firstLaunch.endIndex &&
      n.endIndex < firstReceive.node.startIndex &&
      !endsProgramBefore(n) &&
      !returnEndsProcess(n, channel.function, file) &&
      !afterLastWord(n, channel, senders, channels) &&
      !noSenderLaunched(n, channel, senders)
    ) {
      related.push({ range: rangeOf(n), message: `returns here before receiving from ${channel.name}` });
    } else if (receiveLoop && contains(receiveLoop, n) && n.startIndex > firstReceive.node.endIndex) {
      related.push({ range: rangeOf(n), message: `returns here while other senders still wait to send on ${channel.name}` });
    }
  });
  return related;
}

/**
 * The return is in a select case that received the sender's last word on another channel (receivesLastWord): the
 * goroutine has sent its one value and ended, so it is not left behind (`case err := <-errs: return err` beside
 * `case msgs = <-results:`).
 */
function afterLastWord(ret: SyntaxNode, channel: LocalChannel, senders: ChannelSend[], channels: LocalChannel[]): boolean {
  for (let p = ret.parent; p && !FUNCTION_BODY_OWNERS.has(p.type); p = p.parent) {
    if (p.type === 'communication_case') return receivesLastWord(p, channel, senders, channels);
  }
  return false;
}

/**
 * At most one of the senders' goroutines runs per call: one launch, or launches in exclusive branches (`if dir { go
 * listAll() } else { go sendOne() }`). A goroutine that sends once is then received by the first receive it reaches.
 */
function oneLaunchRuns(senders: ChannelSend[]): boolean {
  const launches = [...new Map(senders.map((s) => [s.goroutine!.id, s.goroutine!])).values()];
  return launches.every((a, i) => launches.slice(i + 1).every((b) => mutuallyExclusive(a, b)));
}

/**
 * The "first answer wins" shape: one goroutine per element of a range sends once on an unbuffered channel, and the
 * function receives exactly once (`return <-answers`): every other sender stays blocked. Kept that narrow on purpose:
 * with several receives, counted loops or sends inside loops, the numbers may well match.
 */
function tooFewReceives(channel: LocalChannel, senders: ChannelSend[]): RelatedLocation[] {
  const receives = channel.receives;
  if (channel.capacity !== 0 || receives.length !== 1) return [];
  const receive = receives[0];
  if (receive.inGoroutine || receive.node.type === 'range_clause' || enclosingLoops(receive.node).length > 0) return [];
  const fanOut = senders.every((s) => {
    if (enclosingLoops(s.statement).length > 0) return false;
    const launchLoops = enclosingLoops(s.goroutine!).filter((loop) => contains(channel.function, loop));
    return launchLoops.length > 0 && launchLoops.every((loop) => rangeClauseOf(loop) !== null && !contains(loop, channel.make));
  });
  if (!fanOut) return [];
  return [{ range: rangeOf(receive.node), message: `only one receive from ${channel.name}: every other sender blocks forever` }];
}

/**
 * The return runs only when no sender was launched: it is the whole body of an `if n == 0` (or `n <= 0`, `n < 1`)
 * where `n` counts the launches, `n++` beside every `go` that sends (in the same block, so each launch counts once), on
 * a local the function declares as 0 and changes nowhere else before the return (`spawned++` per dial started, then
 * `if spawned == 0 { return … }`, then a loop receiving until `spawned` is back to 0).
 */
function noSenderLaunched(ret: SyntaxNode, channel: LocalChannel, senders: ChannelSend[]): boolean {
  const block = ret.parent?.type === 'statement_list' ? ret.parent.parent : ret.parent;
  const guard = block?.type === 'block' ? block.parent : null;
  if (guard?.type !== 'if_statement' || guard.childForFieldName('consequence')?.id !== block!.id || guard.childForFieldName('alternative')) return false;
  const condition = guard.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? '';
  const counter = /^(\w+)(?:==0|<=0|<1)$/.exec(condition)?.[1] ?? /^0==(\w+)$/.exec(condition)?.[1];
  if (!counter) return false;
  const counted = (launch: SyntaxNode): boolean =>
    launch.parent?.namedChildren.some((s) => s?.type === 'inc_statement' && s.namedChild(0)?.text === counter) ?? false;
  if (!senders.every((s) => counted(s.goroutine!))) return false;
  const body = channel.function.childForFieldName('body');
  if (!body) return false;
  let declaredZero = false;
  let changedElsewhere = false;
  walkOwn(body, (n) => {
    if (n.startIndex > ret.startIndex) return;
    if (n.type === 'short_var_declaration' || n.type === 'var_spec' || n.type === 'assignment_statement') {
      const names = n.type === 'var_spec' ? n.childrenForFieldName('name') : (n.childForFieldName('left')?.namedChildren ?? []);
      const at = names.findIndex((name) => name?.text === counter);
      if (at < 0) return;
      const values = n.childForFieldName(n.type === 'var_spec' ? 'value' : 'right')?.namedChildren ?? [];
      const zero = names.length === 1 && (values.length === 0 ? n.type === 'var_spec' : values.length === 1 && values[0]?.text === '0');
      if (n.type !== 'assignment_statement' && zero && !declaredZero) declaredZero = true;
      else changedElsewhere = true;
    } else if (n.type === 'dec_statement' && n.namedChild(0)?.text === counter) {
      changedElsewhere = true;
    } else if (n.type === 'inc_statement' && n.namedChild(0)?.text === counter && !senders.some((s) => s.goroutine!.parent?.id === n.parent?.id)) {
      changedElsewhere = true;
    }
  });
  // A closure that touches the counter (a goroutine that counts itself down) could change it at any time.
  const mentioned = new RegExp(`\\b${counter}\\b`);
  return declaredZero && !changedElsewhere && !descendantsOfType(body, 'func_literal').some((f) => mentioned.test(f.text));
}

/** A return right after log.Fatal/os.Exit/panic in the same block is never reached. */
function endsProgramBefore(ret: SyntaxNode): boolean {
  const previous = ret.previousNamedSibling;
  const call = previous?.type === 'expression_statement' ? previous.namedChild(0) : null;
  return call?.type === 'call_expression' && isTerminatingCall(call);
}

function caseHeader(clause: SyntaxNode): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const communication = clause.childForFieldName('communication');
  const end = communication ? rangeOf(communication).end : rangeOf(clause).start;
  const start = rangeOf(clause).start;
  return clause.type === 'default_case' ? { start, end: { line: start.line, character: start.character + 'default'.length } } : { start, end };
}

/** `make(chan T)` → `make(chan T, 1)`; `make(chan T, 0)` → `make(chan T, 1)`. */
function bufferFix(channel: LocalChannel): QuickFix[] {
  const title = `Buffer ${channel.name} with capacity 1`;
  if (channel.capacityNode) return [{ title, edits: [{ range: rangeOf(channel.capacityNode), newText: '1' }] }];
  const args = channel.make.childForFieldName('arguments');
  const type = args?.namedChild(0);
  if (!type) return [];
  const end = rangeOf(type).end;
  return [{ title, edits: [{ range: { start: end, end }, newText: ', 1' }] }];
}

declare module '../types' {
  interface RuleCatalogue {
    'chan-blocked': true;
  }
}
