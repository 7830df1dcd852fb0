// Functions that run once per process: `main`, `init`, a closure given to `once.Do`, a command-table entry (cobra's
// `Run`/`PersistentPreRun`, urfave/cli's `Action`, a subcommand table's closure, a method value `RunE: opts.run`, a
// function a wrapper of the package calls once per run of the action it returns (`Action: commandAction(buildAction)`), the
// method value or closure given to a kingpin/fisk builder's `.Action(…)`), the `Run` method of a command type (kong: a struct whose fields carry
// `cmd:""`/`arg:""`/`help:"…"` tags; mitchellh/cli: `Help`, `Synopsis` and `Run(args []string) int` in one file) unless
// the package calls a `Run` method in a loop or a callback, and the helpers one of those calls exactly once (`os.Exit(run())`, a cobra `Run` that calls `runUpgrades(…)`, a CLI's run that calls startDaemon in
// another file). A registration such as signal.Notify, or a server started there, lasts until the program exits
// anyway, so "it outlives the function" is no leak there. Judged from the calls in every file of the package the
// analyzer has (flow/call-sites.ts; closures are followed out to their function): a call inside a loop or inside a
// callback handed to another function (an HTTP handler, time.AfterFunc) may run many times, and so may any use of the
// function as a value. An exported function outside package main, and an exported method of such a package (by its
// name alone: every type's method of that name), has callers in other packages: judged from the module-wide caller
// index after every package of a CLI run is read (flow/module-callers.ts), when the run asks for it
// (askingAcrossPackages); otherwise it has callers we cannot see.
import { callIndexOf, callsOutsideValue, closureRole, COMMAND_RUN, commandRunKey, mentions, ONCE_CALLER, onceWrapperOf, parameterCount, receiverTypeName, unknownCaller, type CallIndex } from './call-sites';
import { enclosingFunction, enclosingLoop, nodesAtMatches, rootOf, topLevelDeclarations } from '../ast';
import { packageOf, type PackageSummaries } from '../engine/summaries';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';

const ENTRY_POINTS = new Set(['main', 'init']);
/** How deep a chain of helpers is followed back to an entry point. */
export const MAX_CALLER_DEPTH = 8;

/**
 * Methods that code outside the module calls through interfaces of its own, which the module's call index cannot see:
 * a value handed to the standard library is called back by these names (fmt calls String and Error, io.Copy Read and
 * Write, net/http ServeHTTP, sort Less, encoding/json MarshalJSON, database/sql Scan and Value, a context Done).
 * Seeing one call of such a method in the module proves nothing about the others. Where the receiver's values go is
 * not in the index (no types), so the guard is by name: the standard library's interfaces, which every program reaches.
 * A third-party framework's own interfaces (a scheduler's `Job.Run`, a supervisor's `Serve`) are not known: a method
 * handed to one as a method value is a use as a value, but a receiver handed to one is not seen, a risk left open
 * because the proof still needs calls of that name in the module, each running once.
 */
const CALLED_THROUGH_OUTSIDE_INTERFACES: ReadonlySet<string> = new Set([
  // fmt, errors
  'String', 'GoString', 'Format', 'Error', 'Unwrap', 'Is', 'As', 'Scan',
  // io, bufio, net, os
  'Read', 'Write', 'Close', 'Seek', 'ReadAt', 'WriteAt', 'ReadFrom', 'WriteTo', 'ReadByte', 'UnreadByte', 'WriteByte',
  'ReadRune', 'UnreadRune', 'WriteString', 'Accept', 'Addr', 'LocalAddr', 'RemoteAddr', 'SetDeadline', 'SetReadDeadline',
  'SetWriteDeadline', 'Timeout', 'Temporary', 'Network',
  // sort, container/heap
  'Len', 'Less', 'Swap', 'Push', 'Pop',
  // encoding/*, flag
  'MarshalJSON', 'UnmarshalJSON', 'MarshalText', 'UnmarshalText', 'AppendText', 'MarshalBinary', 'UnmarshalBinary',
  'AppendBinary', 'MarshalXML', 'UnmarshalXML', 'MarshalXMLAttr', 'UnmarshalXMLAttr', 'GobEncode', 'GobDecode', 'Set', 'Get', 'IsBoolFlag',
  // net/http
  'ServeHTTP', 'RoundTrip', 'Header', 'WriteHeader', 'Flush', 'Hijack', 'SetCookies', 'Cookies',
  // context, sync
  'Deadline', 'Done', 'Err', 'Value', 'Lock', 'Unlock', 'RLock', 'RUnlock',
  // io/fs, net/http.FileSystem
  'Open', 'Stat', 'ReadDir', 'ReadFile', 'Readdir', 'Glob', 'Sub', 'Name', 'Size', 'Mode', 'ModTime', 'IsDir', 'Sys', 'Info', 'Type',
  // database/sql/driver
  'Prepare', 'Begin', 'BeginTx', 'Commit', 'Rollback', 'Exec', 'Query', 'Next', 'Columns', 'Connect', 'Driver', 'NumInput', 'Ping', 'ResetSession',
  // hash, crypto, log/slog, image
  'Sum', 'Reset', 'BlockSize', 'Public', 'Sign', 'Decrypt', 'Enabled', 'Handle', 'WithAttrs', 'WithGroup', 'LogValue',
  'ColorModel', 'Bounds', 'At',
]);

/** Is `method` a name that code outside the module calls through an interface of its own (`ServeHTTP`, `Read`)? */
export function calledThroughOutsideInterface(method: string): boolean {
  return CALLED_THROUGH_OUTSIDE_INTERFACES.has(method);
}

/**
 * `likely`: a declared caller counts as running once unless a loop or callback around its call shows otherwise (enough
 * to judge a process-wide registration). `proven`: every caller, up to an entry point, is itself shown to run once
 * (needed before a leak is called harmless).
 */
export type Standard = 'likely' | 'proven';

/** The package as runs-once sees it: every file's call index, and the verdicts reached so far by function key. */
export interface PackageView {
  /** Tells apart the functions of two packages on one chain of callers (module-callers.ts). */
  id: number;
  packageName: string;
  indexes: CallIndex[];
  /** The indexes of the files that are not tests: tests run in a process of their own, and call commands again and again. */
  programIndexes: CallIndex[];
  known: Record<Standard, Map<string, boolean>>;
  /**
   * Does the exported function `key` of this package (not main), or the exported method `key` ('.Name') of one of its
   * types, run once per process, given its callers in the other packages? Asked under the standard of proof only;
   * absent: it has callers we cannot see.
   */
  exported?: (key: string, depth: number, visiting: Set<string>) => boolean;
  /**
   * In the views of the module-wide caller index, the exported methods of package main are asked through `exported`
   * too: it reads every call of a method's name across the module, where the package's own index holds, for an
   * exported method, only the calls in the files that declare a method of that name.
   */
  methodsAcrossModule?: boolean;
}

let nextViewId = 0;

export function newPackageView(
  packageName: string,
  indexes: CallIndex[],
  exported?: PackageView['exported'],
  programIndexes: CallIndex[] = indexes,
  methodsAcrossModule = false,
): PackageView {
  return { id: nextViewId++, packageName, indexes, programIndexes, known: { likely: new Map(), proven: new Map() }, exported, methodsAcrossModule };
}

/**
 * The run's question about exported functions and methods while rules judge a file: the keys asked about (a name, or
 * '.' + a method's name; answered as unknown), or, on a second pass, the one key taken to run once.
 */
interface AcrossPackages {
  asked: Set<string>;
  assumed: string | undefined;
}

let acrossPackages: AcrossPackages | undefined;

/**
 * Runs `judge` (the rules on one file) with the exported functions of the file's package (outside main) open to
 * question: the answer lists those whose running once would have changed a verdict of proof; with `assumed`, that one
 * is taken to run once. The CLI decides each question once every package is read (flow/module-callers.ts).
 */
export function askingAcrossPackages<T>(assumed: string | undefined, judge: () => T): { result: T; asked: Set<string> } {
  const outer = acrossPackages;
  acrossPackages = { asked: new Set(), assumed };
  try {
    return { result: judge(), asked: acrossPackages.asked };
  } finally {
    acrossPackages = outer;
  }
}

const views = new WeakMap<GoFile, { summaries: PackageSummaries | undefined; question: AcrossPackages | undefined; view: PackageView }>();

function viewOf(file: GoFile): PackageView {
  const summaries = packageOf(file);
  const question = acrossPackages;
  const cached = views.get(file);
  if (cached && cached.summaries === summaries && cached.question === question) return cached.view;
  const exported = question && ((name: string): boolean => (question.asked.add(name), question.assumed === name));
  const view = lazyIndexes(newPackageView(topLevelDeclarations(file.tree).packageName, [], exported), file, summaries);
  views.set(file, { summaries, question, view });
  return view;
}

/**
 * Asked of the exported function `name` of `file`'s package (not main) while a CLI run has the module's callers to
 * settle it (askingAcrossPackages): true when this pass takes it to run once, false when it does not (the run then
 * decides, flow/module-callers.ts); undefined when nothing can ask (the editor on one file, package main, a name not
 * exported).
 */
export function exportedAskedToRunOnce(file: GoFile, name: string): boolean | undefined {
  const view = viewOf(file);
  if (view.exported === undefined || view.packageName === 'main' || !/^[A-Z]/.test(name)) return undefined;
  return view.exported(name, 0, new Set());
}

/**
 * The view with its call indexes read on first use: many questions are answered without them (`main`, an exported
 * function outside package main, a closure handed to another function), and the file's own index is the dearest part
 * of a question about one file (a pass over every name of its text).
 */
function lazyIndexes(view: PackageView, file: GoFile, summaries: PackageSummaries | undefined): PackageView {
  let indexes: CallIndex[] | undefined;
  let programIndexes: CallIndex[] | undefined;
  return Object.defineProperties(view, {
    indexes: { get: () => (indexes ??= [callIndexOf(file), ...(summaries?.siblingCallIndexes() ?? [])]) },
    programIndexes: { get: () => (programIndexes ??= [callIndexOf(file), ...(summaries?.programSiblingCallIndexes() ?? [])]) },
  });
}

/** Does the function (declaration or literal) `fn` of `file` run at most once per process? */
export function runsOncePerProcess(fn: SyntaxNode | null, file: GoFile, standard: Standard = 'likely'): boolean {
  if (!fn) return false;
  const view = viewOf(file);
  if (fn.type === 'func_literal') {
    // A closure is followed out to the function that runs it; that function must then be shown to run once.
    let literal: SyntaxNode | null = fn;
    for (let depth = 0; literal?.type === 'func_literal' && depth <= MAX_CALLER_DEPTH; depth++) {
      const role = closureRole(literal);
      if (role === 'once') return true;
      if (role !== 'invoked') return false;
      literal = enclosingFunction(literal);
    }
    const key = literal ? keyOf(literal) : undefined;
    return key !== undefined && keyRunsOnce(key, view, 1, new Set(), standard);
  }
  const key = keyOf(fn);
  if (key === undefined) return false;
  if (isCommandRunMethod(fn, view)) return true;
  return keyRunsOnce(key, view, 0, new Set(), standard);
}

/**
 * Is the statement at `node`, in the function (or closure) `fn`, run a bounded number of times per process: `fn` is
 * proven to run once per process and `node` runs once per call of it (runsOncePerCall)? What it leaks, it leaks once,
 * until the process exits.
 */
export function boundedPerProcess(node: SyntaxNode, fn: SyntaxNode | null, file: GoFile): boolean {
  return runsOncePerCall(node, file.text) && runsOncePerProcess(fn, file, 'proven');
}

/** A jump that may start the loop's next turn (or leave it for code after it): told apart from none by its word. */
const JUMP = /\b(?:continue|break|goto)\b/;

/** Comments, whose words are not jumps. */
const COMMENTS = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/**
 * Does the statement at `node` run at most once per call of its function: outside every loop of it, or inside one with
 * a `return` after it in its block or a block around it (within the innermost loop's body) and no `continue`, `break`
 * or `goto` in between, so every path from it leaves the function before the loop turns again (`for _, layer := range
 * layers { …; f, err := os.Create(name); …; return nil }`)? A jump in between, even one that only leaves an inner
 * switch, is not told apart: then the statement may repeat.
 */
function runsOncePerCall(node: SyntaxNode, text: string): boolean {
  const loop = enclosingLoop(node);
  if (!loop) return true;
  const body = loop.childForFieldName('body');
  for (let child = node, parent = node.parent; parent && parent.id !== body?.id; child = parent, parent = parent.parent) {
    if (parent.type !== 'statement_list') continue;
    const statements = parent.namedChildren;
    const at = statements.findIndex((s) => s?.id === child.id);
    const ret = statements.slice(at + 1).find((s) => s?.type === 'return_statement');
    if (ret) return !JUMP.test(text.slice(node.endIndex, ret.startIndex).replace(COMMENTS, ''));
  }
  return false;
}

/** A declaration's key in the call indexes: its name, or '.' + the name of a method. */
export function keyOf(fn: SyntaxNode | null): string | undefined {
  if (fn?.type !== 'function_declaration' && fn?.type !== 'method_declaration') return undefined;
  const name = fn.childForFieldName('name')?.text;
  return name && (fn.type === 'method_declaration' ? `.${name}` : name);
}

/**
 * `func (c *ServeCmd) Run(…) error` on a struct-built command, `func (c *StatusCommand) Run(args []string) int` on a
 * mitchellh/cli command: the parser calls it once per invocation.
 */
function isCommandRunMethod(fn: SyntaxNode, view: PackageView): boolean {
  if (fn.type !== 'method_declaration' || fn.childForFieldName('name')?.text !== 'Run') return false;
  const receiverType = receiverTypeName(fn);
  if (receiverType === undefined || !view.indexes.some((index) => index.commandTypes.has(receiverType))) return false;
  return !commandRunMayRepeat(view, commandRunKey(parameterCount(fn)));
}

/**
 * A command's `Run` (`key`: COMMAND_RUN with its number of parameters) runs once per invocation unless the package may
 * call it again and again: a call `x.Run(…)` with that many arguments in a loop or a callback (a REPL, a handler), or
 * `x.Run` used as a value, in a file that is not a test. Methods are told by name alone there, so any such call counts.
 */
function commandRunMayRepeat(view: PackageView, key: string): boolean {
  return view.programIndexes.some((index) => index.values.has(COMMAND_RUN) || (index.calls.get(key) ?? []).some((site) => site.inLoop || unknownCaller(site.caller)));
}

/**
 * Does the function `key` of the package in `view` run once per process? `visiting` holds the functions on the chain
 * of callers being followed, by view (a chain may cross packages, flow/module-callers.ts).
 */
export function keyRunsOnce(key: string, view: PackageView, depth: number, visiting: Set<string>, standard: Standard): boolean {
  if (ENTRY_POINTS.has(key)) return true;
  if (key.startsWith(`${COMMAND_RUN}/`)) return !commandRunMayRepeat(view, key);
  // A command's action made by a wrapper of the package: the function handed in runs once per invocation if the
  // wrapper calls it at most once per run of the closure it returns.
  const wrapper = onceWrapperOf(key);
  if (wrapper !== undefined) return view.indexes.some((index) => index.onceWrappers?.has(wrapper));
  const name = key.replace(/^\./, '');
  const method = key !== name;
  if (!/^[a-z_]/.test(name) && (view.packageName !== 'main' || (method && view.methodsAcrossModule))) {
    // Callers in other packages: the module-wide caller index tells, under the standard of proof. A method is followed
    // by its name alone there, every type's method of that name at once; one that code outside the module calls through
    // an interface of its own is never taken to run once.
    if (standard !== 'proven' || view.exported === undefined) return false;
    return !(method && calledThroughOutsideInterface(name)) && view.exported(key, depth, visiting);
  }
  const known = view.known[standard];
  let verdict = known.get(key);
  if (verdict === undefined) {
    // The same name in two packages is two functions.
    const step = `${view.id}\0${key}`;
    if (depth > MAX_CALLER_DEPTH || visiting.has(step)) return false;
    visiting.add(step);
    verdict = onlyCalledOnce(key, view, depth, visiting, standard);
    visiting.delete(step);
    known.set(key, verdict);
  }
  return verdict;
}

/**
 * Every call of `key` in the package runs once per process, and there is at least one. The package's tests run in a
 * process of their own and call nothing of the program; yet under proof a mention in a test blocks it: left out, tests
 * stopped guarding exported library functions whose other callers live outside the module (measured on the corpus: 2
 * true findings lost for 3 debatable).
 */
function onlyCalledOnce(key: string, view: PackageView, depth: number, visiting: Set<string>, standard: Standard): boolean {
  let calls = 0;
  for (const index of view.indexes) {
    if (index.testMentions) {
      if (standard === 'proven' && mentions(index, key)) return false;
      continue;
    }
    if (index.values.has(key)) return false;
    for (const site of index.calls.get(key) ?? []) {
      if (site.inLoop || unknownCaller(site.caller) || site.caller === key) return false;
      calls++;
      if (site.caller === ONCE_CALLER) continue;
      // A closure must be shown to run once, and a wrapper to call what it wraps once; a declared caller too when the
      // standard is proof.
      if ((site.viaClosure || standard === 'proven' || onceWrapperOf(site.caller) !== undefined) && !keyRunsOnce(site.caller, view, depth + 1, visiting, standard)) return false;
    }
  }
  return calls > 0;
}

/**
 * Is `fn` seen to run more than once: a call of it inside a loop, or inside a closure handed to another function (a
 * handler, a callback)? Looked for in its own file, for functions and methods alike (a method by its name alone, save
 * a call on a value of a package outside the module: `go srv.Serve(l)` with `srv := &http.Server{…}` is not it).
 */
export function runsRepeatedly(fn: SyntaxNode | null, file: GoFile): boolean {
  if (fn?.type !== 'function_declaration' && fn?.type !== 'method_declaration') return false;
  const name = fn.childForFieldName('name')?.text;
  if (!name) return false;
  return nodesAtMatches(rootOf(file.tree), file.text, new RegExp(`\\b${name}\\s*\\(`, 'g')).some((node) => {
    const callee = node.parent?.type === 'selector_expression' ? node.parent : node;
    const call = callee.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee.id) return false;
    const caller = enclosingFunction(call);
    // A closure handed to another function runs again and again when that function calls it back (a handler), not
    // when it runs it a fixed number of times at most (a bounded retry), once (`once.Do`, a command's action) or once
    // per run of the caller (an oklog/run actor).
    const handedOn = caller?.type === 'func_literal' && caller.parent?.type === 'argument_list' && closureRole(caller) === 'callback';
    if (!enclosingLoop(call) && !handedOn) return false;
    return !(fn.type === 'method_declaration' && callee.type === 'selector_expression' && callsOutsideValue(call, file));
  });
}
