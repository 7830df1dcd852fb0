// An object taken from a sync.Pool still holds what its previous user wrote unless someone resets it: either every Put
// resets before giving it back, or every Get resets before writing. When neither holds, data from one request leaks into
// the next (and buffers grow without bound).
import { rangeOf } from '../ast';
import { poolFacts, scopedName, type ObjectEvent, type PoolFacts, type PoolGet, type PoolPut } from '../pool/pools';
import type { Rule } from '../rule';

/** Events that run in source order after `after` (deferred ones are left out: they run at function exit). */
function inlineEventsAfter(events: readonly ObjectEvent[], after: number): ObjectEvent[] {
  return events.filter((e) => e.node.startIndex > after && !e.deferredIn);
}

/** The Get of `put.name` in the same function that the Put gives back: the last one before it in source order. */
function matchingGet(facts: PoolFacts, put: PoolPut): PoolGet | null {
  let found: PoolGet | null = null;
  for (const get of facts.gets) {
    if (get.scope === put.scope && get.name === put.name && get.call.startIndex < put.call.startIndex) found = get;
  }
  return found;
}

/**
 * True when the Put gives the object back dirty: the last write/reset that runs before it is a write. Without a visible
 * write the object is as clean as it was taken, so the Put is not blamed.
 */
function putsDirty(facts: PoolFacts, put: PoolPut): boolean {
  if (!put.name) return false;
  const events = facts.events.get(scopedName(put.scope, put.name)) ?? [];
  const from = matchingGet(facts, put)?.call.startIndex ?? -1;
  let ordered: ObjectEvent[];
  if (put.deferredIn) {
    // A deferred Put runs at exit: after every inline event, after the deferred calls registered later (they run
    // first, the last registered first: `defer pool.Put(buf); defer buf.Reset()` resets before the Put), and after
    // the events before it in its own deferred closure.
    const deferred = put.deferredIn;
    const deferredLater = events
      .filter((e) => e.deferredIn !== null && e.deferredIn.startIndex > deferred.endIndex)
      .sort((a, b) => b.deferredIn!.startIndex - a.deferredIn!.startIndex || a.node.startIndex - b.node.startIndex);
    const inOwnDefer = events.filter((e) => e.deferredIn?.id === deferred.id && e.node.startIndex < put.call.startIndex);
    ordered = [...inlineEventsAfter(events, from), ...deferredLater, ...inOwnDefer];
  } else {
    ordered = inlineEventsAfter(events, from).filter((e) => e.node.startIndex < put.call.startIndex);
  }
  return ordered.length > 0 && ordered[ordered.length - 1].kind === 'write';
}

export const rule: Rule = {
  id: 'pool-no-reset',
  defaultSeverity: 'warning',
  summary: 'An object from sync.Pool.Get written before it is reset, while some Put gives objects back without a reset.',
  check(ctx) {
    const facts = poolFacts(ctx.file);
    if (!facts) return;
    const dirtyPuts = facts.puts.filter((p) => putsDirty(facts, p));
    for (const get of facts.gets) {
      const dirty = dirtyPuts.find((p) => p.pool === get.pool);
      if (!dirty) continue;
      const related = [{ range: rangeOf(dirty.call), message: `${dirty.name ?? 'the object'} is put back here without a reset` }];
      // A getter that returns the object leaves the reset to its callers, which this file-local view cannot follow.
      if (!get.name) continue;
      const first = inlineEventsAfter(facts.events.get(scopedName(get.scope, get.name)) ?? [], get.call.startIndex)[0];
      if (first?.kind !== 'write') continue;
      ctx.report({
        message: `${get.name} from ${get.pool}.Get() is written before it is reset, so it still holds what its previous user wrote; call ${get.name}.Reset() (or truncate it to [:0]) right after Get, or before every Put.`,
        range: rangeOf(get.call),
        related: [{ range: rangeOf(first.node), message: `first write to ${get.name}, before any reset` }, ...related],
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'pool-no-reset': true;
  }
}
