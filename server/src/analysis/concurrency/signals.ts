// Stop signals a loop could observe: a context that can be cancelled, a stop/quit channel, an os.Signal channel.
// Only names in scope at the loop count: parameters of the enclosing functions, and locals declared before the loop.
// Found once per file from the few places they can come from (context types, chan types, a handful of calls).
import { descendantsOfType, enclosingFunction, isPackageCall, methodCall } from '../ast';
import type { SyntaxNode } from '../parser';
import { boundName, channelMake } from './bindings';
import type { ConcurrencyFacts } from './facts';
import { contains, receivedChannel, walkOwn } from './syntax';

export interface StopSignal {
  name: string;
  kind: 'context' | 'stop-channel' | 'os-signal';
  /** Where the name is bound: the parameter or the declaring statement. */
  declaration: SyntaxNode;
  /** The function in which the name is visible. */
  scope: SyntaxNode;
  /** Source index from which the name is visible (locals: after their declaration). */
  visibleFrom: number;
}

// Contexts made to be cancelled by someone. WithTimeout/WithDeadline locals usually bound one operation (a ping, a
// request) rather than the program's life, so a loop that outlives them is not necessarily wrong: left out.
const CANCELLABLE_CONTEXTS: { importPath: string; name: string; result: number }[] = [
  { importPath: 'context', name: 'WithCancel', result: 0 },
  { importPath: 'context', name: 'WithCancelCause', result: 0 },
  { importPath: 'os/signal', name: 'NotifyContext', result: 0 },
  { importPath: 'golang.org/x/sync/errgroup', name: 'WithContext', result: 1 },
];
const STOP_NAME = /stop|quit|done|shutdown|exit|term|closing|die|kill/i;

const cache = new WeakMap<ConcurrencyFacts, StopSignal[]>();

function signalsOfFile(facts: ConcurrencyFacts): StopSignal[] {
  let all = cache.get(facts);
  if (!all) {
    all = fileSignals(facts).sort((a, b) => b.scope.startIndex - a.scope.startIndex);
    cache.set(facts, all);
  }
  return all;
}

/** True when the file has any stop signal at all (most files have none: the rule can stop there). */
export function hasStopSignals(facts: ConcurrencyFacts): boolean {
  return signalsOfFile(facts).length > 0;
}

/**
 * Signals in scope at `loop`, innermost first. A context that is replaced while it is in scope (`cancel(); ctx, cancel
 * = context.WithCancel(parent)` on every event, in this loop or another) is a per-run cancel, not a loop's stop signal.
 */
export function stopSignalsInScope(loop: SyntaxNode, facts: ConcurrencyFacts): StopSignal[] {
  return signalsOfFile(facts).filter(
    (s) =>
      contains(s.scope, loop) &&
      s.visibleFrom <= loop.startIndex &&
      (s.kind !== 'os-signal' || !handledElsewhere(s, loop, facts)) &&
      !(s.kind === 'context' && reassignedIn(s.scope, s.name, s.visibleFrom)) &&
      belongsToLoop(s, loop, facts),
  );
}

/**
 * Is the signal the stop signal of the loop's owner? Yes when it is a parameter or local of the function that runs the
 * loop, or a parameter of a function whose closure runs it (the function was handed its stop signal). A local of an
 * outer function is seen by a closure by capture only: Go rejects an unused local, so a local context the closure
 * never names was made for someone else (a watchdog goroutine next to a metrics collector that was given the
 * context); it is the closure's when the closure uses it somewhere.
 */
function belongsToLoop(signal: StopSignal, loop: SyntaxNode, facts: ConcurrencyFacts): boolean {
  let closure = enclosingFunction(loop);
  if (!closure || closure.id === signal.scope.id || signal.declaration.type === 'parameter_declaration') return true;
  while (closure) {
    const outer = enclosingFunction(closure);
    if (!outer || outer.id === signal.scope.id) break;
    closure = outer;
  }
  return closure !== null && facts.identifiers(signal.name, closure).length > 0;
}

/** Is `name` on the left of an `=` assignment in `scope` (closures included) after `from`? */
function reassignedIn(scope: SyntaxNode, name: string, from: number): boolean {
  return descendantsOfType(scope, 'assignment_statement').some(
    (n) => n.startIndex >= from && (n.childForFieldName('left')?.namedChildren.some((c) => c?.type === 'identifier' && c.text === name) ?? false),
  );
}

function fileSignals(facts: ConcurrencyFacts): StopSignal[] {
  const signals: StopSignal[] = [];
  for (const type of facts.qualifiedTypes('context', 'Context')) {
    signals.push(...parameterSignals(type, 'context'));
  }
  for (const channel of facts.signalChannelTypes) {
    if (!isStructOrBoolChannel(channel)) continue;
    // A receive-only `<-chan struct{}` parameter is a done signal whatever its name; otherwise the name must say so.
    const receiveOnly = channel.text.startsWith('<-') && channel.text.includes('struct');
    signals.push(...parameterSignals(channel, 'stop-channel').filter((s) => receiveOnly || STOP_NAME.test(s.name)));
  }
  for (const { importPath, name, result } of CANCELLABLE_CONTEXTS) {
    for (const call of facts.callsNamed(name)) {
      if (isPackageCall(call, facts.imports, importPath, [name])) signals.push(...localSignal(call, 'context', result));
    }
  }
  const notified = new Set<string>();
  for (const call of facts.callsNamed('Notify')) {
    const first = isPackageCall(call, facts.imports, 'os/signal', ['Notify']) ? call.childForFieldName('arguments')?.namedChild(0) : null;
    if (first?.type === 'identifier') notified.add(first.text);
  }
  for (const make of facts.channelMakes) {
    const made = channelMake(make);
    if (!made) continue;
    if (/^(\w+\.)?Signal$/.test(made.type.childForFieldName('value')?.text ?? '')) {
      signals.push(...localSignal(make, 'os-signal').filter((s) => notified.has(s.name)));
    } else if (isStructOrBoolChannel(made.type)) {
      signals.push(...localSignal(make, 'stop-channel').filter((s) => STOP_NAME.test(s.name)));
    }
  }
  return signals;
}

/** The parameters declared with `type` (a context or stop channel type), visible in their whole function. */
function parameterSignals(type: SyntaxNode, kind: StopSignal['kind']): StopSignal[] {
  const declaration = type.parent;
  if (declaration?.type !== 'parameter_declaration' || declaration.childForFieldName('type')?.id !== type.id) return [];
  const fn = declaration.parent?.parent;
  if (!fn || !['function_declaration', 'method_declaration', 'func_literal'].includes(fn.type)) return [];
  if (fn.childForFieldName('parameters')?.id !== declaration.parent!.id) return [];
  return declaration
    .childrenForFieldName('name')
    .flatMap((name) => (name ? [{ name: name.text, kind, declaration, scope: fn, visibleFrom: fn.startIndex }] : []));
}

function localSignal(value: SyntaxNode, kind: StopSignal['kind'], result?: number): StopSignal[] {
  const name = boundName(value, result);
  const scope = name ? enclosingFunction(name) : null;
  const declaration = name?.parent?.parent;
  if (!name || !scope || !declaration) return [];
  return [{ name: name.text, kind, declaration, scope, visibleFrom: declaration.endIndex }];
}

function isStructOrBoolChannel(type: SyntaxNode | null): boolean {
  const element = type?.childForFieldName('value')?.text.replace(/\s/g, '');
  return element === 'struct{}' || element === 'bool';
}

/** An os.Signal channel read somewhere outside the loop (say, by a goroutine that exits) is handled there. */
function handledElsewhere(signal: StopSignal, loop: SyntaxNode, facts: ConcurrencyFacts): boolean {
  return facts.identifiers(signal.name, signal.scope).some((use) => {
    if (!contains(signal.scope, use) || contains(loop, use)) return false;
    const parent = use.parent;
    return receivedChannel(parent ?? use)?.id === use.id || (parent?.type === 'range_clause' && parent.childForFieldName('right')?.id === use.id);
  });
}

/** True when the loop body looks at any of the signals: a receive from it, ctx.Done()/ctx.Err(), or passing it on. */
export function loopObserves(loop: SyntaxNode, signals: StopSignal[]): { observes: boolean; mentions: boolean } {
  const names = new Set(signals.map((s) => s.name));
  let observes = false;
  let mentions = false;
  const body = loop.childForFieldName('body') ?? loop;
  walkOwn(body, (n) => {
    if (observes) return false;
    const channel = receivedChannel(n);
    if (channel && (names.has(channel.text) || (channel.type === 'call_expression' && methodCall(channel)?.method === 'Done'))) observes = true;
    else if (n.type === 'call_expression' && ['Done', 'Err'].includes(methodCall(n)?.method ?? '')) observes = true;
    else if (n.type === 'identifier' && names.has(n.text)) mentions = true;
    return !observes;
  });
  return { observes, mentions };
}
