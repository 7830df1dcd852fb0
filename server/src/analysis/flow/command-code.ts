// "Can what this code leaks pile up?" Command code is a package in a command folder of its module (`cmd/restic`,
// `internal/cmd`, `pkg/cmd/cp`, `internal/cli`, `commands/`; judged on the module-relative folder, like scaffolding.ts).
// It runs inside one invocation of a command: `gops trace`, `kubectl cp`, `influxd restore`. What one invocation leaks
// on its way (a file left open on an error return, a goroutine left blocked after a timeout) is bounded by that run and
// gone when the process exits; it piles up only where the code may run again and again within the run. A long-running
// command (`serve`, an agent, a relay daemon) repeats its work in exactly such places, so its leaks stay reported there:
// - in a loop, or in a closure run per loop turn, handed to another function (a handler, a callback) or kept as a value;
// - in a function called so, directly or through a chain of callers in the package, or used as a value anywhere in it
//   (`mux.HandleFunc("/", handle)`, a command table), or a method that code outside calls through an interface
//   (`ServeHTTP`), or that no code of the package calls (a loader handed to a library that calls it per event), or
//   whose chain of callers is too long to follow: nothing shows those run only a few times.
// Only a function whose every call is seen, none of them repeating, is judged bounded; a function (not a method) with
// no call in the package is too: an exported command entry called by the command's main. A hang there stops only the
// run its user is watching, so no-timeout asks this of requests too (never of servers, which wait for clients by
// design). Outside command folders a package may be
// called by anything, as often as it likes: runs-once.ts must prove the opposite. A `package main` at the module root
// is not judged so either: it is as often a daemon as a command.
import { moduleRelativeFolder } from '../gomod';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { enclosingFunction, enclosingLoop } from '../ast';
import { packageOf } from '../engine/summaries';
import { callIndexOf, closureRole, MANY_CALLER, ONCE_CALLER, VALUE_CALLER, type CallIndex } from './call-sites';
import { boundedPerProcess, calledThroughOutsideInterface, exportedAskedToRunOnce, keyOf } from './runs-once';

/** Folder names that hold a program's commands, wherever they are under the module root. */
const COMMAND_FOLDERS: ReadonlySet<string> = new Set(['cmd', 'cmds', 'cli', 'command', 'commands']);

/** Is `file` in a package under a command folder of its module (never true without a go.mod above it)? */
export function isCommandCode(file: Pick<GoFile, 'path'>): boolean {
  return moduleRelativeFolder(file.path)?.segments.some((segment) => COMMAND_FOLDERS.has(segment.toLowerCase())) ?? false;
}

/**
 * Does what the statement at `node` (in `fn`) leaks stay bounded for the whole run of its process: it runs once per
 * process (runs-once.ts), or it is command code that is not seen to run again and again within the run?
 */
export function boundedPerRun(node: SyntaxNode, fn: SyntaxNode | null, file: GoFile): boolean {
  return boundedPerProcess(node, fn, file) || (isCommandCode(file) && !mayRepeat(node, fn, file));
}

/** How far a chain of callers is followed; a longer one may hide a loop, so it counts as repeating. */
const MAX_CALLER_DEPTH = 6;

/** May the statement at `node`, in the function (or closure) `fn` of `file`, run again and again within one run? */
function mayRepeat(node: SyntaxNode, fn: SyntaxNode | null, file: GoFile): boolean {
  if (enclosingLoop(node) !== null) return true;
  if (fn?.type === 'func_literal') {
    const role = closureRole(fn);
    if (role === 'loop' || role === 'callback' || role === 'value') return true;
    return mayRepeat(fn, enclosingFunction(fn), file);
  }
  const key = keyOf(fn);
  if (key === undefined) return true;
  if (key.startsWith('.') && calledThroughOutsideInterface(key.slice(1))) return true;
  const indexes = [callIndexOf(file), ...(packageOf(file)?.programSiblingCallIndexes() ?? [])];
  return keyMayRepeat(key, indexes, file);
}

/** `main` and `init` run once per process; their names also show up among a file's values (`package main`). */
const ENTRY_POINTS: ReadonlySet<string> = new Set(['main', 'init']);

/**
 * Some call of `key` repeats, or `key` is used as a value, itself or through its chain of callers in the package whose
 * call indexes are `indexes`. With `file`, the file being judged, an exported function with no call in the package is
 * put to the run's question about its callers across the module; without it (flow/module-callers.ts, judging another
 * package's calls), it is the command's entry.
 */
export function keyMayRepeat(key: string, indexes: readonly CallIndex[], file?: GoFile, depth = 0, visiting = new Set<string>()): boolean {
  if (ENTRY_POINTS.has(key)) return false;
  if (depth > MAX_CALLER_DEPTH) return true;
  if (visiting.has(key)) return false;
  visiting.add(key);
  if (!indexes.some((index) => index.calls.has(key))) {
    // A method no code of the package calls is called through an interface, by whatever its value was handed to.
    if (key.startsWith('.')) return true;
    // An exported function of a command package that is not main may be called from other packages of the module
    // too (`ami.List` of `cmd/clusterawsadm/ami`, also run per invocation by a Lambda's handler): where a CLI run
    // can settle it with the module's callers, it is bounded only if they show it runs once per process, or that
    // only command code calls it, outside loops and handlers (threads/caller-questions.ts, module-callers.ts).
    if (file && exportedAskedToRunOnce(file, key) === false) return true;
  }
  return indexes.some(
    (index) =>
      index.values.has(key) ||
      (index.calls.get(key) ?? []).some(
        (site) =>
          site.inLoop ||
          site.caller === MANY_CALLER ||
          site.caller === VALUE_CALLER ||
          (site.caller !== ONCE_CALLER && keyMayRepeat(site.caller, indexes, file, depth + 1, visiting)),
      ),
  );
}
