// Where each function of a package is used, file by file: the facts runs-once.ts needs to judge a function whose
// callers live in another file of the package (main.go calls run, cli.go's run calls startDaemon in daemon.go). A
// file's index is part of its package summary (engine/summaries.ts), so it crosses to its siblings without a tree.
// Built from regular-expression passes over the text and a lookup of the few nodes they point at: walking every node
// through the wasm boundary would cost more than the parse.
import * as path from 'node:path';
import { enclosingFunction, enclosingLoop, isPackageCall, methodCall, rootOf, topLevelDeclarations, type Imports } from '../ast';
import { findModule } from '../gomod';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';

/** A caller that runs once per process invocation whatever calls it (a command-table entry, a once.Do closure). */
export const ONCE_CALLER = '#once';
/** A caller that may run any number of times: a callback handed to another function (a handler, `time.AfterFunc`). */
export const MANY_CALLER = '#many';
/**
 * A closure kept as a value (returned, assigned, put in a struct): nothing shows how often it runs. Not proven to run
 * once (runs-once.ts), and not seen to repeat either (seen-to-repeat.ts).
 */
export const VALUE_CALLER = '#value';

/** A caller that is not proven to run once per run of anything: a callback or a closure kept as a value. */
export function unknownCaller(caller: string): boolean {
  return caller === MANY_CALLER || caller === VALUE_CALLER;
}
/**
 * The `Run` method of a command type (`commandTypes`) declared in the same file: the parser runs it once per invocation
 * unless the package itself calls it again and again (runs-once.ts). As a caller, `COMMAND_RUN/<n>` for a Run of n
 * parameters, a key of its own that keeps it apart from the `Run` methods of other types; as a callee, the calls
 * `x.Run(…)` with n arguments anywhere in the file (those that may be it); in `values`, a method value `x.Run`.
 */
export const COMMAND_RUN = '#command-run';

export function commandRunKey(parameters: number): string {
  return `${COMMAND_RUN}/${parameters}`;
}
/**
 * A caller `ONCE_WRAPPED/W`: the function is handed, as a command's action, to the package's function W (`Action:
 * commandAction(buildAction)`, `cmd.RunE = wrap(cmdRun)`), whose returned closure is the action. It runs once per
 * invocation if W is a once-wrapper of its package (CallIndex.onceWrappers); otherwise nothing shows how often.
 */
export const ONCE_WRAPPED = '#once-wrapped';

/** W of a caller `ONCE_WRAPPED/W`, or undefined for any other caller. */
export function onceWrapperOf(caller: string): string | undefined {
  return caller.startsWith(`${ONCE_WRAPPED}/`) ? caller.slice(ONCE_WRAPPED.length + 1) : undefined;
}
/** In `importedValues`, after 'import/path.': every function of a package imported with `.`. */
export const ANY_FUNCTION = '*';

export interface CallSite {
  /** Inside a loop of its function (or of a closure around it). */
  inLoop: boolean;
  /** The function the call runs in: a function name, '.' + a method name, ONCE_CALLER or MANY_CALLER. */
  caller: string;
  /** The call sits in a closure run by `caller` (`go func() { … }()`): the closure runs once per run of the caller. */
  viaClosure: boolean;
  /**
   * `x.Name(…)` on a variable that holds a value another package of the module made (`w :=
   * policyeval.NewBaseWorker(…)`): no call of a method of this package's types (that package cannot name them), though
   * it may be one of that package's, which the module-wide caller index (module-callers.ts) still reads it as.
   */
  onOtherPackageValue?: true;
}

export interface CallIndex {
  /**
   * Calls by callee: a function name, or '.' + a method name for the methods declared in this file and for every
   * unexported name (`x.flush(…)`: only the package's own methods and fields bear one, wherever declared). Each distinct site
   * once (equal sites, as from two calls in one function, are one): what is asked of them holds for all or for some.
   */
  calls: Map<string, CallSite[]>;
  /** Names mentioned as values (not called, not a command action) outside a function of the same name: a name then `,` `)` `}` `]` `;` or a line end. */
  values: Set<string>;
  /**
   * Command types whose `Run` a command-line parser calls once per invocation: structs whose fields carry its tags
   * (`cmd:""`, `arg:""`, `help:"…"`: kong style), and types that declare, in one file, `Help() string`,
   * `Synopsis() string` and `Run(args []string) int` (mitchellh/cli's Command interface).
   */
  commandTypes: Set<string>;
  /**
   * Calls of exported functions of the packages of the file's module it imports (`writer.New(…)`), by
   * 'import/path.Name': what the module-wide caller index (flow/module-callers.ts) reads to follow a function's callers
   * into the packages that import it.
   */
  imported: Map<string, CallSite[]>;
  /**
   * Exported functions of imported packages mentioned as values (`http.HandleFunc("/", api.Serve)`), as
   * 'import/path.Name'; 'import/path.*' for a package imported with `.`, whose calls cannot be told from local ones.
   */
  importedValues: Set<string>;
  /**
   * Calls `x.Name(…)` of exported names no method of this file bears, by '.Name' (x no imported package: `o.Run()`,
   * `srv.Start()` on a value another package made, `a.b.Stop()`, `f().Close()`): the methods of types declared
   * elsewhere, read only by the module-wide caller index (flow/module-callers.ts), which follows a method by its name
   * alone. A call on a value of a package outside the module (OutsideValues) is left out: no method of the module's.
   * Absent: none (as in the summaries importers get).
   */
  methodCalls?: Map<string, CallSite[]>;
  /**
   * Such names mentioned as values (`errgroup.Go(o.Run)`, `f := srv.Stop`; a field's name too, which only adds a use),
   * by '.Name': method values that may run any number of times. Absent: none.
   */
  methodValues?: Set<string>;
  /**
   * The file's once-wrappers: functions of one parameter whose whole body is `return func(…) {…}`, with the parameter
   * named once there, called outside loops and inner closures (`func commandAction(fn F) cli.ActionFunc { return
   * func(…) error { return fn(cmd) } }`): each run of the returned closure runs the function handed in at most once.
   * Absent: none.
   */
  onceWrappers?: Set<string>;
  /**
   * Present on a `_test.go` file's index only, which then records nothing else: every name its code mentions (called,
   * passed, or after a dot). Tests run in a process of their own, so their calls say nothing of how often the program
   * runs a function; a proof of running once (runs-once.ts) still treats any mention as a caller it cannot follow,
   * standing for the callers outside the module it cannot see either. Read from the text: a test file need not be
   * parsed for it.
   */
  testMentions?: Set<string>;
}

/** Go's keywords and predeclared names (functions, constants, types): never a name the package declares. */
export const KEYWORDS_AND_BUILTINS: ReadonlySet<string> = new Set(
  ('break case chan const continue default defer else fallthrough for func go goto if import interface map package range ' +
    'return select struct switch type var append cap clear close complex copy delete imag len make max min new panic ' +
    'print println real recover nil true false iota string bool byte rune error any int int8 int16 int32 int64 uint uint8 ' +
    'uint16 uint32 uint64 uintptr float32 float64 complex64 complex128').split(' '),
);

/** Fields of cobra's and urfave/cli's command structs that hold the function a command runs. */
export const COMMAND_ACTION_KEYS = /^(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)$/;

/** `Action: send`, `RunE: runServe`: a command table's entry naming the function it runs. */
const COMMAND_TABLE_ACTION = /\b(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)\s*:\s*([A-Za-z_]\w*)\b(?!\s*[.(\[{])/g;

/** `RunE: o.runExport`: a command table's entry naming a method value of a variable (an options struct's method). */
const COMMAND_TABLE_METHOD_ACTION = /\b(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)\s*:\s*([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)\b(?!\s*[.(\[{])/g;

/** What COMMAND_TABLE_ACTION needs when the file never says `Action`: a `Run…:` key. */
const RUN_KEY = /RunE?\s*:/;

/** `RunE: wrap(runServe)`, `cmd.RunE = wrap(cmdRun)`: a command's action made by a function of the package from a function. */
const WRAPPED_COMMAND_ACTION = /\b(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)\s*[:=]\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)?)\s*\(\s*([A-Za-z_]\w*)\s*\)/g;

/** What WRAPPED_COMMAND_ACTION needs when the file never says `Action`: a `Run…:` key or a `Run… =` assignment. */
const RUN_KEY_OR_FIELD = /RunE?\s*[:=]/;

/**
 * `.Action(runSync)`, `.Action(c.ping)`: a command builder's action; also the last of the three arguments of clir's
 * `.NewSubCommandFunction("build", "Builds the app", buildApp)`, which makes a subcommand that runs it.
 */
const BUILDER_ACTION = /\.\s*(?:Action\s*\(|NewSubCommandFunction\s*\([^(){};]*?,)\s*(?:([A-Za-z_]\w*)\s*\.\s*)?([A-Za-z_]\w*)\s*\)/g;

/** The method of a command builder that takes the command's action, and how many arguments it takes (the action last). */
const BUILDER_ACTION_METHODS: ReadonlyMap<string, number> = new Map([
  ['Action', 1],
  ['NewSubCommandFunction', 3],
]);

/** `(args []string)`: the parameters of mitchellh/cli's `Run`. */
const CLI_RUN_PARAMETERS = /^\(\s*\w+\s+\[\]string\s*\)$/;

/** `T` of a method declared on `T` or `*T` (type parameters left out). */
export function receiverTypeName(method: SyntaxNode): string | undefined {
  const text = method.childForFieldName('receiver')?.namedChild(0)?.childForFieldName('type')?.text;
  return text?.replace(/^\*/, '').replace(/\[.*$/s, '');
}

/** The declaration's parameter list matches `parameters` and its one result is the type `result`. */
function hasSignature(decl: SyntaxNode, parameters: RegExp, result: string): boolean {
  return parameters.test(decl.childForFieldName('parameters')?.text ?? '') && decl.childForFieldName('result')?.text === result;
}

/** The number of parameters of a function declaration: `(a, b int, c string)` has three. */
export function parameterCount(decl: SyntaxNode): number {
  const list = decl.childForFieldName('parameters');
  return argumentCount(list?.text ?? '()', 0);
}

/**
 * The number of comma-separated items in the bracketed list that opens at `open` (`(`) in `code` (comments and strings
 * blanked): `()` has none, `(a, f(b, c))` two; a trailing comma before a line break adds none.
 */
function argumentCount(code: string, open: number): number {
  let depth = 0;
  let commas = 0;
  let empty = true;
  let lastSignificant = '';
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return empty ? 0 : commas + (lastSignificant === ',' ? 0 : 1);
    else if (c === ',' && depth === 1) commas++;
    if (i > open && c.trim() !== '') {
      empty = false;
      lastSignificant = c;
    }
  }
  return commas + 1;
}

/** `. "path"` in an import declaration (ast.ts leaves dot imports out of a file's imports). */
const DOT_IMPORT = /(?<![\w.])\.\s*"([^"\n]+)"/g;

/** A struct field tag of a command-line parser that builds commands from structs (kong, go-arg). */
const COMMAND_TAG = /`[^`\n]*\b(?:cmd:""|arg:""|help:")/;

const codeCache = new WeakMap<GoFile, string>();

/**
 * The file's text with comments and string literals blanked out (same length), so that names in them are not taken
 * for uses. Kept per file: the index and each question of callsOutsideValue read it.
 */
function codeOf(file: GoFile): string {
  let code = codeCache.get(file);
  if (code === undefined) codeCache.set(file, (code = codeOnly(file.text)));
  return code;
}

function codeOnly(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|`[^`]*`|'(?:\\.|[^'\\\n])*'/g, blanks);
}

/** Spaces to cut blanks from: a slice of one string costs less than building a new one for each comment and string. */
const SPACES = ' '.repeat(4096);

function blanks(match: string): string {
  return match.length <= SPACES.length ? SPACES.slice(0, match.length) : ' '.repeat(match.length);
}

const cache = new WeakMap<GoFile, CallIndex>();

/** The index of a `_test.go` file (CallIndex.testMentions), from its text alone. */
export function testFileCallIndex(text: string): CallIndex {
  const testMentions = new Set<string>();
  for (const m of codeOnly(text).matchAll(/\b[A-Za-z_]\w*/g)) testMentions.add(m[0]);
  return { calls: new Map(), values: new Set(), commandTypes: new Set(), imported: new Map(), importedValues: new Set(), testMentions };
}

/** Does the index show `name` (a function, or '.' + a method) called or used anywhere in its file? */
export function mentions(index: CallIndex, name: string): boolean {
  return index.calls.has(name) || index.values.has(name) || index.testMentions?.has(name.replace(/^\./, '')) === true;
}

export function callIndexOf(file: GoFile): CallIndex {
  let index = cache.get(file);
  if (!index) cache.set(file, (index = computeIndex(file)));
  return index;
}

interface Span {
  start: number;
  end: number;
}

function computeIndex(file: GoFile): CallIndex {
  // The tree's one root (ast.ts): its top-level declarations have crossed the wasm boundary already.
  const root = rootOf(file.tree);
  const code = codeOf(file);
  const topLevel: (Span & { key: string; nameAt: number })[] = [];
  /** `Run` declarations by receiver type, and the types with a parser's `Help() string` and `Synopsis() string`. */
  const runMethods = new Map<string, { entry: Span & { key: string }; cliShaped: boolean; parameters: number }>();
  const helpers = { Help: new Set<string>(), Synopsis: new Set<string>() };
  const methods = new Set<string>();
  const commandTypes = new Set<string>();
  const dotImports: string[] = [];
  // Such struct tags are rare: without one in the file, no type declaration needs a look.
  const text = file.text;
  const mayTagCommands = (text.includes('cmd:""') || text.includes('arg:""') || text.includes('help:"')) && COMMAND_TAG.test(text);
  // A once-wrapper's body is one `return func`: only the declarations around such words get a look.
  const returnedLiterals = [...code.matchAll(/\breturn\s+func\b/g)].map((m) => m.index);
  const onceWrappers = new Set<string>();
  for (const decl of root.namedChildren) {
    // Each read of a node's type crosses the wasm boundary: read once.
    const type = decl?.type;
    if (type === 'import_declaration') for (const m of decl!.text.matchAll(DOT_IMPORT)) dotImports.push(m[1]);
    if (type === 'type_declaration' && mayTagCommands) {
      for (const spec of decl!.namedChildren) {
        const name = spec?.childForFieldName('name')?.text;
        if (name && spec?.childForFieldName('type')?.type === 'struct_type' && COMMAND_TAG.test(spec.text)) commandTypes.add(name);
      }
    }
    if (type !== 'function_declaration' && type !== 'method_declaration') continue;
    const nameNode = decl!.childForFieldName('name');
    if (!nameNode) continue;
    const name = nameNode.text;
    if (type === 'method_declaration') methods.add(name);
    const returnsLiteral = returnedLiterals.some((at) => decl!.startIndex < at && at < decl!.endIndex);
    if (type === 'function_declaration' && returnsLiteral && isOnceWrapper(decl!, code)) onceWrappers.add(name);
    const entry = { start: decl!.startIndex, end: decl!.endIndex, key: type === 'method_declaration' ? `.${name}` : name, nameAt: nameNode.startIndex };
    topLevel.push(entry);
    // Only these three names need their receiver read (a few wasm calls each).
    if (type === 'method_declaration' && (name === 'Run' || name === 'Help' || name === 'Synopsis')) {
      const receiverType = receiverTypeName(decl!);
      if (receiverType === undefined) continue;
      if (name === 'Run') {
        runMethods.set(receiverType, { entry, cliShaped: hasSignature(decl!, CLI_RUN_PARAMETERS, 'int'), parameters: parameterCount(decl!) });
      }
      else if (hasSignature(decl!, /^\(\s*\)$/, 'string')) helpers[name].add(receiverType);
    }
  }
  for (const [receiverType, run] of runMethods) {
    if (run.cliShaped && helpers.Help.has(receiverType) && helpers.Synopsis.has(receiverType)) commandTypes.add(receiverType);
    // What the command's Run calls is placed under a caller of its own (runs-once.ts judges it).
    if (commandTypes.has(receiverType)) run.entry.key = commandRunKey(run.parameters);
  }
  const declarationNames = new Set(topLevel.map((d) => d.nameAt));
  const enclosingKey = (offset: number): string | undefined => {
    const declaration = lastStartingBy(topLevel, offset);
    return declaration && offset < declaration.end ? declaration.key : undefined;
  };
  // `Serve(net.Listener)` in `type protocol interface{…}` reads like a call outside any function, but names a method of
  // the interface (a field identifier): no call of the package's function Serve. Looked up only outside functions.
  const namesInterfaceMethod = (at: number): boolean => enclosingKey(at) === undefined && root.namedDescendantForIndex(at, at)?.type === 'field_identifier';
  // Loops and closures located once, from their keywords, so that each call is placed by offsets alone: climbing a
  // node's parents through the wasm boundary costs the node's depth at every step.
  const loops: Span[] = [];
  const literals: (Span & { node: SyntaxNode })[] = [];
  // A declaration's own `func` is neither: not looked up (one wasm call per function of the file).
  const declarationStarts = new Set(topLevel.map((d) => d.start));
  for (const match of code.matchAll(/\b(?:for|func)\b/g)) {
    if (declarationStarts.has(match.index) || (match[0] === 'func' && followsPlainName(code, match.index))) continue;
    const node = root.namedDescendantForIndex(match.index, match.index);
    if (node?.startIndex !== match.index) continue;
    if (node.type === 'func_literal') literals.push({ start: node.startIndex, end: node.endIndex, node });
    else if (node.type === 'for_statement') {
      const body = node.childForFieldName('body');
      if (body) loops.push({ start: body.startIndex, end: body.endIndex });
    }
  }
  const shared = new Map<string, CallSite>();
  const calls = new SiteLists(shared);
  const add = (key: string, site: CallSite): void => calls.add(key, site);
  const placer = new SitePlacer(topLevel, loops, literals);
  const values = new Set<string>();
  const actions = new Set<number>();
  // `Action: send`, `RunE: runServe`: a command table's action runs once per invocation, like a literal there.
  // Most files name no action: looking for the words spares the patterns' tries at every offset.
  const mentionsAction = code.includes('Action');
  const mayNameActions = mentionsAction || RUN_KEY.test(code);
  for (const match of mayNameActions ? code.matchAll(COMMAND_TABLE_ACTION) : []) {
    const offset = match.index + match[0].length - match[1].length;
    const node = root.namedDescendantForIndex(offset, offset);
    if (node?.type !== 'identifier' || node.parent?.type !== 'literal_element' || node.parent.parent?.type !== 'keyed_element') continue;
    actions.add(offset);
    add(match[1], { ...placer.place(offset), caller: ONCE_CALLER });
  }
  // `RunE: opts.runExport`: the entry is a method value of a variable, the method runs once per invocation likewise (a
  // package's function `RunE: pkg.Run` is not followed: its callers are in another package).
  const imports = topLevelDeclarations(file.tree).imports;
  const packageNames = new Set([...imports.values()].flat());
  for (const match of mayNameActions ? code.matchAll(COMMAND_TABLE_METHOD_ACTION) : []) {
    const [text, receiver, name] = match;
    if (packageNames.has(receiver)) continue;
    const offset = match.index + text.lastIndexOf(name);
    const node = root.namedDescendantForIndex(offset, offset);
    const selector = node?.type === 'field_identifier' && node.startIndex === offset ? node.parent : null;
    if (selector?.type !== 'selector_expression' || selector.childForFieldName('operand')?.type !== 'identifier') continue;
    if (selector.parent?.type !== 'literal_element' || selector.parent.parent?.type !== 'keyed_element') continue;
    actions.add(offset);
    add(`.${name}`, { ...placer.place(offset), caller: ONCE_CALLER });
  }
  // `Action: commandAction(buildAction)`, `cmd.RunE = wrap(cmdRun)`: the action is the closure the package's function
  // returns; the function handed in runs once per invocation if that one is a once-wrapper (runs-once.ts asks). A
  // wrapper of another package (`Action: command.ActionFunc(inspectAction)`) is never one: its body is not in the index.
  for (const match of mentionsAction || RUN_KEY_OR_FIELD.test(code) ? code.matchAll(WRAPPED_COMMAND_ACTION) : []) {
    const [text, written, name] = match;
    const wrapper = written.replace(/\s+/g, '');
    const offset = match.index + text.lastIndexOf(name);
    if (!isWrappedAction(root.namedDescendantForIndex(offset, offset), offset, wrapper, packageNames)) continue;
    actions.add(offset);
    add(name, { ...placer.place(offset), caller: `${ONCE_WRAPPED}/${wrapper}` });
  }
  // `cmd.Action(c.ping)`, `app.Command("sync", …).Action(runSync)`: kingpin's and fisk's builders take the command's
  // action as the one argument of their `Action` method, clir's `NewSubCommandFunction` as its last; it runs once per
  // invocation, like a command table's entry.
  for (const match of mentionsAction || code.includes('NewSubCommandFunction') ? code.matchAll(BUILDER_ACTION) : []) {
    const [text, receiver, name] = match;
    const offset = match.index + text.lastIndexOf(name);
    const node = root.namedDescendantForIndex(offset, offset);
    if (!node || node.startIndex !== offset || !isBuilderAction(node, receiver !== undefined, packageNames)) continue;
    actions.add(offset);
    add(receiver !== undefined ? `.${name}` : name, { ...placer.place(offset), caller: ONCE_CALLER });
  }
  // `run = runIngest` in a `switch` over the subcommand, then one `run(args)`: each function assigned runs where `run`
  // is called, not any number of times as a value would.
  for (const dispatch of dispatchesThroughLocal(code, topLevel, literals)) {
    actions.add(dispatch.assignedAt);
    add(dispatch.name, placer.place(dispatch.calledAt));
  }
  // One pass over the names. Followed by `(`: a plain call `name(…)` (comments and strings are blanked, and a
  // declaration's own name is skipped; a conversion is harmless), or `x.name(…)` of this file's methods or of an
  // unexported name, which only the package's own methods (declared in any of its files) and fields bear (a method by
  // its name alone). Any other mention is a use as a value (a handler, a callback) that may run many times; inside
  // the function of that name it is a local that shadows it.
  const importPathByName = modulePackagesByLocalName(imports, file.path);
  const imported = new SiteLists(shared);
  const importedValues = new Set<string>();
  const outside = new OutsideValues(code, topLevel, outsidePackages(imports, importPathByName));
  const otherModulePackages = new OutsideValues(code, topLevel, importPathByName);
  // A dot import calls the package's functions by their bare names: none of its calls can be told apart.
  for (const importPath of dotImports) importedValues.add(`${importPath}.${ANY_FUNCTION}`);
  const methodCalls = new SiteLists(shared);
  const methodValues = new Set<string>();
  forEachCallOrValue(code, (name, at, dotAt, called, indexed) => {
    const dot = dotAt >= 0;
    const qualifier = dot ? qualifierBefore(code, dotAt) : undefined;
    if (dot && importPathByName.size > 0 && /^[A-Z]/.test(name)) {
      // `pkg.Name(…)`: an exported function of an imported package (a local shadowing the package name is taken for it,
      // which only adds a call site to be proven). `pkg.Name[T](…)` is not followed: a use as a value.
      const importPath = importPathByName.get(qualifier ?? '');
      if (importPath !== undefined) {
        const key = `${importPath}.${name}`;
        if (called) imported.add(key, placer.place(at));
        else importedValues.add(key);
        return;
      }
    }
    // `x.Name(…)` on a value of a package outside the module (`srv.Serve(l)`, `srv := &http.Server{…}`): no method of
    // the module's types.
    // Asked only of the names whose calls are kept below (a command's `Run`, a method declared in this file, another
    // exported method): finding the variable's bindings costs a pass over its function.
    // `x.Name` of an exported name no method of this file bears, x no imported package (`fmt.Println`; a local that
    // shadows a package's name holds, in practice, a value of that package: `url, err := url.Parse(s); url.Query()`).
    const otherMethod = dot && !indexed && !methods.has(name) && !isUnexported(name) && !(qualifier !== undefined && packageNames.has(qualifier));
    const kept = name === 'Run' || (methods.has(name) && !KEYWORDS_AND_BUILTINS.has(name)) || (otherMethod && called);
    const receiver = dot && called && !indexed && kept ? qualifier : undefined;
    if (receiver !== undefined && !packageNames.has(receiver) && outside.holds(receiver, at)) return;
    const otherPackageValue = receiver !== undefined && !packageNames.has(receiver) && otherModulePackages.holds(receiver, at);
    const placeCall = (): CallSite => (otherPackageValue ? { ...placer.place(at), onOtherPackageValue: true } : placer.place(at));
    if (otherMethod) {
      if (called) methodCalls.add(`.${name}`, placer.place(at));
      else if (!actions.has(at)) methodValues.add(`.${name}`);
    }
    if (dot && name === 'Run' && !indexed) {
      // Any `x.Run(…)` may be a command's Run, whichever file declares it: kept by its number of arguments (a call with
      // another number is not that Run), and a method value `x.Run` as one that may be called any number of times.
      if (called) add(commandRunKey(argumentCount(code, code.indexOf('(', at))), placeCall());
      else values.add(COMMAND_RUN);
    }
    if (indexed || KEYWORDS_AND_BUILTINS.has(name) || (dot && !methods.has(name) && !isUnexported(name))) return;
    const key = dot ? `.${name}` : name;
    if (called) {
      if (!declarationNames.has(at) && !namesInterfaceMethod(at)) add(key, placeCall());
    } else if (!actions.has(at) && !values.has(key) && enclosingKey(at) !== key) {
      values.add(key);
    }
  });
  return {
    calls: calls.byKey,
    values,
    commandTypes,
    imported: imported.byKey,
    importedValues,
    // Absent when empty, like onceWrappers: an index crosses threads by structured clone.
    ...(methodCalls.byKey.size > 0 ? { methodCalls: methodCalls.byKey } : {}),
    ...(methodValues.size > 0 ? { methodValues } : {}),
    ...(onceWrappers.size > 0 ? { onceWrappers } : {}),
  };
}

/** `v = name`: a plain name assigned to a plain name (not `:=`, `==`, `!=`, `<=`, `>=`), the name before a line end, `;` or `}`. */
const NAME_ASSIGNED = /(?<![\w.])([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_]\w*)[ \t]*(?=[\n;}])/g;

/**
 * Subcommand dispatch through a local: in one function, every assignment of a variable `v` gives it a plain name (`run
 * = runIngest`, `run = runQuery`), outside closures, and `v(…)` is called exactly once, outside closures. Each name is
 * then called there, once per call of `v`: its call site is that call (`calledAt`), and the assignment (`assignedAt`)
 * is no use as a value.
 */
function dispatchesThroughLocal(code: string, topLevel: readonly (Span & { key: string })[], literals: readonly Span[]): { name: string; assignedAt: number; calledAt: number }[] {
  const byVariable = new Map<string, { fn: Span; names: { name: string; at: number }[] }>();
  const spoiled = new Set<string>();
  const inLiteral = (at: number): boolean => literals.some((l) => l.start <= at && at < l.end);
  for (const m of code.matchAll(NAME_ASSIGNED)) {
    const [, variable, name] = m;
    if (KEYWORDS_AND_BUILTINS.has(name) || KEYWORDS_AND_BUILTINS.has(variable)) continue;
    const fn = lastStartingBy(topLevel, m.index);
    if (!fn || m.index >= fn.end) continue;
    const id = `${fn.start}:${variable}`;
    if (inLiteral(m.index)) spoiled.add(id);
    const entry = byVariable.get(id) ?? { fn, names: [] };
    entry.names.push({ name, at: m.index + m[0].lastIndexOf(name) });
    byVariable.set(id, entry);
  }
  const dispatches: { name: string; assignedAt: number; calledAt: number }[] = [];
  for (const [id, { fn, names }] of byVariable) {
    if (spoiled.has(id)) continue;
    const variable = id.slice(id.indexOf(':') + 1);
    const body = code.slice(fn.start, fn.end);
    // Every other assignment of the variable (`run := pick()`, `run = cmds[name]`) leaves what it holds unknown.
    const assignments = [...body.matchAll(new RegExp(`(?<![\\w.])${variable}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)`, 'g'))].length;
    const calls = [...body.matchAll(new RegExp(`(?<![\\w.])${variable}\\s*\\(`, 'g'))].map((c) => fn.start + c.index);
    if (assignments !== names.length || calls.length !== 1 || inLiteral(calls[0])) continue;
    for (const { name, at } of names) dispatches.push({ name, assignedAt: at, calledAt: calls[0] });
  }
  return dispatches;
}

/**
 * `wrapper(name)` at `node` (the name, at `offset`) is a command's action: the call, with that one argument, is the value
 * of an action key in a composite literal (`RunE: wrap(runServe)`, the pattern saw the key) or the right side of an
 * assignment to an action field (`cmd.RunE = wrap(cmdRun)`).
 */
function isWrappedAction(node: SyntaxNode | null, offset: number, wrapper: string, packageNames: ReadonlySet<string>): boolean {
  const list = node?.type === 'identifier' && node.startIndex === offset ? node.parent : null;
  const call = list?.type === 'argument_list' && list.namedChildCount === 1 ? list.parent : null;
  if (call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  const ofPackage = callee?.type === 'selector_expression' && packageNames.has(callee.childForFieldName('operand')?.text ?? '');
  if ((callee?.type !== 'identifier' && !ofPackage) || callee.text.replace(/\s+/g, '') !== wrapper) return false;
  const holder = call.parent;
  if (holder?.type === 'literal_element') return holder.parent?.type === 'keyed_element';
  return holder?.type === 'expression_list' && assignedToCommandAction(holder);
}

/**
 * Is the function declaration a once-wrapper (CallIndex.onceWrappers): one parameter, a body that is only `return
 * func(…) {…}`, and the parameter named once in it (`code`: comments and strings blanked), as the callee of a call in
 * that literal, outside its loops and inner closures? A parameter kept, handed on, or called again may run any number
 * of times.
 */
function isOnceWrapper(decl: SyntaxNode, code: string): boolean {
  const parameters = decl.childForFieldName('parameters');
  const parameter = parameters?.namedChildCount === 1 ? parameters.namedChild(0) : null;
  const names = parameter?.type === 'parameter_declaration' ? parameter.childrenForFieldName('name') : [];
  const body = decl.childForFieldName('body');
  if (names.length !== 1 || !names[0] || !body) return false;
  // A block holds its statements in a statement list.
  const list = body.namedChildren.find((c) => c?.type === 'statement_list');
  const statements = (list ?? body).namedChildren.filter((c) => c?.type !== 'comment');
  const returned = statements.length === 1 && statements[0]?.type === 'return_statement' ? statements[0].namedChild(0) : null;
  const literal = returned?.type === 'expression_list' && returned.namedChildCount === 1 ? returned.namedChild(0) : returned;
  if (literal?.type !== 'func_literal') return false;
  const name = names[0].text;
  const uses = [...code.slice(body.startIndex, body.endIndex).matchAll(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g'))];
  if (uses.length !== 1) return false;
  const at = body.startIndex + uses[0].index;
  const use = body.namedDescendantForIndex(at, at);
  const call = use?.type === 'identifier' ? use.parent : null;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== use!.id) return false;
  return enclosingFunction(call)?.id === literal.id && enclosingLoop(call) === null;
}

/** The packages the file imports from outside its module: import path by local name. */
function outsidePackages(imports: Imports, modulePackages: ReadonlyMap<string, string>): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [importPath, names] of imports) for (const name of names) if (!modulePackages.has(name)) byName.set(name, importPath);
  return byName;
}

/**
 * Is `call` (`x.Name(…)`) a call on a variable that holds a value of a package outside the module (OutsideValues)? Then
 * it is no call of a method of the module's types.
 */
export function callsOutsideValue(call: SyntaxNode, file: GoFile): boolean {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'selector_expression' ? callee.childForFieldName('operand') : null;
  const fn = rootOf(file.tree).namedChildren.find((d) => d !== null && d.startIndex <= call.startIndex && call.endIndex <= d.endIndex);
  if (receiver?.type !== 'identifier' || !fn) return false;
  const imports = topLevelDeclarations(file.tree).imports;
  const span = { start: fn.startIndex, end: fn.endIndex, key: '' };
  return new OutsideValues(codeOf(file), [span], outsidePackages(imports, modulePackagesByLocalName(imports, file.path))).holds(receiver.text, callee!.childForFieldName('field')!.startIndex);
}

/** `&q.T{`, `q.T{`, `q.F(` at the start of a right-hand side: whether `&`, the package's name, the name, the bracket. */
const MADE_BY_PACKAGE = /^\s*(&?)\s*([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)\s*([({])/;

/** Standard packages whose functions hand back a value of their arguments' type (`cmp.Or`, `sync.OnceValue(f)()`). */
const GENERIC_STANDARD_PACKAGES: ReadonlySet<string> = new Set(['cmp', 'slices', 'maps', 'sync', 'sync/atomic', 'iter', 'unique']);

/** `*q.T` (then not `.`: `*q.T.x` is no type): the package's name. */
const POINTER_TO_PACKAGE_TYPE = /^\*\s*([A-Za-z_]\w*)\s*\.\s*[A-Za-z_]\w*(?!\s*\.)/;

/** A declaration or binding of a variable: of a package outside the module, a plain `=` of anything, or not known. */
interface OutsideEvent {
  at: number;
  kind: 'declared outside' | 'bound outside' | 'assigned' | 'unknown';
}

/**
 * Which variables hold a value of a package outside the module where a method is called on them: every binding of the
 * name in the function, before the call, is `x := q.F(…)`, `x, err := q.F(…)`, `x := &q.T{…}`, `x = q.T{…}` with q an
 * imported package outside the module, or it is declared `x *q.T` (a parameter, a `var`). Such a value's type is not
 * one of the module (a function of q could hand back a module value through an interface of q's, and then q's own
 * code calls its methods anyway; a generic one as its type parameter: makesItsOwn). `x q.I` is not taken: q.I may be an
 * interface holding a module value.
 */
class OutsideValues {
  /** By function start and variable: its declarations and bindings in the function, in order, each told apart. */
  private readonly events = new Map<string, OutsideEvent[]>();

  constructor(
    private readonly code: string,
    private readonly topLevel: readonly (Span & { key: string })[],
    /** Import path by local name. */
    private readonly outsidePackages: ReadonlyMap<string, string>,
  ) {}

  holds(variable: string, at: number): boolean {
    if (this.outsidePackages.size === 0) return false;
    const fn = lastStartingBy(this.topLevel, at);
    if (!fn || at >= fn.end) return false;
    const id = `${fn.start}\0${variable}`;
    let events = this.events.get(id);
    if (!events) this.events.set(id, (events = this.eventsOf(variable, fn)));
    const before = events.filter((e) => e.at < at);
    // Declared `x *q.T`: later plain assignments keep q's type (a `:=` may declare a new x, and is looked at).
    const declared = before.some((e) => e.kind === 'declared outside');
    const made = (e: OutsideEvent): boolean => e.kind === 'declared outside' || e.kind === 'bound outside';
    return before.some(made) && before.every((e) => made(e) || (e.kind === 'assigned' && declared));
  }

  /**
   * Does `q.F(…)` (q outside the module) give a value of q's own types? A generic function may hand back a value of its
   * arguments' type, one of the module's (`lo.Must(store.New())`, `cmp.Or(a, b)`): taken are a constructor `q.NewX(…)`
   * (a package's `New…` makes its own type) and the standard library's functions, save its packages of generic helpers.
   */
  private makesItsOwn(name: string, fn: string): boolean {
    const importPath = this.outsidePackages.get(name);
    if (importPath === undefined) return false;
    if (fn.startsWith('New')) return true;
    return !importPath.split('/')[0].includes('.') && !GENERIC_STANDARD_PACKAGES.has(importPath);
  }

  private eventsOf(variable: string, fn: Span): OutsideEvent[] {
    const text = this.code.slice(fn.start, fn.end);
    const events: OutsideEvent[] = [];
    // Declared (a parameter, `var x …`): `x *q.T` is q's type whatever is assigned to it later; any other type may be
    // an interface or one of the module's.
    for (const m of mentionsFollowedBy(text, variable, DECLARED_AS)) {
      const type = POINTER_TO_PACKAGE_TYPE.exec(text.slice(m.end, m.end + 200));
      events.push({ at: fn.start + m.at, kind: type && this.outsidePackages.has(type[1]) ? 'declared outside' : 'unknown' });
    }
    // Bound (`x := …`, `x, err = …`, `a, x := …`, `for _, x := range …`) to a value made by q: `&q.T{`, `q.T{`, `q.F(`;
    // anything else (`range xs`, `f()`, `q.T.Field`, `y`) is not known.
    for (const m of mentionsFollowedBy(text, variable, BOUND_BY)) {
      const made = MADE_BY_PACKAGE.exec(text.slice(m.end, m.end + 200));
      const outside = made !== null && (made[4] === '{' ? this.outsidePackages.has(made[2]) : made[1] === '' && this.makesItsOwn(made[2], made[3]));
      events.push({ at: fn.start + m.at, kind: outside ? 'bound outside' : m.operator === '=' ? 'assigned' : 'unknown' });
    }
    return events;
  }
}

/** After a variable's name: its type (`x *q.T`, `x []byte`), in a parameter list or a `var`. */
const DECLARED_AS = /[ \t]+(?=[*\[A-Za-z_])/y;
/** After a variable's name: the rest of the left-hand side, then `:=` or `=` (not `==`). */
const BOUND_BY = /\s*(?:,\s*[A-Za-z_]\w*\s*)*(:=|=(?!=))/y;

/**
 * The mentions of `name` (not after a word character or `.`) that `after` continues, without overlapping, as
 * `text.matchAll(/(?<![\w.])name<after>/g)` finds them. The name is looked for first: a pattern that starts with a
 * look-behind is tried at every offset of the function, once for each variable asked about.
 */
function mentionsFollowedBy(text: string, name: string, after: RegExp): { at: number; end: number; operator: string | undefined }[] {
  const mentions: { at: number; end: number; operator: string | undefined }[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (at > 0 && (isWordChar(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 46)) continue;
    after.lastIndex = at + name.length;
    const m = after.exec(text);
    if (!m) continue;
    mentions.push({ at, end: after.lastIndex, operator: m[1] });
    // The next mention starts after this one, as with a global expression.
    at = after.lastIndex - 1;
  }
  return mentions;
}

/**
 * Call sites by callee, each distinct site once, and equal sites one shared object. Readers ask whether every (or some)
 * site of a callee runs once or repeats, never how many there are; and an index crosses to other threads in its
 * package's summaries, where a structured clone copies each object (a shared one once).
 */
class SiteLists {
  readonly byKey = new Map<string, CallSite[]>();

  /** `shared`: the file's distinct sites, by caller and flags. */
  constructor(private readonly shared: Map<string, CallSite>) {}

  add(key: string, site: CallSite): void {
    const id = `${site.inLoop ? 1 : 0}${site.viaClosure ? 1 : 0}${site.onOtherPackageValue ? 1 : 0}${site.caller}`;
    let one = this.shared.get(id);
    if (!one) this.shared.set(id, (one = site));
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [one]);
    else if (!list.includes(one)) list.push(one);
  }
}

/**
 * The names the file binds to packages of its own module (`import w "example.com/app/writer"` binds w) → import path:
 * only those can have callers to follow here (blank and dot imports are not in `imports`).
 */
function modulePackagesByLocalName(imports: Imports, filePath: string | undefined): Map<string, string> {
  const byName = new Map<string, string>();
  const module = filePath === undefined ? undefined : findModule(path.dirname(filePath));
  if (!module) return byName;
  const prefix = `${module.path}/`;
  for (const [importPath, names] of imports) {
    if (importPath === module.path || importPath.startsWith(prefix)) for (const name of names) byName.set(name, importPath);
  }
  return byName;
}

/**
 * A name (not a keyword) right before `at` on the same line: `f func()`, `Handler func(…)`, a parameter's, field's or
 * variable's type. A function literal is an operand, and no operand follows a name (a line break may end a statement).
 */
function followsPlainName(code: string, at: number): boolean {
  let end = at;
  while (end > 0 && (code.charCodeAt(end - 1) === 32 || code.charCodeAt(end - 1) === 9)) end--;
  let start = end;
  while (start > 0 && isWordChar(code.charCodeAt(start - 1))) start--;
  return start < end && isWordStart(code.charCodeAt(start)) && !KEYWORDS_AND_BUILTINS.has(code.slice(start, end));
}

/** The identifier right before the `.` at `dot` when it is a plain name (`pkg.` but not `x.pkg.` or `f().`). */
function qualifierBefore(code: string, dot: number): string | undefined {
  let start = dot;
  while (start > 0 && isWordChar(code.charCodeAt(start - 1))) start--;
  if (start === dot || !isWordStart(code.charCodeAt(start)) || (start > 0 && code.charCodeAt(start - 1) === 46)) return undefined;
  return code.slice(start, dot);
}

/**
 * The name at `node` is the action a command builder takes (isBuilderActionArgument): a function (`Action(runSync)`)
 * or a method value of a variable (`Action(c.ping)`, not a package's function `Action(pkg.Run)`).
 */
function isBuilderAction(node: SyntaxNode, isMethodValue: boolean, packageNames: ReadonlySet<string>): boolean {
  let argument: SyntaxNode | null = node;
  if (isMethodValue) {
    argument = node.type === 'field_identifier' && node.parent?.type === 'selector_expression' ? node.parent : null;
    const operand = argument?.childForFieldName('operand');
    if (operand?.type !== 'identifier' || packageNames.has(operand.text)) return false;
  } else if (node.type !== 'identifier') {
    return false;
  }
  return argument !== null && argument.parent?.type === 'argument_list' && isBuilderActionArgument(argument, argument.parent);
}

/**
 * `x.Action(<node>)`, `x.NewSubCommandFunction(name, description, <node>)`: the node is the last argument, in `list`, of
 * a call of a command builder's method that takes the command's action (BUILDER_ACTION_METHODS).
 */
function isBuilderActionArgument(node: SyntaxNode, list: SyntaxNode): boolean {
  const call = list.parent;
  if (call?.type !== 'call_expression') return false;
  const count = BUILDER_ACTION_METHODS.get(methodCall(call)?.method ?? '');
  return count !== undefined && list.namedChildCount === count && list.namedChild(count - 1)?.id === node.id;
}

/**
 * Visits the identifiers of `code` that are called (`(` next) or end a value (ENDS_A_VALUE next), with the offset of
 * the `.` before them if they are selected (selectorDotBefore; -1 if not), and the selectors followed by `[`
 * (`pkg.Name[T](…)`, an instantiation). The other words (types, packages, assigned names) are passed over without being
 * cut out of the text. A scan by character codes, handing plain values to the visitor: a regular expression, or a
 * generator of records, over every word of a file allocates an object per word.
 */
function forEachCallOrValue(code: string, visit: (name: string, at: number, dotAt: number, called: boolean, indexed: boolean) => void): void {
  const n = code.length;
  for (let i = 0; i < n; i++) {
    if (!isWordStart(code.charCodeAt(i)) || (i > 0 && isWordChar(code.charCodeAt(i - 1)))) continue;
    let end = i + 1;
    while (end < n && isWordChar(code.charCodeAt(end))) end++;
    let next = end;
    while (next < n && (code.charCodeAt(next) === 32 || code.charCodeAt(next) === 9)) next++;
    const following = next < n ? code.charCodeAt(next) : 10;
    const dotAt = selectorDotBefore(code, i);
    if (following === 40 || ENDS_A_VALUE.has(following) || (dotAt >= 0 && following === 91)) visit(code.slice(i, end), i, dotAt, following === 40, following === 91);
    i = end;
  }
}

/**
 * The offset of the `.` that makes the name at `at` a selector, or -1: right before it, or at the end of an earlier
 * line (`client.\n\tRun()`, where gofmt leaves a chain's dot), comments being blanked.
 */
function selectorDotBefore(code: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && (code.charCodeAt(i) === 32 || code.charCodeAt(i) === 9 || code.charCodeAt(i) === 10 || code.charCodeAt(i) === 13)) i--;
  return i >= 0 && code.charCodeAt(i) === 46 ? i : -1;
}

/**
 * What can follow a function used as a value (`f(a, handle)`, `h := handle`, `{Handler: handle}`, `return handle`):
 * `,` `)` `}` `]` `;` or the end of the line. Not `.`, `=`, `{`, `:` or a type, which follow packages, receivers,
 * assigned names, parameters and fields.
 */
const ENDS_A_VALUE: ReadonlySet<number> = new Set([44, 41, 125, 93, 59, 10, 13]);

/** A name that starts with a lower-case letter or `_`: not visible outside its package. */
function isUnexported(name: string): boolean {
  const c = name.charCodeAt(0);
  return (c >= 97 && c <= 122) || c === 95;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** Places a call by its offset: the function it runs in (closures followed out), and whether a loop repeats it. */
class SitePlacer {
  private readonly roles = new Map<number, ReturnType<typeof closureRole>>();
  private readonly literals: NestedSpans<Span & { node: SyntaxNode }>;
  private readonly loops: NestedSpans<Span>;

  constructor(
    private readonly topLevel: readonly (Span & { key: string })[],
    loops: readonly Span[],
    literals: readonly (Span & { node: SyntaxNode })[],
  ) {
    this.literals = new NestedSpans(literals);
    this.loops = new NestedSpans(loops);
  }

  place(offset: number): CallSite {
    let viaClosure = false;
    let inLoop = false;
    let at: Span = { start: offset, end: offset + 1 };
    for (let depth = 0; depth < MAX_CLOSURE_DEPTH; depth++) {
      const literal = this.literals.innermostAround(at);
      const last = lastStartingBy(this.topLevel, at.start);
      const declaration = last && at.end <= last.end ? last : undefined;
      const fn: Span | undefined = literal ?? declaration;
      if (!fn) return { inLoop, caller: MANY_CALLER, viaClosure };
      // Loops nest: if any loop around the call lies within fn, the innermost one around it does.
      const loop: Span | undefined = inLoop ? undefined : this.loops.innermostAround(at);
      inLoop ||= loop !== undefined && fn.start <= loop.start && loop.end <= fn.end;
      if (!literal) return { inLoop, caller: declaration!.key, viaClosure };
      let role = this.roles.get(literal.start);
      if (role === undefined) this.roles.set(literal.start, (role = closureRole(literal.node, this.inLoopOfItsFunction(literal))));
      if (role === 'loop') return { inLoop: true, caller: MANY_CALLER, viaClosure };
      // A retried closure, like an invoked one, runs (a bounded number of times) per run of the function around it.
      if (role !== 'invoked' && role !== 'retried') return { inLoop, caller: role === 'once' ? ONCE_CALLER : role === 'callback' ? MANY_CALLER : VALUE_CALLER, viaClosure };
      viaClosure = true;
      at = literal;
    }
    return { inLoop, caller: MANY_CALLER, viaClosure };
  }

  /** A loop body holds the span with no function in between: the innermost loop around it lies in its function. */
  private inLoopOfItsFunction(span: Span): boolean {
    const loop = this.loops.innermostAround(span);
    if (!loop) return false;
    const last = lastStartingBy(this.topLevel, span.start);
    const fn: Span | undefined = this.literals.innermostAround(span) ?? (last && span.end <= last.end ? last : undefined);
    return fn !== undefined && fn.start <= loop.start && loop.end <= fn.end;
  }
}

/**
 * Spans in source order that nest or are disjoint (function literals, loop bodies), each with the index of the span
 * around it: the innermost one around an offset is found by a binary search and a few steps out, not a scan.
 */
class NestedSpans<T extends Span> {
  private readonly spans: readonly T[];
  /** For each span, the index of the span around it, or -1. */
  private readonly containers: number[] = [];

  /** Sorted by start here: a loop in a `for` header's closure has its body before the header's loop body. */
  constructor(spans: readonly T[]) {
    this.spans = [...spans].sort((a, b) => a.start - b.start);
    const open: number[] = [];
    for (const [i, l] of this.spans.entries()) {
      while (open.length > 0 && this.spans[open[open.length - 1]].end <= l.start) open.pop();
      this.containers.push(open.length > 0 ? open[open.length - 1] : -1);
      open.push(i);
    }
  }

  /**
   * The smallest span strictly around `span`: from the last one that starts at or before it, out through the spans
   * around that one (in source order, each span's container comes before it).
   */
  innermostAround(span: Span): T | undefined {
    let low = 0;
    let high = this.spans.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.spans[mid].start <= span.start) low = mid + 1;
      else high = mid;
    }
    for (let i = low - 1; i >= 0; i = this.containers[i]) {
      const l = this.spans[i];
      if (span.end <= l.end && !(l.start === span.start && l.end === span.end)) return l;
    }
    return undefined;
  }
}

/**
 * The last of `spans` (in source order, none overlapping: top-level declarations) that starts at or before `offset`:
 * the only one that can hold it. A binary search: a file has hundreds of declarations and thousands of calls.
 */
function lastStartingBy<T extends Span>(spans: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid].start <= offset) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? spans[low - 1] : undefined;
}

/** How deep closures inside closures are followed out to their function. */
const MAX_CLOSURE_DEPTH = 8;

/**
 * What a function literal amounts to: `once` for a command-table entry (`Run: func(…) {…}`, `{"sync", func(…) {…}}`),
 * a builder's action (`cmd.Action(func(*kingpin.ParseContext) error {…})`), the closure of `once.Do` (a receiver named
 * so or declared a sync.Once) or of `sync.OnceFunc`; `invoked` for `func() {…}()`, `go func() {…}()`, an actor of an
 * oklog/run group (`g.Add(func() error {…}, …)`) and the function of an errgroup's or a WaitGroup's `Go`, which run
 * once per run of the function around them; `retried` when handed to a
 * bounded-retry helper (BOUNDED_RETRIES), which runs it a fixed number of times at most per run of the function around
 * it; `loop` inside a loop; `callback` when handed to another function (a handler, a callback); `value` otherwise
 * (returned, assigned, kept in a struct). `inLoop`: whether a loop of the function around the literal holds it, when
 * the caller knows (from offsets) without climbing the tree.
 */
export function closureRole(literal: SyntaxNode, inLoop: boolean = enclosingLoop(literal) !== null): 'once' | 'invoked' | 'retried' | 'loop' | 'callback' | 'value' {
  if (inLoop) return 'loop';
  // The parent and its type, read once: each read crosses the wasm boundary. Each shape below needs its own parent type.
  const parent = literal.parent;
  switch (parent?.type) {
    case 'literal_element':
      return 'once';
    case 'expression_list':
      return assignedToCommandAction(parent) ? 'once' : 'value';
    case 'argument_list': {
      // A command builder's action (isBuilderActionArgument), or the closure of `once.Do`.
      if (isBuilderActionArgument(literal, parent)) return 'once';
      const call = parent.parent;
      if (call?.type !== 'call_expression') return 'callback';
      const target = methodCall(call);
      if (target?.method === 'Do' && /once/i.test(target.receiver.text)) return 'once';
      const imports = topLevelDeclarations(literal.tree).imports;
      if (target?.method === 'Do' && declaredAs(literal, target.receiver, imports, 'sync', 'Once')) return 'once';
      if (isPackageCall(call, imports, 'sync', ['OnceFunc', 'OnceValue', 'OnceValues'])) return 'once';
      if (target && parent.namedChild(0)?.id === literal.id && runsOnceInAGoroutine(literal, target, imports)) return 'invoked';
      return isBoundedRetry(call, imports) ? 'retried' : 'callback';
    }
    case 'call_expression':
      return parent.childForFieldName('function')?.id === literal.id ? 'invoked' : 'value';
    default:
      return 'value';
  }
}

/**
 * Actor groups whose `Add(execute, interrupt)` runs `execute` once, in a goroutine of its own, when the group's `Run` is
 * called: oklog/run, and the `group` package oklog kept before it. The actor belongs to the function that runs the
 * group (main, a command's action), like a closure it invokes.
 */
const RUN_GROUPS: readonly string[] = ['github.com/oklog/run', 'github.com/oklog/oklog/pkg/group'];

/**
 * Groups that run the function given to a method once, in a goroutine of their own: an errgroup's `Go` (golang.org/x/sync,
 * also made by `errgroup.WithContext`), a `sync.WaitGroup`'s `Go` (Go 1.25), and the actor groups (RUN_GROUPS).
 */
function runsOnceInAGoroutine(literal: SyntaxNode, target: { receiver: SyntaxNode; method: string }, imports: Imports): boolean {
  if (target.method === 'Add') return RUN_GROUPS.some((g) => declaredAs(literal, target.receiver, imports, g, 'Group'));
  if (target.method !== 'Go') return false;
  return declaredAs(literal, target.receiver, imports, 'golang.org/x/sync/errgroup', 'Group', 'WithContext') || declaredAs(literal, target.receiver, imports, 'sync', 'WaitGroup');
}

/**
 * Is `receiver` (`widthChange`, `s.initOnce`) declared in its file with the type `importPath`.`typeName`, as a variable
 * or a struct field (`widthChange sync.Once`, `var g run.Group`, `g := &run.Group{}`, `g := new(errgroup.Group)`), or
 * bound to the result of the package's `constructor` (`g, ctx := errgroup.WithContext(ctx)`)? By name: a field of that
 * name in another struct of the file would be taken for it, a risk worth running for a declaration this explicit.
 */
function declaredAs(literal: SyntaxNode, receiver: SyntaxNode, imports: Imports, importPath: string, typeName: string, constructor?: string): boolean {
  const name = /(\w+)$/.exec(receiver.text)?.[1];
  // A dot or blank import names no package to qualify with.
  const packages = imports.get(importPath)?.filter((p) => /^\w+$/.test(p) && p !== '_');
  if (!name || !packages || packages.length === 0) return false;
  const qualifier = `(?:${packages.join('|')})\\.`;
  const shapes = [
    `\\b${name}\\s+\\*?${qualifier}${typeName}\\b`,
    `\\b${name}\\s*:?=\\s*(?:&?\\s*${qualifier}${typeName}\\s*\\{|new\\(\\s*${qualifier}${typeName}\\s*\\))`,
    ...(constructor ? [`\\b${name}\\s*(?:,\\s*\\w+\\s*)*:?=\\s*${qualifier}${constructor}\\s*\\(`] : []),
  ];
  return new RegExp(shapes.join('|')).test(rootOf(literal.tree).text);
}

/** `app.Action = func(…) {…}`, `cmd.RunE = func(…) {…}`: the literal (`right`: its parent, an expression list) becomes a command's action. */
function assignedToCommandAction(right: SyntaxNode): boolean {
  const assignment = right.parent;
  if (assignment?.type !== 'assignment_statement') return false;
  if (assignment.childForFieldName('right')?.id !== right.id || right.namedChildCount !== 1) return false;
  const target = assignment.childForFieldName('left')?.namedChild(0);
  return target?.type === 'selector_expression' && COMMAND_ACTION_KEYS.test(target.childForFieldName('field')?.text ?? '');
}

/**
 * Helpers known to run their callbacks a bounded number of times: k8s.io/client-go/util/retry's `OnError` and
 * `RetryOnConflict` stop after the Steps of their `wait.Backoff`, a count fixed by the caller. `wait.Until`,
 * `wait.Poll*` and `wait.Forever` are not among them: they run until a condition, a channel or a context says stop.
 */
const BOUNDED_RETRIES: readonly { importPath: string; names: readonly string[] }[] = [
  { importPath: 'k8s.io/client-go/util/retry', names: ['OnError', 'RetryOnConflict'] },
];

function isBoundedRetry(call: SyntaxNode, imports: Imports): boolean {
  return BOUNDED_RETRIES.some((helper) => isPackageCall(call, imports, helper.importPath, helper.names));
}
