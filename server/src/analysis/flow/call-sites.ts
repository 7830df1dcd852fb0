// Where each function of a package is used, file by file: the facts runs-once.ts needs to judge a function whose
// callers live in another file of the package (main.go calls run, cli.go's run calls startDaemon in daemon.go). A
// file's index is part of its package summary (engine/summaries.ts), so it crosses to its siblings without a tree.
// Built from regular-expression passes over the text and a lookup of the few nodes they point at: walking every node
// through the wasm boundary would cost more than the parse.
import { enclosingFunction, enclosingLoop, methodCall } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';

/** A caller that runs once per process invocation whatever calls it (a command-table entry, a once.Do closure). */
export const ONCE_CALLER = '#once';
/** A caller that may run any number of times (a callback handed to another function, a closure kept as a value). */
export const MANY_CALLER = '#many';

export interface CallSite {
  /** Inside a loop of its function (or of a closure around it). */
  inLoop: boolean;
  /** The function the call runs in: a function name, '.' + a method name, ONCE_CALLER or MANY_CALLER. */
  caller: string;
  /** The call sits in a closure run by `caller` (`go func() { … }()`): the closure runs once per run of the caller. */
  viaClosure: boolean;
}

export interface CallIndex {
  /** Calls by callee: a function name, or '.' + a method name for the methods declared in this file. */
  calls: Map<string, CallSite[]>;
  /** Names mentioned as values (not called, not a command action) outside a function of the same name. */
  values: Set<string>;
  /** Struct types whose fields carry a command-line parser's tags (`cmd:""`, `arg:""`, `help:"…"`): kong-style commands. */
  commandTypes: Set<string>;
}

const KEYWORDS_AND_BUILTINS = new Set(
  ('break case chan const continue default defer else fallthrough for func go goto if import interface map package range ' +
    'return select struct switch type var append cap clear close complex copy delete imag len make max min new panic ' +
    'print println real recover nil true false iota string bool byte rune error any int int8 int16 int32 int64 uint uint8 ' +
    'uint16 uint32 uint64 uintptr float32 float64 complex64 complex128').split(' '),
);

/** Fields of cobra's and urfave/cli's command structs that hold the function a command runs. */
export const COMMAND_ACTION_KEYS = /^(?:Action|(?:Persistent)?(?:Pre|Post)?RunE?)$/;

/** A struct field tag of a command-line parser that builds commands from structs (kong, go-arg). */
const COMMAND_TAG = /`[^`\n]*\b(?:cmd:""|arg:""|help:")/;

/** Comments and string literals blanked out (same length), so that names in them are not taken for uses. */
function codeOnly(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|`[^`]*`|'(?:\\.|[^'\\\n])*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

const cache = new WeakMap<GoFile, CallIndex>();

export function callIndexOf(file: GoFile): CallIndex {
  let index = cache.get(file);
  if (!index) cache.set(file, (index = computeIndex(file)));
  return index;
}

function computeIndex(file: GoFile): CallIndex {
  const root = file.tree.rootNode;
  const code = codeOnly(file.text);
  const topLevel: { start: number; end: number; key: string }[] = [];
  const methods = new Set<string>();
  const commandTypes = new Set<string>();
  for (const decl of root.namedChildren) {
    if (decl?.type === 'type_declaration') {
      for (const spec of decl.namedChildren) {
        const name = spec?.childForFieldName('name')?.text;
        if (name && spec?.childForFieldName('type')?.type === 'struct_type' && COMMAND_TAG.test(spec.text)) commandTypes.add(name);
      }
    }
    if (decl?.type !== 'function_declaration' && decl?.type !== 'method_declaration') continue;
    const name = decl.childForFieldName('name')?.text;
    if (!name) continue;
    if (decl.type === 'method_declaration') methods.add(name);
    topLevel.push({ start: decl.startIndex, end: decl.endIndex, key: decl.type === 'method_declaration' ? `.${name}` : name });
  }
  const enclosingKey = (offset: number): string | undefined => topLevel.find((d) => d.start <= offset && offset < d.end)?.key;
  const calls = new Map<string, CallSite[]>();
  const add = (key: string, site: CallSite): void => {
    const list = calls.get(key);
    if (list) list.push(site);
    else calls.set(key, [site]);
  };
  const values = new Set<string>();
  const actions = new Set<number>();
  // `Action: send`, `RunE: runServe`: a command table's action runs once per invocation, like a literal there.
  for (const match of code.matchAll(/\b(\w+)\s*:\s*([A-Za-z_]\w*)\b(?!\s*[.(\[{])/g)) {
    if (!COMMAND_ACTION_KEYS.test(match[1])) continue;
    const offset = match.index + match[0].length - match[2].length;
    const node = root.namedDescendantForIndex(offset, offset);
    if (node?.type !== 'identifier' || node.parent?.type !== 'literal_element' || node.parent.parent?.type !== 'keyed_element') continue;
    actions.add(offset);
    add(match[2], { inLoop: enclosingLoop(node) !== null, caller: ONCE_CALLER, viaClosure: false });
  }
  // Plain calls `name(…)` and calls `x.name(…)` of this file's methods (a method by its name alone).
  for (const match of code.matchAll(/(\.?)([A-Za-z_]\w*)\s*\(/g)) {
    const [, dot, name] = match;
    if (dot ? !methods.has(name) : KEYWORDS_AND_BUILTINS.has(name)) continue;
    const offset = match.index + dot.length;
    const node = root.namedDescendantForIndex(offset, offset);
    if (!node || node.text !== name) continue;
    const callee = dot ? node.parent : node;
    if (dot && callee?.type !== 'selector_expression') continue;
    const call = callee?.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee!.id) continue;
    add(dot ? `.${name}` : name, siteOf(call));
  }
  // Any other mention of a name is a use as a value (a handler, a callback) that may run many times; inside the
  // function of that name it is a local that shadows it.
  for (const match of code.matchAll(/(\.?)\b([A-Za-z_]\w*)\b(?!\s*\()/g)) {
    const [, dot, name] = match;
    if (KEYWORDS_AND_BUILTINS.has(name) || (dot && !methods.has(name))) continue;
    const offset = match.index + dot.length;
    if (actions.has(offset)) continue;
    const key = dot ? `.${name}` : name;
    if (!values.has(key) && enclosingKey(offset) !== key) values.add(key);
  }
  return { calls, values, commandTypes };
}

/** Where a call runs: its function, or what a closure around it amounts to. */
function siteOf(call: SyntaxNode): CallSite {
  const inLoop = enclosingLoop(call) !== null;
  let viaClosure = false;
  for (let fn = enclosingFunction(call), depth = 0; fn && depth < MAX_CLOSURE_DEPTH; fn = enclosingFunction(fn), depth++) {
    if (fn.type !== 'func_literal') {
      const name = fn.childForFieldName('name')?.text ?? '';
      return { inLoop, caller: fn.type === 'method_declaration' ? `.${name}` : name, viaClosure };
    }
    const role = closureRole(fn);
    if (role === 'loop') return { inLoop: true, caller: MANY_CALLER, viaClosure };
    if (role !== 'invoked') return { inLoop, caller: role === 'once' ? ONCE_CALLER : MANY_CALLER, viaClosure };
    viaClosure = true;
  }
  return { inLoop, caller: MANY_CALLER, viaClosure };
}

/** How deep closures inside closures are followed out to their function. */
const MAX_CLOSURE_DEPTH = 8;

/**
 * What a function literal amounts to: `once` for a command-table entry (`Run: func(…) {…}`, `{"sync", func(…) {…}}`)
 * or the closure of `once.Do`; `invoked` for `func() {…}()` and `go func() {…}()`, which run once per run of the
 * function around them; `loop` inside a loop; `many` otherwise (a handler, a callback, a value).
 */
export function closureRole(literal: SyntaxNode): 'once' | 'invoked' | 'loop' | 'many' {
  if (enclosingLoop(literal)) return 'loop';
  if (literal.parent?.type === 'literal_element' || assignedToCommandAction(literal)) return 'once';
  const call = literal.parent?.type === 'argument_list' ? literal.parent.parent : null;
  const target = call?.type === 'call_expression' ? methodCall(call) : null;
  if (target?.method === 'Do' && /once/i.test(target.receiver.text)) return 'once';
  const invoked = literal.parent?.type === 'call_expression' && literal.parent.childForFieldName('function')?.id === literal.id;
  return invoked ? 'invoked' : 'many';
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
