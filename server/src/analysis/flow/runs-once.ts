// Functions that run once per process: `main`, `init`, a closure given to `once.Do`, a command-table entry (cobra's
// `Run`/`PersistentPreRun`, a subcommand table's closure), and the helpers one of those calls exactly once
// (`os.Exit(run())`, a cobra `Run` that calls `runUpgrades(…)`). A registration such as signal.Notify, or a server
// started there, lasts until the program exits anyway, so "it outlives the function" is no leak there. Judged from the
// calls in the same file (closures are followed out to their function, with a depth limit): a call inside a loop or inside a
// callback handed to another function (an HTTP handler, time.AfterFunc) may run many times, and so may any use of the
// function as a value; an exported function outside package main has callers we cannot see.
import { enclosingFunction, enclosingLoop, methodCall, nodesAtMatches, rootOf, topLevelDeclarations } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';

const ENTRY_POINTS = new Set(['main', 'init']);
/** How deep a chain of helpers is followed back to an entry point. */
const MAX_CALLER_DEPTH = 8;

/**
 * `likely`: a declared caller counts as running once unless a loop or callback around its call shows otherwise (enough
 * to judge a process-wide registration). `proven`: every caller, up to an entry point, is itself shown to run once
 * (needed before a leak is called harmless).
 */
type Standard = 'likely' | 'proven';

const caches: Record<Standard, WeakMap<GoFile, Map<number, boolean>>> = { likely: new WeakMap(), proven: new WeakMap() };

/** Does the function (declaration or literal) `fn` of `file` run at most once per process? */
export function runsOncePerProcess(fn: SyntaxNode | null, file: GoFile, standard: Standard = 'likely'): boolean {
  return runsOnce(fn, file, 0, new Set(), standard);
}

function knownVerdicts(file: GoFile, standard: Standard): Map<number, boolean> {
  let known = caches[standard].get(file);
  if (!known) caches[standard].set(file, (known = new Map()));
  return known;
}

function runsOnce(fn: SyntaxNode | null, file: GoFile, depth: number, visiting: Set<number>, standard: Standard): boolean {
  if (!fn) return false;
  if (fn.type === 'func_literal') return literalRunsOnce(fn, file, depth, visiting, standard);
  if (fn.type !== 'function_declaration' && fn.type !== 'method_declaration') return false;
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  if (fn.type === 'function_declaration' && ENTRY_POINTS.has(name)) return true;
  if (!/^[a-z_]/.test(name) && topLevelDeclarations(file.tree).packageName !== 'main') return false;
  const known = knownVerdicts(file, standard);
  let verdict = known.get(fn.id);
  if (verdict === undefined) {
    if (depth > MAX_CALLER_DEPTH || visiting.has(fn.id)) return false;
    visiting.add(fn.id);
    verdict = onlyCalledOnce(fn, name, file, depth, visiting, standard);
    visiting.delete(fn.id);
    known.set(fn.id, verdict);
  }
  return verdict;
}

/**
 * A literal runs once when it is a command-table entry (`Run: func(…) {…}`, `{"sync", func(…) {…}}`) outside any
 * loop, or the closure of `once.Do`. A literal passed as an argument (a handler, a callback) or launched by go/defer
 * runs as often as whatever calls it.
 */
function literalRunsOnce(literal: SyntaxNode, file: GoFile, depth: number, visiting: Set<number>, standard: Standard): boolean {
  const known = knownVerdicts(file, standard);
  let verdict = known.get(literal.id);
  if (verdict === undefined) {
    verdict = judgeLiteral(literal, file, depth, visiting, standard);
    known.set(literal.id, verdict);
  }
  return verdict;
}

function judgeLiteral(literal: SyntaxNode, file: GoFile, depth: number, visiting: Set<number>, standard: Standard): boolean {
  if (enclosingLoop(literal)) return false;
  if (literal.parent?.type === 'literal_element' || assignedToCommandAction(literal)) return true;
  const call = literal.parent?.type === 'argument_list' ? literal.parent.parent : null;
  if (call?.type === 'call_expression' && methodCall(call)?.method === 'Do' && /once/i.test(methodCall(call)!.receiver.text)) return true;
  // `go func() { … }()` or `func() { … }()` runs once each time the function around it runs.
  const invoked = literal.parent?.type === 'call_expression' && literal.parent.childForFieldName('function')?.id === literal.id;
  return invoked && runsOnce(enclosingFunction(literal), file, depth + 1, visiting, standard);
}

function onlyCalledOnce(fn: SyntaxNode, name: string, file: GoFile, depth: number, visiting: Set<number>, standard: Standard): boolean {
  let calls = 0;
  for (const node of nodesAtMatches(rootOf(file.tree), file.text, new RegExp(`\\b${name}\\b`, 'g'))) {
    if ((node.type !== 'identifier' && node.type !== 'field_identifier') || node.text !== name) continue;
    if (node.parent?.id === fn.id) continue; // the declaration's own name
    // A method is called as `x.name(…)`: by its name alone (another type's method of that name counts too).
    const callee = fn.type === 'method_declaration' && node.parent?.type === 'selector_expression' ? node.parent : node;
    if (fn.type === 'method_declaration' && callee === node) continue;
    const call = callee.parent;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === callee.id) {
      if (enclosingLoop(call)) return false;
      // A closure must be shown to run once; a declared caller too when the standard is proof.
      const caller = enclosingFunction(call);
      if (!caller || caller.id === fn.id) return false;
      if ((caller.type === 'func_literal' || standard === 'proven') && !runsOnce(caller, file, depth + 1, visiting, standard)) return false;
      calls++;
      continue;
    }
    // The action of a command table (`Action: send`, `RunE: runServe`) runs once per invocation, like a literal there.
    if (isCommandAction(node)) {
      if (enclosingLoop(node)) return false;
      calls++;
      continue;
    }
    // Not a call: inside its own body the name is a local that shadows it (`rep, report = …` in vegeta's report).
    if (!(fn.startIndex <= node.startIndex && node.endIndex <= fn.endIndex)) return false;
  }
  return calls > 0;
}

/** Fields of cobra's and urfave/cli's command structs that hold the function a command runs. */
const COMMAND_ACTION_KEYS = /^(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)$/;

/** `Key: name` in a composite literal, where Key is a command struct's action field. */
function isCommandAction(node: SyntaxNode): boolean {
  const element = node.parent;
  if (element?.type !== 'literal_element' || element.parent?.type !== 'keyed_element') return false;
  const keyed = element.parent;
  return keyed.namedChild(1)?.id === element.id && COMMAND_ACTION_KEYS.test(keyed.namedChild(0)?.text ?? '');
}

/** `app.Action = func(…) {…}`, `cmd.RunE = func(…) {…}`: the literal becomes a command's action. */
function assignedToCommandAction(literal: SyntaxNode): boolean {
  const right = literal.parent;
  const assignment = right?.parent;
  if (right?.type !== 'expression_list' || assignment?.type !== 'assignment_statement') return false;
  if (assignment.childForFieldName('right')?.id !== right.id || right.namedChildCount !== 1) return false;
  const target = assignment.childForFieldName('left')?.namedChild(0);
  return target?.type === 'selector_expression' && COMMAND_ACTION_KEYS.test(target.childForFieldName('field')?.text ?? '');
}

/**
 * Is `fn` seen to run more than once: a call of it inside a loop, or inside a closure handed to another function (a
 * handler, a callback)? Looked for in its own file, for functions and methods alike (a method by its name alone).
 */
export function runsRepeatedly(fn: SyntaxNode | null, file: GoFile): boolean {
  if (fn?.type !== 'function_declaration' && fn?.type !== 'method_declaration') return false;
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  return nodesAtMatches(rootOf(file.tree), file.text, new RegExp(`\\b${name}\\s*\\(`, 'g')).some((node) => {
    const callee = node.parent?.type === 'selector_expression' ? node.parent : node;
    const call = callee.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee.id) return false;
    if (enclosingLoop(call)) return true;
    const caller = enclosingFunction(call);
    return caller?.type === 'func_literal' && caller.parent?.type === 'argument_list';
  });
}
