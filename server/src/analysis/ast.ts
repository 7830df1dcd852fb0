// Small, shared helpers over tree-sitter-go syntax trees. Rules and the engine use these instead of walking by hand.
// Note: in tree-sitter-go 0.25 a `block` holds one `statement_list` that holds the statements.
import type { SyntaxNode } from './parser';
import type { Range } from './types';

export function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/**
 * Depth-first, pre-order walk without recursion (deeply nested code must not overflow the stack).
 * Return false from `visit` to skip a node's children.
 */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

/** Every named descendant of `root` (itself included) whose type is one of `types`. */
export function descendantsOfType(root: SyntaxNode, types: string | readonly string[]): SyntaxNode[] {
  const wanted = typeof types === 'string' ? [types] : types;
  const found: SyntaxNode[] = [];
  walk(root, (n) => {
    if (wanted.includes(n.type)) found.push(n);
  });
  return found;
}

export const FUNCTION_TYPES = ['function_declaration', 'method_declaration', 'func_literal'] as const;

/** Every function, method and function literal that has a body. */
export function functionsIn(root: SyntaxNode): SyntaxNode[] {
  return descendantsOfType(root, FUNCTION_TYPES).filter((f) => f.childForFieldName('body'));
}

/** The innermost function (declaration, method or literal) that contains `node`. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if ((FUNCTION_TYPES as readonly string[]).includes(p.type)) return p;
  }
  return null;
}

/** The statements of a block (or of a case clause), looking through tree-sitter-go's statement_list. */
export function statementsOf(blockLike: SyntaxNode | null): SyntaxNode[] {
  if (!blockLike) return [];
  const list = blockLike.namedChildren.find((c) => c?.type === 'statement_list');
  return (list ?? blockLike).namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
}

/** Import path → local names it is bound to in this file (`import x "os"` binds x; plain imports bind the package name). */
export type Imports = Map<string, string[]>;

export function importsOf(root: SyntaxNode): Imports {
  const imports: Imports = new Map();
  for (const spec of descendantsOfType(root, 'import_spec')) {
    const pathNode = spec.childForFieldName('path');
    if (!pathNode) continue;
    const importPath = pathNode.text.replace(/^["`]|["`]$/g, '');
    const name = spec.childForFieldName('name')?.text ?? defaultPackageName(importPath);
    if (name === '_' || name === '.') continue;
    imports.set(importPath, [...(imports.get(importPath) ?? []), name]);
  }
  return imports;
}

/** The package name Go gives an import path by default: its last element, skipping a major-version suffix. */
export function defaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]/g, '_');
}

/**
 * For `pkg.Func(…)` where pkg is an import, the import path and function name; null for anything else.
 * Example: with `import "net/http"`, `http.Get(u)` → { importPath: "net/http", name: "Get" }.
 */
export function packageCall(call: SyntaxNode, imports: Imports): { importPath: string; name: string } | null {
  if (call.type !== 'call_expression') return null;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return null;
  const operand = fn.childForFieldName('operand');
  const field = fn.childForFieldName('field');
  if (operand?.type !== 'identifier' || !field) return null;
  for (const [importPath, names] of imports) {
    if (names.includes(operand.text)) return { importPath, name: field.text };
  }
  return null;
}

/** True when `call` is `<import of importPath>.<one of names>(…)`. */
export function isPackageCall(call: SyntaxNode, imports: Imports, importPath: string, names: readonly string[]): boolean {
  const target = packageCall(call, imports);
  return target !== null && target.importPath === importPath && names.includes(target.name);
}

/** For `x.Method(…)`, the receiver expression and the method name; null for other calls. */
export function methodCall(call: SyntaxNode): { receiver: SyntaxNode; method: string } | null {
  if (call.type !== 'call_expression') return null;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return null;
  const receiver = fn.childForFieldName('operand');
  const field = fn.childForFieldName('field');
  return receiver && field ? { receiver, method: field.text } : null;
}

/** Strips redundant parentheses: `((x))` → `x`. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}
