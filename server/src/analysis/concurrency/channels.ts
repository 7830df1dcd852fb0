// Local channels and everything a function does with them: made, sent to (from which goroutine), received from,
// closed. A channel that leaves the function (passed, returned, stored, captured by a closure that is not a goroutine)
// is not followed: someone else may be at the other end.
import { enclosingFunction, unparen } from '../ast';
import type { SyntaxNode } from '../parser';
import { bindingsOf, boundName, channelMake } from './bindings';
import type { ConcurrencyFacts } from './facts';
import { contains, enclosingLoops, receivedChannel } from './syntax';

export interface ChannelSend {
  /** The `ch <- v` statement (in a helper of this file when `viaHelper`). */
  statement: SyntaxNode;
  /** Sent by a same-file function launched as `go helper(…, ch)`, not by a closure. */
  viaHelper: boolean;
  /** The `go` statement whose goroutine sends, or null for a send by the declaring function itself. */
  goroutine: SyntaxNode | null;
  /** Inside a select with another way out (default, ctx.Done(), …): never blocks forever on its own. */
  guarded: boolean;
  /** In a loop, or launched in one: the number of sends is unknown. */
  repeated: boolean;
}

export interface ChannelReceive {
  /** `<-ch`, or the range clause of `for … range ch`. */
  node: SyntaxNode;
  /** The select this receive is a case of, if any. */
  select: SyntaxNode | null;
  /** The receive is in a goroutine, not in the declaring function. */
  inGoroutine: boolean;
}

export interface LocalChannel {
  name: string;
  make: SyntaxNode;
  /** Buffer size: 0 when unbuffered, null when not a literal (assumed sized for its senders). */
  capacity: number | null;
  capacityNode: SyntaxNode | null;
  function: SyntaxNode;
  sends: ChannelSend[];
  receives: ChannelReceive[];
  closed: boolean;
}

/** Every channel made with `:=`/`var` in a function that stays inside that function. */
export function localChannels(facts: ConcurrencyFacts): LocalChannel[] {
  const channels: LocalChannel[] = [];
  for (const call of facts.channelMakes) {
    const made = channelMake(call);
    if (!made) continue;
    const name = boundName(call);
    const fn = name ? enclosingFunction(call) : null;
    if (!name || !fn) continue;
    // A second binding of the same name in the function (shadowing, reuse): uses cannot be told apart.
    if (bindingsOf(name.text, facts, fn).length !== 1) continue;
    const channel = followUses(name, fn, facts);
    if (!channel) continue;
    const capacityNode = made.capacity ? unparen(made.capacity) : null;
    const capacity = capacityNode === null ? 0 : capacityNode.type === 'int_literal' && /^\d+$/.test(capacityNode.text) ? Number(capacityNode.text) : null;
    channels.push({ ...channel, name: name.text, make: call, capacity, capacityNode, function: fn });
  }
  return channels;
}

function followUses(name: SyntaxNode, fn: SyntaxNode, facts: ConcurrencyFacts): Pick<LocalChannel, 'sends' | 'receives' | 'closed'> | null {
  const sends: ChannelSend[] = [];
  const receives: ChannelReceive[] = [];
  let closed = false;
  for (const use of facts.identifiers(name.text, fn)) {
    if (use.id === name.id || !contains(fn, use)) continue;
    const goroutine = launchingGoStatement(use, fn);
    if (goroutine === undefined) return null;
    const parent = use.parent;
    if (!parent) return null;
    if (parent.type === 'send_statement' && parent.childForFieldName('channel')?.id === use.id) {
      sends.push({ statement: parent, goroutine, viaHelper: false, guarded: selectOf(parent) !== null, repeated: isRepeated(parent, goroutine, name) });
    } else if (receivedChannel(parent)?.id === use.id) {
      receives.push({ node: parent, select: selectOf(parent.parent?.type === 'receive_statement' ? parent.parent : parent), inGoroutine: goroutine !== null });
    } else if (parent.type === 'range_clause' && parent.childForFieldName('right')?.id === use.id) {
      receives.push({ node: parent, select: null, inGoroutine: goroutine !== null });
    } else if (parent.type === 'argument_list' && ['close', 'len', 'cap'].includes(parent.parent?.childForFieldName('function')?.text ?? '')) {
      closed ||= parent.parent?.childForFieldName('function')?.text === 'close';
    } else if (parent.type === 'argument_list' && goroutine === null) {
      const helperSends = sendsOfLaunchedHelper(use, parent, facts);
      if (!helperSends) return null;
      const launch = parent.parent!.parent!;
      const launchRepeated = enclosingLoops(launch).some((loop) => !contains(loop, name));
      for (const send of helperSends) {
        sends.push({ statement: send, goroutine: launch, viaHelper: true, guarded: selectOf(send) !== null, repeated: launchRepeated || enclosingLoops(send).length > 0 });
      }
    } else {
      return null;
    }
  }
  return { sends, receives, closed };
}

/**
 * One call deep: for `go helper(…, ch, …)` with `helper` declared once in this file, the helper's sends on that
 * parameter. Null (the channel escapes) when the helper does anything else with it: receives, closes, passes it on.
 */
function sendsOfLaunchedHelper(argument: SyntaxNode, args: SyntaxNode, facts: ConcurrencyFacts): SyntaxNode[] | null {
  const call = args.parent;
  if (call?.type !== 'call_expression' || call.parent?.type !== 'go_statement') return null;
  const callee = call.childForFieldName('function');
  const helpers = callee?.type === 'identifier' ? facts.declarations(callee.text).filter((d) => d.type === 'function_declaration') : [];
  if (helpers.length !== 1) return null;
  const position = args.namedChildren.filter((c) => c?.type !== 'comment').findIndex((c) => c?.id === argument.id);
  const parameters = helpers[0].childForFieldName('parameters')?.namedChildren.filter((c) => c?.type === 'parameter_declaration') ?? [];
  // Parameters are declared in groups (`a, b chan int`): flatten to one name per position.
  const names = parameters.flatMap((p) => p!.childrenForFieldName('name'));
  const parameter = names[position];
  const body = helpers[0].childForFieldName('body');
  if (!parameter || !body || names.length !== args.namedChildren.filter((c) => c?.type !== 'comment').length) return null;
  const sends: SyntaxNode[] = [];
  for (const use of facts.identifiers(parameter.text, body)) {
    if (!contains(body, use)) continue;
    const send = use.parent;
    if (send?.type !== 'send_statement' || send.childForFieldName('channel')?.id !== use.id || launchingGoStatement(use, body) !== null) return null;
    sends.push(send);
  }
  return sends;
}

/**
 * The `go` statement whose function literal holds `use` (null when `use` runs in `fn` itself); undefined when `use`
 * sits in a closure that is not launched with `go`, whose timing is unknown. A closure a goroutine defers (`defer
 * func() { if recover() != nil { done <- true } }()`) runs in that goroutine, after the rest of its body: its uses are
 * the goroutine's last acts. One the declaring function defers runs when it returns, which the walk of its statements
 * does not model: unknown, like any other closure.
 */
function launchingGoStatement(use: SyntaxNode, fn: SyntaxNode): SyntaxNode | null | undefined {
  let goroutine: SyntaxNode | null = null;
  let deferred = false;
  for (let p = use.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type !== 'func_literal') continue;
    const statement = p.parent?.type === 'call_expression' ? p.parent.parent : null;
    if (statement?.type === 'defer_statement' && goroutine === null && !deferred) {
      deferred = true;
      continue;
    }
    if (statement?.type !== 'go_statement' || goroutine !== null) return undefined;
    goroutine = statement;
  }
  return deferred && goroutine === null ? undefined : goroutine;
}

/** The select whose case `communication` is, when that select has another case (or default) to take instead. */
function selectOf(communication: SyntaxNode): SyntaxNode | null {
  const clause = communication.parent;
  const select = clause?.type === 'communication_case' ? clause.parent : null;
  if (select?.type !== 'select_statement') return null;
  const cases = select.namedChildren.filter((c) => c?.type === 'communication_case' || c?.type === 'default_case');
  return cases.length > 1 ? select : null;
}

/** More than one send per channel: a send in a loop, or a goroutine launched in a loop that does not make a new channel each turn. */
function isRepeated(send: SyntaxNode, goroutine: SyntaxNode | null, name: SyntaxNode): boolean {
  if (enclosingLoops(send).some((loop) => !contains(loop, name))) return true;
  return goroutine !== null && enclosingLoops(goroutine).some((loop) => !contains(loop, name));
}
