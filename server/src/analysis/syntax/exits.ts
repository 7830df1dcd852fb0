// The calls that end a path without returning, defined once: the engine's path walk, the concurrency rules and the
// pool and timer rules each ask about them in their own terms (by import, as written, or as a logger's method).
import { isPackageCall, statementsOf, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';

/** The functions of package log that end the program (Fatal*) or panic (Panic*). */
export const LOG_FATAL_FUNCTIONS: readonly string[] = ['Fatal', 'Fatalf', 'Fatalln'];
export const LOG_PANIC_FUNCTIONS: readonly string[] = ['Panic', 'Panicf', 'Panicln'];

/** Package functions that end the program: os.Exit, log.Fatal*, log.Panic*; and the builtin panic. */
export const EXIT_FUNCTIONS: ReadonlyArray<[string, readonly string[]]> = [
  ['os', ['Exit']],
  ['log', [...LOG_FATAL_FUNCTIONS, ...LOG_PANIC_FUNCTIONS]],
];
export const PANIC_BUILTIN = 'panic';

/** The exit calls as written with the default package names: 'os.Exit', 'log.Fatalf', …, 'panic'. */
export const EXIT_CALLEES: ReadonlySet<string> = new Set([
  ...EXIT_FUNCTIONS.flatMap(([pkg, names]) => names.map((name) => `${pkg}.${name}`)),
  PANIC_BUILTIN,
]);

/** Method names that end the path on any logger (`logger.Fatal`, `log.Panicf`): those of package log. */
export const EXITING_METHODS: ReadonlySet<string> = new Set([...LOG_FATAL_FUNCTIONS, ...LOG_PANIC_FUNCTIONS]);

/** Every exit name, for cheap text pre-filters (a word starting with one of these, then `(`). */
export const EXIT_NAMES_PATTERN = `(?:${[...new Set(EXIT_FUNCTIONS.flatMap(([, names]) => names)), PANIC_BUILTIN].join('|')})\\w*`;

/** `panic(…)` or an exit function called through the file's imports (`os.Exit`, `log.Fatal`, `xlog.Panicf` for `import xlog "log"`). */
export function isProgramExit(call: SyntaxNode, imports: Imports): boolean {
  if (call.childForFieldName('function')?.text === PANIC_BUILTIN) return true;
  return EXIT_FUNCTIONS.some(([pkg, names]) => isPackageCall(call, imports, pkg, names));
}

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
      return call?.type === 'call_expression' && isProgramExit(call, imports);
    }
    default:
      return false;
  }
}

/** True when the last statement of a block or case clause leaves the loop (tells a `select` that runs once from one that repeats). */
export function clauseLeavesLoop(clause: SyntaxNode, imports: Imports): boolean {
  // A case clause holds its communication, then its statements in one statement_list (absent when the case is empty).
  const statements = statementsOf(clause.namedChildren.find((c) => c?.type === 'statement_list') ?? null);
  const last = statements[statements.length - 1];
  return last !== undefined && leavesLoop(last, imports);
}
