// sync.Pool.Put of a value that is not pointer-shaped (slice, array, string, struct): converting it to `any` boxes it
// on the heap on every Put (staticcheck SA6002 needs type information; this finds the cases the syntax makes certain).
// Not a leak, and the pool still works: a pooled slice's backing array is reused, only its 24-byte header is boxed.
// An allocation hint, so off by default: it runs when a setting (or the CLI's --rules) turns it on.
import { rangeOf, unparen } from '../ast';
import { kindOfValue, poolFacts, scopedName } from '../pool/pools';
import type { Rule } from '../rule';

/** What one Put costs, said truthfully for the kind of value it stores. */
function messageOf(call: string, kind: string): string {
  if (kind === 'a slice') {
    return `${call} boxes the slice header (24 bytes) on every call (the backing array is still reused); pool a *[]T to avoid that allocation.`;
  }
  return `${call} stores ${kind} by value, so every call boxes a copy of it on the heap; pool a pointer to avoid that allocation.`;
}

export const rule: Rule = {
  id: 'pool-put-nonpointer',
  defaultSeverity: 'off',
  enabledSeverity: 'information',
  summary: 'Allocation hint: sync.Pool.Put of a slice, array, string or struct value boxes it on every call.',
  check(ctx) {
    const facts = poolFacts(ctx.file);
    if (!facts) return;
    for (const put of facts.puts) {
      if (!put.argument) continue;
      const argument = unparen(put.argument);
      const kind =
        argument.type === 'identifier' ? (facts.nonPointerVariables.get(scopedName(put.scope, argument.text)) ?? null) : kindOfValue(argument);
      if (!kind) continue;
      ctx.report({
        message: messageOf(`${put.pool}.Put(${argument.text.length > 30 ? '…' : argument.text})`, kind),
        range: rangeOf(argument),
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'pool-put-nonpointer': true;
  }
}
