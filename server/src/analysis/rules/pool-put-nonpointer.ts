// sync.Pool.Put of a value that is not pointer-shaped (slice, array, string, struct): converting it to `any` allocates a
// copy on every Put, so the pool costs an allocation instead of saving one (staticcheck SA6002 needs type information;
// this finds the cases the syntax makes certain).
import { rangeOf, unparen } from '../ast';
import { kindOfValue, poolFacts, scopedName } from '../pool/pools';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'pool-put-nonpointer',
  defaultSeverity: 'warning',
  summary: 'sync.Pool.Put of a slice, array, string or struct value: it allocates on every call.',
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
        message: `${put.pool}.Put(${argument.text.length > 30 ? '…' : argument.text}) stores ${kind}, not a pointer, so every Put allocates a copy and the pool saves nothing; pool a pointer (for example *[]byte) instead.`,
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
