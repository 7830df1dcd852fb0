// "Does the process end as soon as this function returns?": every call of it is followed, on every path, by an exit
// of the program (os.Exit, log.Fatal*, a same-package function that never returns), or hands its result straight back
// (`return spawn(…)`) to a function of which the same holds. A restart-self helper (start the new binary, return, the
// caller exits) is the shape: what the function leaves behind dies with the process a moment later. Judged from the
// function's own file; a call or a use as a value in another file of the package, a method, or a call in a closure is
// not followed, and the answer is then no.
import { callIndexOf, mentions } from './call-sites';
import { enclosingFunction, nodesAtMatches, packageCall, statementsOf, topLevelDeclarations, type Imports } from '../ast';
import { packageOf } from '../engine/summaries';
import { noReturnFunctions } from './no-return';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';

/** How many functions a chain of `return f(…)` is followed through. */
const MAX_DEPTH = 4;
const FATAL_METHODS: ReadonlySet<string> = new Set(['Fatal', 'Fatalf', 'Fatalln']);

export function processEndsAfterReturn(fn: SyntaxNode | null, file: GoFile): boolean {
  return endsAfter(fn, file, 0);
}

function endsAfter(fn: SyntaxNode | null, file: GoFile, depth: number): boolean {
  if (fn?.type !== 'function_declaration' || depth > MAX_DEPTH) return false;
  const name = fn.childForFieldName('name')?.text;
  if (!name || callIndexOf(file).values.has(name)) return false;
  if (packageOf(file)?.siblingCallIndexes().some((index) => mentions(index, name))) return false;
  const { imports } = topLevelDeclarations(file.tree);
  const ends = (call: SyntaxNode): boolean => endsProcess(call, imports, file);
  let calls = 0;
  for (const node of nodesAtMatches(file.tree.rootNode, file.text, new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
    const call = node.parent;
    if (node.type !== 'identifier' || call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== node.id) continue;
    calls++;
    const caller = enclosingFunction(call);
    if (caller?.type !== 'function_declaration' || caller.id === fn.id) return false;
    const returned = call.parent?.type === 'expression_list' ? call.parent.parent : call.parent;
    if (returned?.type === 'return_statement') {
      if (!endsAfter(caller, file, depth + 1)) return false;
    } else if (!exitFollows(call, caller, ends)) return false;
  }
  return calls > 0;
}

/** os.Exit, log.Fatal* (or a logger's Fatal*), or a same-package function that never returns. */
function endsProcess(call: SyntaxNode, imports: Imports, file: GoFile): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') {
    return noReturnFunctions(file.tree).has(callee.text) || (packageOf(file)?.neverReturns(callee.text) ?? false);
  }
  if (callee?.type !== 'selector_expression') return false;
  const method = callee.childForFieldName('field')?.text ?? '';
  return (method === 'Exit' && packageCall(call, imports)?.importPath === 'os') || FATAL_METHODS.has(method);
}

/**
 * From the statement holding `call`, does every path reach an exit statement before anything could leave: the
 * statements after it in its block (then after the enclosing if/switch/select, block by block) must contain no return,
 * branch or loop-back before a statement that ends the process.
 */
function exitFollows(call: SyntaxNode, fn: SyntaxNode, ends: (call: SyntaxNode) => boolean): boolean {
  let statement = statementHolding(call);
  // The statement holding the call must not leave itself (`if err := spawn(); err != nil { return err }`).
  if (!statement || canLeave(statement)) return false;
  while (statement) {
    const siblings = statementsOf(statement.parent);
    for (const next of siblings.slice(siblings.findIndex((s) => s.id === statement!.id) + 1)) {
      const nextCall = next.type === 'expression_statement' ? next.namedChild(0) : null;
      if (nextCall?.type === 'call_expression' && ends(nextCall)) return true;
      if (canLeave(next)) return false;
    }
    // The block ran out: carry on after the if/switch/select/block that holds it; a loop goes round again and the
    // function's own body returns.
    const block = statement.parent!.parent;
    if (!block || block.id === fn.childForFieldName('body')?.id) return false;
    const holder = block.type === 'block' && block.parent?.type !== 'statement_list' ? block.parent : block;
    if (!holder || !CONTINUES_AFTER.has(holder.type)) return false;
    statement = statementHolding(holder);
  }
  return false;
}

/** Statements whose blocks, once run out, carry on with the statement after them. */
const CONTINUES_AFTER: ReadonlySet<string> = new Set([
  'block',
  'if_statement',
  'expression_case',
  'type_case',
  'default_case',
  'communication_case',
]);

/** The statement of a statement list that holds `node` (an else-if chain is held by its first if), within its function. */
function statementHolding(node: SyntaxNode): SyntaxNode | null {
  let statement: SyntaxNode | null = node;
  while (statement && statement.parent?.type !== 'statement_list') {
    if (statement.type === 'func_literal' || statement.type === 'function_declaration') return null;
    statement = statement.parent;
  }
  return statement;
}

/** A return, goto, break, continue or fallthrough inside `statement` (closures aside): a path that skips what follows. */
function canLeave(statement: SyntaxNode): boolean {
  const stack = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'func_literal') continue;
    if (['return_statement', 'goto_statement', 'break_statement', 'continue_statement', 'fallthrough_statement'].includes(node.type)) return true;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}
