// Which names in a file are sync.WaitGroups. `Add`, `Done` and `Wait` are common method names (ctx.Done()!), so a call
// only counts when its receiver is declared as a WaitGroup somewhere in the file: a variable, parameter or struct field.
import { methodCall } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import type { ConcurrencyFacts } from './facts';

export function waitGroupNames(file: GoFile, facts: ConcurrencyFacts): Set<string> {
  const names = new Set<string>();
  if (!file.text.includes('WaitGroup')) return names;
  for (const sync of facts.imports.get('sync') ?? []) {
    const type = `${sync}\\.WaitGroup\\b`;
    // `wg sync.WaitGroup`, `wg *sync.WaitGroup` (variables, parameters, fields)
    for (const m of file.text.matchAll(new RegExp(`(\\w+)\\s+\\*?${type}`, 'g'))) names.add(m[1]);
    // `wg := &sync.WaitGroup{}`, `wg = new(sync.WaitGroup)`
    for (const m of file.text.matchAll(new RegExp(`(\\w+)\\s*:?=\\s*(?:&?${type}\\{\\}|new\\(${type}\\))`, 'g'))) names.add(m[1]);
  }
  names.delete('var');
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
