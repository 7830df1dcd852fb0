// Which names in a file are sync.WaitGroups. `Add`, `Done` and `Wait` are common method names (ctx.Done()!), so a call
// only counts when its receiver is declared as a WaitGroup somewhere in the file: a variable, parameter or struct field.
import { methodCall } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import type { ConcurrencyFacts } from './facts';

export function waitGroupNames(file: GoFile, facts: ConcurrencyFacts): Set<string> {
  const names = new Set<string>();
  const packages = facts.imports.get('sync') ?? [];
  if (packages.length === 0) return names;
  // Look behind each `WaitGroup` only: a regex run over the whole text would try every position.
  const declared = new RegExp(`(\\w+)\\s+\\*?(${packages.join('|')})\\.$`);
  const constructed = new RegExp(`(\\w+)\\s*:?=\\s*(?:&?(${packages.join('|')})\\.|new\\(\\s*(${packages.join('|')})\\.)$`);
  for (let at = file.text.indexOf('.WaitGroup'); at !== -1; at = file.text.indexOf('.WaitGroup', at + 1)) {
    const before = file.text.slice(Math.max(0, at - 80), at + 1);
    // `wg sync.WaitGroup`, `wg *sync.WaitGroup` (variables, parameters, fields); `wg := &sync.WaitGroup{}`, `new(sync.WaitGroup)`
    const name = declared.exec(before)?.[1] ?? constructed.exec(before)?.[1];
    if (name && name !== 'var') names.add(name);
  }
  return names;
}

/** The WaitGroup a call like `wg.Done()` / `s.wg.Add(1)` acts on (its receiver text) and the method; null otherwise. */
export function waitGroupCall(call: SyntaxNode, names: Set<string>): { receiver: string; method: string } | null {
  const target = methodCall(call);
  if (!target || !['Add', 'Done', 'Wait', 'Go'].includes(target.method)) return null;
  const receiver = target.receiver;
  const name = receiver.type === 'identifier' ? receiver.text : receiver.type === 'selector_expression' ? receiver.childForFieldName('field')?.text : undefined;
  return name !== undefined && names.has(name) ? { receiver: receiver.text, method: target.method } : null;
}
