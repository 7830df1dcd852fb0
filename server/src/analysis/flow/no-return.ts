// Same-package functions that never return: `func fatal(err error) { log.Fatal(err) }`, `func serve() { for { … } }`.
// A call to one ends the path like log.Fatal itself. Judged by Go's own rule for terminating statements (the spec's
// "Terminating statements"), with never-returning calls counting as terminating, and no `return` anywhere in the body.
// Functions with results are skipped (they must return something), so only a few bodies are ever looked at.
import { descendantsOfType, lastStatementOf, rootOf, topLevelDeclarations, type Imports } from '../ast';
import type { SyntaxNode, Tree } from '../parser';
import { callNeverReturns, EXIT_NAMES_PATTERN } from './exits';

/** Files without any exit call, endless loop or select cannot declare a function that never returns. */
const MAY_HAVE_NO_RETURN = new RegExp(`\\b${EXIT_NAMES_PATTERN}\\s*\\(|\\bfor\\s*\\{|\\bselect\\s*\\{`);

const BREAKABLE = new Set(['for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement']);
const FUNCTION_NODES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const RETURN_OR_LITERAL = ['return_statement', 'func_literal'];

interface TreeFacts {
  imports: Imports;
  /** Computed on first need: most questions are about method calls and exits, which never consult it. */
  noReturn: Set<string> | null;
  root: SyntaxNode;
}

const cache = new WeakMap<Tree, TreeFacts>();

function factsOfTree(tree: Tree): TreeFacts {
  let facts = cache.get(tree);
  if (!facts) {
    facts = { imports: topLevelDeclarations(tree).imports, noReturn: null, root: rootOf(tree) };
    cache.set(tree, facts);
  }
  return facts;
}

function noReturnOf(facts: TreeFacts): Set<string> {
  if (!facts.noReturn) {
    facts.noReturn = new Set();
    computeNoReturn(facts.root, facts.imports, facts.noReturn);
  }
  return facts.noReturn;
}

/** The top-level functions of the file of `tree` that never return (memoised per tree). */
export function noReturnFunctions(tree: Tree): ReadonlySet<string> {
  return noReturnOf(factsOfTree(tree));
}

/** Does `call` never return, judged within its own file (exit calls, and this file's never-returning functions)? */
export function callNeverReturnsInFile(call: SyntaxNode): boolean {
  const facts = factsOfTree(call.tree);
  return callNeverReturns(call, facts.imports, (name) => noReturnOf(facts).has(name));
}

function computeNoReturn(root: SyntaxNode, imports: Imports, names: Set<string>): void {
  if (!MAY_HAVE_NO_RETURN.test(root.text)) return;
  const candidates = new Map<string, SyntaxNode>();
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration' || decl.childForFieldName('result')) continue;
    const name = decl.childForFieldName('name')?.text;
    const body = decl.childForFieldName('body');
    // Cheap first: a body can only never return if it ends in a terminating statement when every helper call might
    // not return; only those few bodies are walked for a `return`.
    if (name && body && isTerminating(body, imports, () => true) && !hasOwnReturn(body)) candidates.set(name, body);
  }
  // A helper may end in a call to another: repeat until nothing changes (at most once per candidate).
  const neverReturning = (name: string): boolean => names.has(name);
  for (let changed = true, rounds = 0; changed && rounds <= candidates.size; rounds++) {
    changed = false;
    for (const [name, body] of candidates) {
      if (names.has(name) || !isTerminating(body, imports, neverReturning)) continue;
      names.add(name);
      changed = true;
    }
  }
}

function hasOwnReturn(body: SyntaxNode): boolean {
  // Most bodies say `return` nowhere: no walk.
  if (!body.text.includes('return')) return false;
  // Found inside wasm, in pre-order (ast.ts descendantsOfType): a `return` inside a literal returns from the literal.
  let literalEnd = -1;
  for (const node of descendantsOfType(body, RETURN_OR_LITERAL)) {
    if (node.startIndex < literalEnd) continue;
    if (node.type === 'return_statement') return true;
    literalEnd = node.endIndex;
  }
  return false;
}

/** Go's terminating statement, with never-returning calls as terminating. Iterative over blocks' last statements. */
function isTerminating(statement: SyntaxNode, imports: Imports, neverReturning?: (name: string) => boolean): boolean {
  const pending: SyntaxNode[] = [statement];
  while (pending.length > 0) {
    const s = pending.pop()!;
    switch (s.type) {
      case 'return_statement':
      case 'goto_statement':
        continue;
      case 'expression_statement': {
        const call = s.namedChild(0);
        if (call?.type === 'call_expression' && callNeverReturns(call, imports, neverReturning)) continue;
        return false;
      }
      case 'block': {
        const last = lastStatementOf(s);
        if (!last) return false;
        pending.push(last);
        continue;
      }
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c !== null && c.type !== 'label_name' && c.type !== 'comment');
        if (!inner) return false;
        pending.push(inner);
        continue;
      }
      case 'if_statement': {
        const consequence = s.childForFieldName('consequence');
        const alternative = s.childForFieldName('alternative');
        if (!consequence || !alternative) return false;
        pending.push(consequence, alternative);
        continue;
      }
      case 'for_statement':
        if (!isEndless(s) || isBrokenOutOf(s)) return false;
        continue;
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement': {
        if (isBrokenOutOf(s)) return false;
        const clauses = s.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type.endsWith('_case'));
        if (s.type !== 'select_statement' && !clauses.some((c) => c.type === 'default_case')) return false;
        for (const clause of clauses) {
          const last = lastStatementOf(clause.namedChildren.find((c) => c?.type === 'statement_list') ?? null);
          if (last?.type === 'fallthrough_statement') continue;
          if (!last) return false;
          pending.push(last);
        }
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}

/** `for {` without a condition or range. */
function isEndless(loop: SyntaxNode): boolean {
  for (const c of loop.namedChildren) {
    if (!c || c.type === 'block' || c.type === 'comment') continue;
    if (c.type === 'for_clause') return c.childForFieldName('condition') === null;
    return false;
  }
  return true;
}

/** Some `break` leaves `statement`: an unlabelled one whose innermost breakable statement it is, or `break <its label>`. */
function isBrokenOutOf(statement: SyntaxNode): boolean {
  // Most loops and selects say `break` nowhere: no walk.
  if (!statement.text.includes('break')) return false;
  const label = statement.parent?.type === 'labeled_statement' ? statement.parent.childForFieldName('label')?.text : undefined;
  const body = statement.namedChildren.filter((c): c is SyntaxNode => c !== null);
  const stack: Array<{ node: SyntaxNode; nested: boolean }> = body.map((node) => ({ node, nested: false }));
  while (stack.length > 0) {
    const { node, nested } = stack.pop()!;
    if (FUNCTION_NODES.has(node.type)) continue;
    if (node.type === 'break_statement') {
      const target = node.namedChild(0)?.text;
      if (target !== undefined ? target === label : !nested) return true;
      continue;
    }
    const inner = nested || BREAKABLE.has(node.type);
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push({ node: child, nested: inner });
    }
  }
  return false;
}
