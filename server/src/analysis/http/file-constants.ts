// "What value does this name hold?" for a constant of the file: a listen address (`const addr = "localhost:6060"`), a
// client's Timeout (`const httpTimeout = 10 * time.Second`), spelled out where the code that uses it can read it; and
// for a variable of the file that nothing in it assigns again (`var addr = flag.String(…)`).
import { ancestorOfType, nodesAtMatches, rootOf } from '../ast';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';

/**
 * The value of `const name = value` declared in the file (alone in its spec), when the function around `name` does not
 * declare, assign or take a parameter of that name (which would shadow the constant); null otherwise.
 */
export function fileConstantValue(name: SyntaxNode): SyntaxNode | null {
  return fileDeclarationValue(name, 'const');
}

/**
 * The value of `var name = value` declared at the top of the file (alone in its spec), when the function around `name`
 * does not shadow it and no statement of the file assigns `name` again; null otherwise.
 */
export function fileVariableValue(name: SyntaxNode): SyntaxNode | null {
  const code = rootOf(name.tree).text;
  const assignments = code.match(new RegExp(`(?<![.\\w])${name.text}\\s*(?:,\\s*\\w+\\s*)*=(?!=)`, 'g')) ?? [];
  return assignments.length > 1 ? null : fileDeclarationValue(name, 'var');
}

function fileDeclarationValue(name: SyntaxNode, keyword: 'const' | 'var'): SyntaxNode | null {
  const fn = outermostFunction(name);
  const shadowing = new RegExp(
    `(?<![.\\w])${name.text}\\s*(?:,\\s*\\w+\\s*)*:?=(?!=)|\\b(?:var|const)\\s+${name.text}\\b|[(,]\\s*${name.text}\\s+(?:\\.\\.\\.)?[\\w*[]`,
  );
  if (fn && shadowing.test(fn.text)) return null;
  const root = rootOf(name.tree);
  for (const at of nodesAtMatches(root, root.text, new RegExp(`\\b${keyword}\\s*(?:\\(|${name.text}\\b)`, 'g'))) {
    const declaration = ancestorOfType(at, `${keyword}_declaration`, 1);
    // Only a declaration at the top of the file: one in a function is a local, not what `name` there names.
    if (declaration?.parent?.type !== 'source_file') continue;
    // A grouped `var (…)` holds its specs in a list.
    const specs = declaration.namedChildren.flatMap((c) => (c?.type === 'var_spec_list' ? c.namedChildren : [c]));
    for (const spec of specs) {
      const names = spec?.childrenForFieldName('name') ?? [];
      const values = spec?.childForFieldName('value')?.namedChildren ?? [];
      if (spec?.type === `${keyword}_spec` && names.length === 1 && names[0]?.text === name.text && values.length === 1) return values[0];
    }
  }
  return null;
}
