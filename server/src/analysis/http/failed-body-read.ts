// "Does this response leak only where its body was read through?" In net/http's transport, a read of a response body
// that fails (a reset connection, a timeout, a body cut short) tears the connection down: the body's first error is
// reported to the connection's read loop as "not at EOF", and the read loop closes the connection and ends, so nothing
// is held on that path even if Body.Close is never called. Only reads whose every error comes from the body are
// taken: io.ReadAll / ioutil.ReadAll of `resp.Body` (or of io.LimitReader(resp.Body, n)). A decoder (json.Decoder)
// fails on bad data with the connection still open, and io.Copy can fail on its writer: neither counts.
// Known gap, accepted: a transparently gunzipped body whose gzip data is corrupt fails in the decompressor, above the
// transport's read, and a custom RoundTripper may not tear down; those paths hold the connection until the process
// recycles it.
// A body read to EOF releases its connection too: the transport's bodyEOFSignal hands the connection back to the idle
// pool on EOF, closed or not. So a read that runs to the end either way (io.ReadAll / ioutil.ReadAll of `resp.Body`
// itself, io.Copy / io.CopyBuffer of it into any writer, or a helper of the same file that does one of those to its
// parameter before it can return) releases every path that follows it. A LimitReader or io.CopyN stops short of EOF,
// and a decoder stops at the end of its value: neither counts on its success path.
// Known gap, accepted: a copy whose writer fails (a client gone away) stops before EOF and holds the connection until
// the process recycles it; the writers seen in practice are buffers, files and response writers of live requests.
import { packageCall, rootOf, statementsOf, unparen, type Imports } from '../ast';
import type { Acquisition } from '../engine/lifecycle';
import { failureBranch } from '../flow/error-branch';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { contains } from '../concurrency/syntax';

const READ_ALL = [
  { importPath: 'io', name: 'ReadAll' },
  { importPath: 'io/ioutil', name: 'ReadAll' },
];

/**
 * True when every leaking exit of the response follows a read of its Body to the end, or lies in the error branch of
 * a failed io.ReadAll of it.
 */
export function leaksOnlyWhereBodyReadThrough(a: Acquisition, file: GoFile, imports: Imports): boolean {
  if (a.discarded || !a.name || a.leaks.length === 0) return false;
  const name = a.name;
  const isBody = (e: SyntaxNode): boolean => isBodyOf(e, name);
  const reads = (s: SyntaxNode | null): boolean => s !== null && s.startIndex > a.call.endIndex && statementReadsToEnd(s, isBody, imports, file);
  const readsThrough = (s: SyntaxNode | null): boolean => reads(s) || (s !== null && readsWhereResponseHeld(s, a, reads, imports));
  const throughRead = readAfterAcquisition(a, readsThrough, imports);
  return a.leaks.every(
    (leak) =>
      returnsReadThrough(leak.node, isBody, imports, file) ||
      failedReadBranchAround(leak.node, name, a.fn, imports) !== null ||
      readBefore(leak.node, a.fn, readsThrough) ||
      (leak.reason === 'overwritten' && readLaterInTheTurn(leak.node, a.fn, readsThrough)) ||
      (throughRead !== null && leak.node.startIndex > throughRead.startIndex),
  );
}

/**
 * `if resp != nil { …; io.Copy(w, resp.Body) }` (or `if err == nil`), with no else: the path that skips the branch
 * holds no response, and the one through it reads the body through before it can leave the branch (no jump or return
 * before the read; a return there is a leak of its own, judged on its own). So the whole `if` reads through. The same
 * holds for `if err != nil { … } else if <read through>; … { … }`: only the else branch holds the response, and its
 * initializer reads first.
 */
function readsWhereResponseHeld(s: SyntaxNode, a: Acquisition, reads: (s: SyntaxNode | null) => boolean, imports: Imports): boolean {
  if (s.type !== 'if_statement') return false;
  const condition = s.childForFieldName('condition');
  const failure = condition ? failureBranch(condition, { errName: a.errName, name: a.name }, imports) : null;
  const alternative = s.childForFieldName('alternative');
  // `if err != nil { … } else if body, err := io.ReadAll(resp.Body); err != nil { … } else …`: the failing branch holds
  // no response, and the other one reads the body through before anything else.
  if (failure?.branch === 'then') return alternative?.type === 'if_statement' && reads(alternative.childForFieldName('initializer'));
  if (!condition || alternative || failure?.branch !== 'else') return false;
  for (const statement of statementsOf(s.childForFieldName('consequence'))) {
    if (reads(statement)) return true;
    if (JUMPS.includes(statement.type) || statement.type === 'return_statement' || statement.descendantsOfType([...JUMPS, 'return_statement']).length > 0) return false;
  }
  return false;
}

/**
 * The read that every path on from the acquisition passes before it can leave the block holding both: a statement that
 * reads through, later in a block around the acquisition, with no `break`, `continue` or `goto` between them but in
 * the acquisition's own error branch (the response is nil there). A `return` between them is a leak of its own, judged
 * on its own. So an exit found after that read (the end of a loop's iteration, a later return) comes after it on every
 * path. Null when there is no such read.
 */
function readAfterAcquisition(a: Acquisition, readsThrough: (s: SyntaxNode | null) => boolean, imports: Imports): SyntaxNode | null {
  const acquisition = a.statement ?? a.call;
  for (let p: SyntaxNode | null = acquisition; p && p.id !== a.fn?.id; p = p.parent) {
    const list = p.parent;
    if (list?.type !== 'statement_list' && list?.type !== 'block') continue;
    const siblings = statementsOf(list);
    const read = siblings.slice(siblings.findIndex((s) => s.id === p!.id) + 1).find(readsThrough);
    if (!read) continue;
    return jumpsBetween(list, acquisition, read, a, imports) ? null : read;
  }
  return null;
}

const JUMPS = ['break_statement', 'continue_statement', 'goto_statement'];

/** True when a jump lies between the acquisition and the read, outside the acquisition's own error branch. */
function jumpsBetween(list: SyntaxNode, acquisition: SyntaxNode, read: SyntaxNode, a: Acquisition, imports: Imports): boolean {
  return list.descendantsOfType(JUMPS).some(
    (jump) =>
      jump !== null && jump.startIndex > acquisition.endIndex && jump.endIndex < read.startIndex && !inAcquisitionErrorBranch(jump, acquisition, a, imports),
  );
}

/** `jump` lies in the then-branch of the `if err != nil` right after the acquisition (its response is nil there). */
function inAcquisitionErrorBranch(jump: SyntaxNode, acquisition: SyntaxNode, a: Acquisition, imports: Imports): boolean {
  for (let p = jump.parent; p; p = p.parent) {
    if (p.type !== 'if_statement' || p.startIndex < acquisition.endIndex) continue;
    const consequence = p.childForFieldName('consequence');
    const condition = p.childForFieldName('condition');
    if (!consequence || !condition || !contains(consequence, jump)) continue;
    const follows = p.id === acquisition.id || previousStatement(p)?.id === acquisition.id;
    if (follows && failureBranch(condition, { errName: a.errName, name: a.name }, imports)?.branch === 'then') return true;
  }
  return false;
}

/** True when a statement that dominates `node` (earlier in a block around it, or the initializer of an if around it) reads through. */
function readBefore(node: SyntaxNode, fn: SyntaxNode | null, readsThrough: (s: SyntaxNode | null) => boolean): boolean {
  // A leak at a closing brace leaves after every statement of its block.
  const start = node.type === '}' && node.parent ? node.parent : node;
  if (start.type === 'block' && statementsOf(start).some(readsThrough)) return true;
  for (let p: SyntaxNode | null = start; p && p.id !== fn?.id; p = p.parent) {
    if (p.type === 'if_statement' && p.id !== start.id && readsThrough(p.childForFieldName('initializer'))) return true;
    const list = p.parent;
    if (list?.type !== 'statement_list' && list?.type !== 'block') continue;
    const siblings = statementsOf(list);
    const index = siblings.findIndex((s) => s.id === p!.id);
    if (siblings.slice(0, Math.max(index, 0)).some(readsThrough)) return true;
  }
  return false;
}

/**
 * `for { resp, err = client.Do(req); …; defer resp.Body.Close(); body, err := io.ReadAll(resp.Body); … }`: the
 * response a turn left open is overwritten by the next turn's call (`node`, inside the statement of the loop body
 * that makes it). It was read to the end when a later statement of that same list reads it through, and nothing
 * between the two can skip to the next turn (`continue`, `goto`): every turn that goes around has pooled the
 * connection first.
 */
function readLaterInTheTurn(node: SyntaxNode, fn: SyntaxNode | null, readsThrough: (s: SyntaxNode | null) => boolean): boolean {
  // Within the turn: a read after the loop comes too late for the turn that goes around.
  for (let p: SyntaxNode | null = node; p && p.id !== fn?.id && p.type !== 'for_statement'; p = p.parent) {
    const list = p.parent;
    if (list?.type !== 'statement_list' && list?.type !== 'block') continue;
    const later = statementsOf(list).filter((s) => s.startIndex > p!.startIndex);
    const read = later.findIndex(readsThrough);
    if (read < 0) continue;
    return !later.slice(0, read).some((s) => /\b(?:continue|goto)\b/.test(s.text));
  }
  return false;
}

/** `return io.ReadAll(resp.Body)`: the exit itself reads the body to the end before the function returns. */
function returnsReadThrough(exit: SyntaxNode, isSubject: (e: SyntaxNode) => boolean, imports: Imports, file: GoFile): boolean {
  if (exit.type !== 'return_statement') return false;
  const list = exit.namedChild(0);
  const values = list?.type === 'expression_list' ? list.namedChildren.filter((c) => c?.type !== 'comment') : list ? [list] : [];
  const call = values.length === 1 && values[0] ? unparen(values[0]) : null;
  return call?.type === 'call_expression' && callReadsToEnd(call, isSubject, imports, file);
}

/** `io.ReadAll(x)`, `_, err = io.Copy(w, x)`, `s, err := helper(x)`… as a statement, where isSubject(x). */
function statementReadsToEnd(statement: SyntaxNode, isSubject: (e: SyntaxNode) => boolean, imports: Imports, file: GoFile | null): boolean {
  let expression: SyntaxNode | null | undefined = null;
  if (statement.type === 'expression_statement') expression = statement.namedChild(0);
  else if (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') {
    const right = statement.childForFieldName('right')?.namedChildren ?? [];
    expression = right.length === 1 ? right[0] : null;
  }
  const call = expression ? unparen(expression) : null;
  return call?.type === 'call_expression' && callReadsToEnd(call, isSubject, imports, file);
}

function callReadsToEnd(call: SyntaxNode, isSubject: (e: SyntaxNode) => boolean, imports: Imports, file: GoFile | null): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const target = packageCall(call, imports);
  if (target && READ_ALL.some((r) => r.importPath === target.importPath && r.name === target.name)) {
    return args.length === 1 && args[0] !== null && isSubject(unparen(args[0]));
  }
  if (target?.importPath === 'io' && (target.name === 'Copy' || target.name === 'CopyBuffer')) {
    const [writer, reader] = args;
    return !!writer && !!reader && isSubject(unparen(reader));
  }
  // One level of same-file helper: a helper of a helper is not followed.
  const fn = call.childForFieldName('function');
  if (!file || fn?.type !== 'identifier') return false;
  const index = args.findIndex((arg) => arg !== null && isSubject(unparen(arg)));
  return index >= 0 && helperReadsParamToEnd(file, fn.text, index, imports);
}

/** True when the file's function `name` reads its parameter `index` to the end before any statement that can return. */
function helperReadsParamToEnd(file: GoFile, name: string, index: number, imports: Imports): boolean {
  const decl = rootOf(file.tree).namedChildren.find((d) => d?.type === 'function_declaration' && d.childForFieldName('name')?.text === name);
  const param = decl ? parameterNames(decl)[index] : undefined;
  if (!decl || !param || param === '_') return false;
  const isParam = (e: SyntaxNode): boolean => e.type === 'identifier' && e.text === param;
  for (const statement of statementsOf(decl.childForFieldName('body'))) {
    if (statementReadsToEnd(statement, isParam, imports, null)) return true;
    if (statement.type === 'return_statement' || statement.descendantsOfType('return_statement').length > 0) return false;
  }
  return false;
}

/** The parameter names in order (`a, b int` gives two), '' for an unnamed one; none at all when a variadic parameter makes positions unreliable. */
function parameterNames(decl: SyntaxNode): string[] {
  const names: string[] = [];
  for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p?.type !== 'parameter_declaration') return [];
    const declared = p.childrenForFieldName('name');
    if (declared.length === 0) names.push('');
    for (const n of declared) if (n) names.push(n.text);
  }
  return names;
}

function isBodyOf(e: SyntaxNode, name: string): boolean {
  return e.type === 'selector_expression' && e.childForFieldName('operand')?.text === name && e.childForFieldName('field')?.text === 'Body';
}

/** The then-branch, around `node`, of an `if err != nil` that tests the error of reading `<name>.Body` to the end. */
function failedReadBranchAround(node: SyntaxNode, name: string, fn: SyntaxNode | null, imports: Imports): SyntaxNode | null {
  for (let p = node.parent; p && p.id !== fn?.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const consequence = p.childForFieldName('consequence');
    const condition = p.childForFieldName('condition');
    if (!consequence || !condition || !contains(consequence, node)) continue;
    const errName = readAllErrorName(p.childForFieldName('initializer'), name, imports) ?? readAllErrorName(previousStatement(p), name, imports);
    const failure = errName ? failureBranch(condition, { errName, name: null }, imports) : null;
    if (failure?.branch === 'then' && failure.subject === 'error') return consequence;
  }
  return null;
}

function previousStatement(statement: SyntaxNode): SyntaxNode | null {
  const list = statement.parent;
  if (list?.type !== 'statement_list') return null;
  const siblings = statementsOf(list);
  const index = siblings.findIndex((s) => s.id === statement.id);
  return index > 0 ? siblings[index - 1] : null;
}

/** For `data, err := io.ReadAll(resp.Body)` (`=` too), the error variable `err`; null for anything else. */
function readAllErrorName(statement: SyntaxNode | null, name: string, imports: Imports): string | null {
  if (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement') return null;
  const left = statement.childForFieldName('left')?.namedChildren ?? [];
  const right = statement.childForFieldName('right')?.namedChildren ?? [];
  const call = right.length === 1 && right[0] ? unparen(right[0]) : null;
  if (call?.type !== 'call_expression' || left.length !== 2) return null;
  const target = packageCall(call, imports);
  if (!target || !READ_ALL.some((r) => r.importPath === target.importPath && r.name === target.name)) return null;
  const source = call.childForFieldName('arguments')?.namedChild(0);
  if (!source || !readsBodyOf(source, name, imports)) return null;
  const err = left[1];
  return err?.type === 'identifier' && err.text !== '_' ? err.text : null;
}

/** `resp.Body`, or `io.LimitReader(resp.Body, n)`: every error of a read comes from the body. */
function readsBodyOf(source: SyntaxNode, name: string, imports: Imports): boolean {
  const e = unparen(source);
  if (e.type === 'selector_expression') return isBodyOf(e, name);
  if (e.type !== 'call_expression') return false;
  const target = packageCall(e, imports);
  const inner = e.childForFieldName('arguments')?.namedChild(0);
  return target?.importPath === 'io' && target.name === 'LimitReader' && inner !== null && inner !== undefined && readsBodyOf(inner, name, imports);
}
