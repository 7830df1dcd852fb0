// Does a statement list leave the enclosing loop or function? Used to tell a `select` that runs once from one that repeats.
import { statementsOf, type Imports, isPackageCall } from '../ast';
import type { SyntaxNode } from '../parser';

const FATAL_CALLS: ReadonlyArray<[string, readonly string[]]> = [
  ['os', ['Exit']],
  ['log', ['Fatal', 'Fatalf', 'Fatalln', 'Panic', 'Panicf', 'Panicln']],
];

/** True when `statement` ends the function or jumps out of its loops: return, panic, os.Exit, log.Fatal, goto, labelled break. */
export function leavesLoop(statement: SyntaxNode, imports: Imports): boolean {
  switch (statement.type) {
    case 'return_statement':
    case 'goto_statement':
      return true;
    case 'break_statement':
      // An unlabelled break inside a select only leaves the select.
      return statement.namedChildCount > 0;
    case 'expression_statement': {
      const call = statement.namedChild(0);
      if (call?.type !== 'call_expression') return false;
      if (call.childForFieldName('function')?.text === 'panic') return true;
      return FATAL_CALLS.some(([pkg, names]) => isPackageCall(call, imports, pkg, names));
    }
    default:
      return false;
  }
}

/** True when the last statement of a block or case clause leaves the loop. */
export function clauseLeavesLoop(clause: SyntaxNode, imports: Imports): boolean {
  // A case clause holds its communication, then its statements in one statement_list (absent when the case is empty).
  const statements = statementsOf(clause.namedChildren.find((c) => c?.type === 'statement_list') ?? null);
  const last = statements[statements.length - 1];
  return last !== undefined && leavesLoop(last, imports);
}
