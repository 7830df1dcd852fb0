// Which function encloses a node: the innermost is ast.ts's enclosingFunction; the outermost (the scope of a
// function's local names, closures included) is answered here, once for every rule.
import type { SyntaxNode } from '../parser';

const FUNCTION_NODES: ReadonlySet<string> = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/**
 * The outermost function around `node` (a top-level declaration, through any function literals); null at package
 * level. One climb to the root, with no per-level work beyond the type test: linear in the depth.
 */
export function outermostFunction(node: SyntaxNode): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_NODES.has(p.type)) found = p;
  return found;
}

/** The id of outermostFunction(node), or -1 at package level: local names only mean the same inside one. */
export function functionScope(node: SyntaxNode): number {
  return outermostFunction(node)?.id ?? -1;
}
