// Functions that run once per process: `main`, and the helpers a command-line program's entry calls exactly once
// (`os.Exit(run())`, a cobra `Run` that calls `runUpgrades(…)`, a subcommand table whose closure calls `attack(opts)`).
// A registration such as signal.Notify made in one of them lasts until the program exits anyway, so "it outlives the
// function" is no leak there. Judged one call deep, from the calls in the same file: a call inside a loop or inside a
// callback handed to another function (an HTTP handler, time.AfterFunc) may run many times, and so may any use of the
// function as a value; an exported function has callers we cannot see. `go f()` or `defer f()` in main runs once.
import { enclosingFunction, enclosingLoop, nodesAtMatches } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { contains } from './syntax';

const cache = new WeakMap<GoFile, Map<number, boolean>>();

/** Does the function declaration `fn` of `file` run at most once per process? */
export function runsOncePerProcess(fn: SyntaxNode | null, file: GoFile): boolean {
  if (fn?.type !== 'function_declaration') return false;
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  if (name === 'main') return true;
  if (!/^[a-z_]/.test(name)) return false;
  let known = cache.get(file);
  if (!known) cache.set(file, (known = new Map()));
  let verdict = known.get(fn.id);
  if (verdict === undefined) {
    verdict = onlyCalledOnce(fn, name, file);
    known.set(fn.id, verdict);
  }
  return verdict;
}

function onlyCalledOnce(fn: SyntaxNode, name: string, file: GoFile): boolean {
  let calls = 0;
  for (const node of nodesAtMatches(file.tree.rootNode, file.text, new RegExp(`\\b${name}\\b`, 'g'))) {
    if (node.type !== 'identifier' || node.text !== name) continue;
    if (node.parent?.id === fn.id) continue; // the declaration's own name
    const call = node.parent;
    if (call?.type === 'call_expression' && call.childForFieldName('function')?.id === node.id) {
      if (!calledOnceWhere(call, fn)) return false;
      calls++;
      continue;
    }
    // Not a call: inside its own body the name is a local that shadows it (`rep, report = …` in vegeta's report).
    if (!contains(fn, node)) return false;
  }
  return calls > 0;
}

/** The call runs once each time its caller runs, and the caller is a declared function or a command-table closure. */
function calledOnceWhere(call: SyntaxNode, callee: SyntaxNode): boolean {
  if (enclosingLoop(call)) return false;
  const caller = enclosingFunction(call);
  if (!caller || caller.id === callee.id) return false;
  if (caller.type !== 'func_literal') return true;
  // `command{fs, func(args []string) error { return attack(opts) }}` or `Run: func(…) { … }`: a table entry, run when
  // the user picks it. A literal passed as an argument (a handler, a callback) or launched by go/defer is not.
  return caller.parent?.type === 'literal_element' && enclosingLoop(caller) === null;
}
