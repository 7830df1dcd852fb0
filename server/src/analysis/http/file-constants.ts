// "What value does this name hold?" for a constant of the file: a listen address (`const addr = "localhost:6060"`), a
// client's Timeout (`const httpTimeout = 10 * time.Second`), spelled out where the code that uses it can read it.
import { ancestorOfType, nodesAtMatches, rootOf } from '../ast';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';

/**
 * The value of `const name = value` declared in the file (alone in its spec), when the function around `name` does not
 * declare, assign or take a parameter of that name (which would shadow the constant); null otherwise.
 */
export function fileConstantValue(name: SyntaxNode): SyntaxNode | null {
  const fn = outermostFunction(name);
  const shadowing = new RegExp(
    `(?<![.\\w])${name.text}\\s*(?:,\\s*\\w+\\s*)*:?=(?!=)|\\b(?:var|const)\\s+${name.text}\\b|[(,]\\s*${name.text}\\s+(?:\\.\\.\\.)?[\\w*[]`,
  );
  if (fn && shadowing.test(fn.text)) return null;
  const root = rootOf(name.tree);
  for (const at of nodesAtMatches(root, root.text, new RegExp(`\\bconst\\s*(?:\\(|${name.text}\\b)`, 'g'))) {
    const declaration = ancestorOfType(at, 'const_declaration', 1);
    for (const spec of declaration?.namedChildren ?? []) {
      const names = spec?.children.filter((c) => c?.type === 'identifier') ?? [];
      const values = spec?.childForFieldName('value')?.namedChildren ?? [];
      if (spec?.type === 'const_spec' && names.length === 1 && names[0]?.text === name.text && values.length === 1) return values[0];
    }
  }
  return null;
}
