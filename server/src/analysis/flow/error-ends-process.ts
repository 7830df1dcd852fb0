// "Does leaving through this return end the program?": a `return` in `main`, or a return of an error known to be
// non-nil from a function whose every call ends the program on that error (log.Fatal, os.Exit, or returning it from a
// function for which the same holds, up to main). A resource left open on such a path is left once, on the way out,
// however often the function ran before. Judged from the calls in the function's own file, like runs-once.ts: a name
// used other than in a call, an exported function outside package main, or a method has callers we cannot see; but
// the exported entry of command code that runs once per process ends the command's run when it returns an error.
import { enclosingFunction, nodesAtMatches, packageCall, statementsOf, topLevelDeclarations } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { callNeverReturnsInFile } from './no-return';
import { isCommandCode } from './command-code';
import { exportedAskedToRunOnce } from './runs-once';

/** How deep a chain of callers is followed back to main. */
const MAX_CALLER_DEPTH = 8;

const caches = new WeakMap<GoFile, Map<number, boolean>>();

/** Does leaving `fn` through `ret` (a return statement of `fn`) end the program? */
export function returnEndsProcess(ret: SyntaxNode, fn: SyntaxNode | null, file: GoFile): boolean {
  if (fn?.type !== 'function_declaration' || enclosingFunction(ret)?.id !== fn.id) return false;
  if (fn.childForFieldName('name')?.text === 'main') return true;
  const error = lastExpression(ret);
  return error !== null && returnsError(fn) && isNonNilError(error, ret, file) && errorEndsProcess(fn, file, 0, new Set());
}

function lastExpression(ret: SyntaxNode): SyntaxNode | null {
  const list = ret.namedChildren.find((c) => c?.type === 'expression_list');
  const values = list?.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
  return values[values.length - 1] ?? null;
}

/** The function's last result is an `error`. */
function returnsError(fn: SyntaxNode): boolean {
  const result = fn.childForFieldName('result');
  if (result?.type === 'type_identifier') return result.text === 'error';
  const last = result?.type === 'parameter_list' ? result.namedChildren.filter((c) => c?.type === 'parameter_declaration').pop() : null;
  return last?.childForFieldName('type')?.text === 'error';
}

/**
 * An error value that cannot be nil: `errors.New(…)`, `fmt.Errorf(…)`, or a variable returned inside the branch of
 * `if x != nil` (or `if x := …; x != nil`) that encloses the return directly.
 */
function isNonNilError(value: SyntaxNode, ret: SyntaxNode, file: GoFile): boolean {
  if (value.type === 'call_expression') {
    const target = packageCall(value, topLevelDeclarations(file.tree).imports);
    return (target?.importPath === 'errors' && target.name === 'New') || (target?.importPath === 'fmt' && target.name === 'Errorf');
  }
  if (value.type !== 'identifier') return false;
  const block = ret.parent?.type === 'statement_list' ? ret.parent.parent : ret.parent;
  const ifStatement = block?.parent;
  return ifStatement?.type === 'if_statement' && ifStatement.childForFieldName('consequence')?.id === block!.id && testsNotNil(ifStatement, value.text);
}

/** `if name != nil {` (the whole condition). */
function testsNotNil(ifStatement: SyntaxNode, name: string): boolean {
  const c = ifStatement.childForFieldName('condition');
  if (c?.type !== 'binary_expression' || c.childForFieldName('operator')?.type !== '!=') return false;
  return c.childForFieldName('left')?.text === name && c.childForFieldName('right')?.type === 'nil';
}

/** Set when a verdict rested on the run's question about an exported function: such a verdict is not cached. */
let askedAcrossPackages = false;
/** The command entries whose own calls are being judged: a call of one from itself ends the run if it does. */
const entriesBeingJudged = new Set<number>();

function errorEndsProcess(fn: SyntaxNode, file: GoFile, depth: number, visiting: Set<number>): boolean {
  let known = caches.get(file);
  if (!known) caches.set(file, (known = new Map()));
  let verdict = known.get(fn.id);
  if (verdict === undefined) {
    // A command's entry calling itself (a walk over subfolders) passes the error to itself: that ends the run too.
    if (visiting.has(fn.id)) return entriesBeingJudged.has(fn.id);
    if (depth > MAX_CALLER_DEPTH) return false;
    visiting.add(fn.id);
    const outer = askedAcrossPackages;
    askedAcrossPackages = false;
    verdict = everyCallEndsOnError(fn, file, depth, visiting);
    const asked = askedAcrossPackages;
    askedAcrossPackages = outer || asked;
    visiting.delete(fn.id);
    // A verdict that rests on the run's question, or on an entry's assumption about itself still being judged, is not kept.
    if (!asked && entriesBeingJudged.size === 0) known.set(fn.id, verdict);
  }
  return verdict;
}

function everyCallEndsOnError(fn: SyntaxNode, file: GoFile, depth: number, visiting: Set<number>): boolean {
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  if (!/^[a-z_]/.test(name) && topLevelDeclarations(file.tree).packageName !== 'main') return commandEntryEndsRunOnError(fn, name, file, depth, visiting);
  return (callsEndingOnError(fn, name, file, depth, visiting) ?? 0) > 0;
}

/**
 * The number of calls of `fn` (named `name`) in its file, when each of them ends the program on its error or passes
 * it on (callEndsOnError); null when one does not, or the name is used other than in a call.
 */
function callsEndingOnError(fn: SyntaxNode, name: string, file: GoFile, depth: number, visiting: Set<number>): number | null {
  let calls = 0;
  for (const node of nodesAtMatches(file.tree.rootNode, file.text, new RegExp(`\\b${name}\\b`, 'g'))) {
    if (node.type !== 'identifier' || node.text !== name || node.parent?.id === fn.id) continue;
    const call = node.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== node.id) return null;
    if (!callEndsOnError(call, file, depth, visiting)) return null;
    calls++;
  }
  return calls;
}

/**
 * An exported function of command code (flow/command-code.ts) that runs once per process: the command's entry, whose
 * error ends the run it was called for (`fs.SyncDir`, which the `renderdocs` command calls once and whose error it
 * returns). Its own calls in this file (a recursion over subfolders) must pass the error on too. Where a CLI run can
 * settle it with the module's callers (runs-once.ts), they must show it runs once; the editor, on one file, takes the
 * command's entry on trust, as command-code.ts does.
 */
function commandEntryEndsRunOnError(fn: SyntaxNode, name: string, file: GoFile, depth: number, visiting: Set<number>): boolean {
  if (!isCommandCode(file)) return false;
  const asked = exportedAskedToRunOnce(file, name);
  if (asked !== undefined) askedAcrossPackages = true;
  if (asked === false) return false;
  entriesBeingJudged.add(fn.id);
  try {
    return callsEndingOnError(fn, name, file, depth, visiting) !== null;
  } finally {
    entriesBeingJudged.delete(fn.id);
  }
}

/**
 * `err := f(…)` (or `x, err := f(…)`, `err = f(…)`) followed by `if err != nil { … }`, or `if err := f(…); err != nil
 * { … }`, whose branch ends the program or returns the error from a function whose errors end it; or `return f(…)`
 * from such a function.
 */
function callEndsOnError(call: SyntaxNode, file: GoFile, depth: number, visiting: Set<number>): boolean {
  const list = call.parent;
  const owner = list?.type === 'expression_list' ? list.parent : null;
  if (owner?.type === 'return_statement') {
    const caller = enclosingFunction(owner);
    return list!.namedChildren.filter((c) => c?.type !== 'comment').length === 1 && caller?.type === 'function_declaration' && errorEndsProcess(caller, file, depth + 1, visiting);
  }
  if ((owner?.type !== 'short_var_declaration' && owner?.type !== 'assignment_statement') || owner.childForFieldName('right')?.id !== list!.id) return false;
  const left = owner.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  const errName = left[left.length - 1];
  if (errName?.type !== 'identifier' || errName.text === '_') return false;
  const check = owner.parent?.type === 'if_statement' && owner.parent.childForFieldName('initializer')?.id === owner.id ? owner.parent : nextStatement(owner);
  return check?.type === 'if_statement' && checkEndsProgram(check, errName.text, file, depth, visiting);
}

/**
 * `if err != nil { … }` whose branch ends the program; or a chain that first singles out a sentinel, `if err ==
 * flag.ErrHelp { os.Exit(2) } else if err != nil { … }`, where every branch a non-nil error can take ends it.
 */
function checkEndsProgram(check: SyntaxNode, errName: string, file: GoFile, depth: number, visiting: Set<number>): boolean {
  let test: SyntaxNode | null = check;
  for (let links = 0; test?.type === 'if_statement' && links < MAX_CALLER_DEPTH; links++) {
    if (testsNotNil(test, errName)) return branchEndsProgram(test, errName, file, depth, visiting);
    if (!testsSentinel(test, errName) || !branchEndsProgram(test, errName, file, depth, visiting)) return false;
    test = test.childForFieldName('alternative');
  }
  return false;
}

/** `if name == pkg.ErrX {` (the whole condition): one non-nil error singled out. */
function testsSentinel(ifStatement: SyntaxNode, name: string): boolean {
  const c = ifStatement.childForFieldName('condition');
  if (c?.type !== 'binary_expression' || c.childForFieldName('operator')?.type !== '==') return false;
  const right = c.childForFieldName('right');
  return c.childForFieldName('left')?.text === name && (right?.type === 'selector_expression' || right?.type === 'identifier') && right.text !== 'nil';
}

function nextStatement(statement: SyntaxNode): SyntaxNode | null {
  for (let n = statement.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== 'comment') return n;
  return null;
}

/** The `if err != nil` branch leaves only by its last statement, which ends the program or returns the error onwards. */
function branchEndsProgram(check: SyntaxNode, errName: string, file: GoFile, depth: number, visiting: Set<number>): boolean {
  const branch = check.childForFieldName('consequence');
  const statements = statementsOf(branch);
  const last = statements[statements.length - 1];
  if (!branch || !last || leavesEarly(branch, last)) return false;
  // `if err := run(); err != nil { log.Println(err) }` as main's last statement: main returns, the program ends.
  if (isLastStatementOfMain(check) && !/^(break|continue|goto)_statement$/.test(last.type)) return true;
  if (last.type === 'expression_statement') {
    const call = last.namedChild(0);
    return call?.type === 'call_expression' && callNeverReturnsInFile(call);
  }
  if (last.type !== 'return_statement') return false;
  const caller = enclosingFunction(last);
  if (caller?.type !== 'function_declaration') return false;
  if (caller.childForFieldName('name')?.text === 'main') return true;
  const value = lastExpression(last);
  const passesItOn = value?.text === errName || (value !== null && (isNonNilError(value, last, file) || wraps(value, errName, file)));
  return passesItOn && returnsError(caller) && errorEndsProcess(caller, file, depth + 1, visiting);
}

/** github.com/pkg/errors' wrappers, which return an error that is not nil when the one they wrap is not. */
const PKG_ERRORS_WRAPPERS = ['Wrap', 'Wrapf', 'WithStack', 'WithMessage', 'WithMessagef'];

/** `errors.Wrap(err, "…")` and the other pkg/errors wrappers of `errName`, which is not nil in the branch. */
function wraps(value: SyntaxNode, errName: string, file: GoFile): boolean {
  if (value.type !== 'call_expression' || value.childForFieldName('arguments')?.namedChild(0)?.text !== errName) return false;
  const target = packageCall(value, topLevelDeclarations(file.tree).imports);
  return target?.importPath === 'github.com/pkg/errors' && PKG_ERRORS_WRAPPERS.includes(target.name);
}

function isLastStatementOfMain(statement: SyntaxNode): boolean {
  const fn = enclosingFunction(statement);
  if (fn?.type !== 'function_declaration' || fn.childForFieldName('name')?.text !== 'main') return false;
  const top = statementsOf(fn.childForFieldName('body'));
  return top[top.length - 1]?.id === statement.id;
}

/** Any return, break, continue or goto in the branch other than `last` (closures aside): some error path goes on. */
function leavesEarly(branch: SyntaxNode, last: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [branch];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id === last.id || node.type === 'func_literal') continue;
    if (/^(return|break|continue|goto)_statement$/.test(node.type)) return true;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}
