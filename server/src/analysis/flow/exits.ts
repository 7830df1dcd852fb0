// "Does this call return?", answered once for every rule: the engine's path walk, the concurrency rules and the pool
// and timer rules all ask here. A call does not return when it ends the program (os.Exit, log.Fatal*), panics (panic,
// log.Panic*), ends the test (t.FailNow, t.Fatal*, t.Skip*), or calls a same-package function that never returns.
import { packageCall, statementsOf, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';

/** The functions of package log that end the program (Fatal*) or panic (Panic*). */
const LOG_FATAL_FUNCTIONS: readonly string[] = ['Fatal', 'Fatalf', 'Fatalln'];
const LOG_PANIC_FUNCTIONS: readonly string[] = ['Panic', 'Panicf', 'Panicln'];
const PANIC_BUILTIN = 'panic';

/**
 * Methods that never return on any receiver that has them: a logger's Fatal and Panic methods (log.Logger, logrus, zap's sugared
 * logger, testing.TB) and testing.TB's FailNow/Skip*.
 */
const NEVER_RETURNING_METHODS: ReadonlySet<string> = new Set([...LOG_FATAL_FUNCTIONS, ...LOG_PANIC_FUNCTIONS, 'FailNow', 'Skip', 'Skipf', 'SkipNow']);

/** Every exit name, for cheap text pre-filters (a word starting with one of these, then `(`). */
export const EXIT_NAMES_PATTERN = `(?:${['Exit', ...NEVER_RETURNING_METHODS, PANIC_BUILTIN].join('|')})\\w*`;

/** Functions known never to return (flow/no-return.ts): same-package ones by name, others as 'import/path.Name'. */
export type NeverReturning = (name: string) => boolean;

/**
 * Does `call` never return? `panic(…)`, `os.Exit(…)` (through the file's imports), a never-returning method on any
 * receiver, or a call to a same-package function that `neverReturning` names.
 */
export function callNeverReturns(call: SyntaxNode, imports: Imports, neverReturning?: NeverReturning): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text === PANIC_BUILTIN || (neverReturning?.(fn.text) ?? false);
  if (fn?.type !== 'selector_expression') return false;
  const name = fn.childForFieldName('field')?.text ?? '';
  if (EVENT_SENDERS.has(name) && startsFatalEvent(fn.childForFieldName('operand'))) return true;
  const target = packageCall(call, imports);
  if (name === 'Exit') return target?.importPath === 'os';
  // A function of another package the caller knows (`util.Fatal`, a module package's summary): 'import/path.Name'.
  if (target && neverReturning?.(`${target.importPath}.${target.name}`)) return true;
  return NEVER_RETURNING_METHODS.has(name);
}

/** The methods that send a zerolog-style event (`log.Fatal().Err(err).Msg("…")`): a fatal event ends the program there. */
const EVENT_SENDERS: ReadonlySet<string> = new Set(['Msg', 'Msgf', 'MsgFunc', 'Send']);

/**
 * Does the chain under an event's send start with a `Fatal()` or `Panic()` taking no argument (`logger.Fatal()`,
 * `log.Fatal().Err(err).Str(…)`)? Such an event (zerolog, phuslu/log) exits or panics when sent, or at once when its
 * level is disabled; a Fatal that takes arguments is a plain logger's and returns nothing to chain on.
 */
function startsFatalEvent(operand: SyntaxNode | null): boolean {
  let node = operand;
  for (let guard = 0; node?.type === 'call_expression' && guard < 64; guard++) {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'selector_expression') return false;
    const field = fn.childForFieldName('field')?.text;
    if ((field === 'Fatal' || field === 'Panic') && node.childForFieldName('arguments')?.namedChildCount === 0) return true;
    node = fn.childForFieldName('operand');
  }
  return false;
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
      return call?.type === 'call_expression' && callNeverReturns(call, imports);
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
