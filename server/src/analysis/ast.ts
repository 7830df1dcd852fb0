// Small, shared helpers over tree-sitter-go syntax trees. Rules and the engine use these instead of walking by hand.
// Note: in tree-sitter-go 0.25 a `block` holds one `statement_list` that holds the statements.
import type { SyntaxNode, Tree } from './parser';
import type { Range } from './types';

const roots = new WeakMap<Tree, SyntaxNode>();

/**
 * The root node of `tree`, the same object on every call. `tree.rootNode` makes a new node each time, and a node keeps
 * the lists of its children once read: with one root per tree, the top-level declarations cross the wasm boundary
 * once per file however many helpers look at them. Nodes are compared by id, never by identity.
 */
export function rootOf(tree: Tree): SyntaxNode {
  let root = roots.get(tree);
  if (!root) roots.set(tree, (root = tree.rootNode));
  return root;
}

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

/**
 * Every named descendant of `root` (itself included) whose type is one of `types`, in pre-order. tree-sitter walks the
 * tree inside wasm and hands back only the matches: walking it from here would cross the wasm boundary, and make a node
 * object, for every node (the same nodes; the types asked for are named, and Go's anonymous nodes have no children).
 */
export function descendantsOfType(root: SyntaxNode, types: string | readonly string[]): SyntaxNode[] {
  return root.descendantsOfType(typeof types === 'string' ? types : [...types]) as SyntaxNode[];
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

/** The last statement of a block (or of a case clause), as statementsOf(blockLike).at(-1) without listing them all. */
export function lastStatementOf(blockLike: SyntaxNode | null): SyntaxNode | undefined {
  if (!blockLike) return undefined;
  const list = blockLike.namedChildren.find((c) => c?.type === 'statement_list') ?? blockLike;
  for (let i = list.namedChildCount - 1; i >= 0; i--) {
    const statement = list.namedChild(i);
    if (statement !== null && statement.type !== 'comment') return statement;
  }
  return undefined;
}

/** Import path → local names it is bound to in this file (`import x "os"` binds x; plain imports bind the package name). */
export type Imports = Map<string, string[]>;

/**
 * The imports and the `package` clause name ('' when missing), from the top-level declarations only (imports cannot
 * appear anywhere else). Every top-level import counts: a file being edited can hold an ERROR node before one.
 * Memoised per tree (the engine, the no-return facts and the runs-once facts all ask): treat the answer as read-only.
 */
export function topLevelDeclarations(tree: Tree): TopLevelDeclarations {
  let declarations = declarationsByTree.get(tree);
  if (!declarations) {
    declarations = readTopLevelDeclarations(rootOf(tree));
    declarationsByTree.set(tree, declarations);
  }
  return declarations;
}

export interface TopLevelDeclarations {
  imports: Imports;
  packageName: string;
}

const declarationsByTree = new WeakMap<Tree, TopLevelDeclarations>();

function readTopLevelDeclarations(root: SyntaxNode): TopLevelDeclarations {
  const imports: Imports = new Map();
  let packageName = '';
  for (const decl of root.namedChildren) {
    if (decl?.type === 'package_clause') packageName = decl.namedChild(0)?.text ?? '';
    if (decl?.type !== 'import_declaration') continue;
    const specs = decl.namedChildren.flatMap((c) => (c?.type === 'import_spec_list' ? c.namedChildren : [c]));
    for (const spec of specs) {
      if (spec?.type !== 'import_spec') continue;
      const pathNode = spec.childForFieldName('path');
      if (!pathNode) continue;
      const importPath = pathNode.text.replace(/^["`]|["`]$/g, '');
      const name = spec.childForFieldName('name')?.text ?? defaultPackageName(importPath);
      if (name === '_' || name === '.') continue;
      imports.set(importPath, [...(imports.get(importPath) ?? []), name]);
    }
  }
  return { imports, packageName };
}

/** defaultPackageName's answers: the same few hundred import paths come back in file after file. */
const defaultNames = new Map<string, string>();

/** The package name Go gives an import path by default: its last element, skipping a major-version suffix. */
export function defaultPackageName(importPath: string): string {
  let name = defaultNames.get(importPath);
  if (name === undefined) defaultNames.set(importPath, (name = readDefaultPackageName(importPath)));
  return name;
}

function readDefaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]/g, '_');
}

/**
 * For `pkg.Func(…)` where pkg is an import, the import path and function name; null for anything else.
 * Example: with `import "net/http"`, `http.Get(u)` → { importPath: "net/http", name: "Get" }.
 */
export function packageCall(call: SyntaxNode, imports: Imports): PackageCallTarget | null {
  // Memoised per file (its imports) and call: every resource kind's matcher asks about the same candidate calls.
  let known = packageCalls.get(imports);
  if (!known) packageCalls.set(imports, (known = new Map()));
  let target = known.get(call.id);
  if (target === undefined) known.set(call.id, (target = resolvePackageCall(call, imports)));
  return target;
}

export interface PackageCallTarget {
  readonly importPath: string;
  readonly name: string;
}

const packageCalls = new WeakMap<Imports, Map<number, PackageCallTarget | null>>();

function resolvePackageCall(call: SyntaxNode, imports: Imports): PackageCallTarget | null {
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

/** True when `typeNode` is `<import of importPath>.<name>` (e.g. `http.Client`), looking through one `*`. */
export function isQualifiedType(typeNode: SyntaxNode | null, imports: Imports, importPath: string, name: string): boolean {
  let t = typeNode;
  if (t?.type === 'pointer_type') t = t.namedChild(0);
  if (t?.type !== 'qualified_type') return false;
  const pkg = t.childForFieldName('package')?.text;
  return t.childForFieldName('name')?.text === name && pkg !== undefined && (imports.get(importPath) ?? []).includes(pkg);
}

/** True when `node` is a composite literal `<import of importPath>.<name>{…}`. */
export function isCompositeLiteralOf(node: SyntaxNode, imports: Imports, importPath: string, name: string): boolean {
  return node.type === 'composite_literal' && isQualifiedType(node.childForFieldName('type'), imports, importPath, name);
}

/** The keyed elements of a composite literal: key text → value node (`Timeout: 5 * time.Second` → "Timeout"). */
export function literalFields(composite: SyntaxNode): Map<string, SyntaxNode> {
  const fields = new Map<string, SyntaxNode>();
  for (const element of composite.childForFieldName('body')?.namedChildren ?? []) {
    if (element?.type !== 'keyed_element') continue;
    const key = element.childForFieldName('key');
    const value = element.childForFieldName('value');
    if (key && value) fields.set(key.text, value.namedChild(0) ?? value);
  }
  return fields;
}

/** The innermost `for` statement of the same function whose body contains `node`; null outside loops. */
export function enclosingLoop(node: SyntaxNode): SyntaxNode | null {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if ((FUNCTION_TYPES as readonly string[]).includes(p.type)) return null;
    if (p.type === 'for_statement' && p.childForFieldName('body')?.id === child.id) return p;
  }
  return null;
}

/**
 * The smallest named node at each match of the global `pattern` in `text` (at the start of capture group 1 when there is
 * one). A cheap way to visit the few places where a rare construct can be instead of walking the whole tree; a match
 * inside a comment or string comes back as that node, so callers check the shape they expect.
 */
export function nodesAtMatches(root: SyntaxNode, text: string, pattern: RegExp): SyntaxNode[] {
  if (!pattern.global) throw new Error(`nodesAtMatches needs a global pattern: ${pattern}`);
  const found: SyntaxNode[] = [];
  for (const match of text.matchAll(pattern)) {
    const index = match.index + (match[1] !== undefined ? match[0].indexOf(match[1]) : 0);
    const node = root.namedDescendantForIndex(index, index);
    if (node) found.push(node);
  }
  return found;
}

/** The nearest ancestor of `node` (itself included) of type `type`, at most `maxUp` levels up; null otherwise. */
export function ancestorOfType(node: SyntaxNode, type: string, maxUp: number): SyntaxNode | null {
  let n: SyntaxNode | null = node;
  for (let i = 0; n && i <= maxUp; i++, n = n.parent) if (n.type === type) return n;
  return null;
}
