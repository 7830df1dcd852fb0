// The engine's entry point for rules: find each acquisition of a kind, bind it to its variable, walk the paths of
// the enclosing function, and return what leaked where. Rules turn the result into findings (wording, severity).
import { enclosingFunction, packageCall, statementsOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { RuleContext } from '../rule';
import { assignmentPattern } from '../syntax/assignments';
import { callsNamed, factsOf, type FileFacts } from './file-facts';
import { acquisitionsOf, type ResourceKind } from './kinds';
import { IDLE, OPEN, PathWalker, type Leak } from './paths';
import { nilWhenFalse } from './comma-ok';
import { deferredInLoop } from './deferred-in-loop';
import { callsTo, resourceReturners } from './returners';
import { scanUses, type Tracked } from './uses';
import type { PackageSummaries } from './summaries';

export interface Acquisition {
  call: SyntaxNode;
  /** The callee as written: `http.Get`, `client.Do`. */
  callee: string;
  /** The variable holding the resource, when there is one. */
  name: string | null;
  /** The resource is thrown away: `_`, an expression statement, or `exec.Command(…).Start()`. */
  discarded: boolean;
  /** The `_` that discards it, when that is how. */
  blank: SyntaxNode | null;
  errName: string | null;
  /** The statement that holds the acquisition (for `if x, err := …; …` the if statement). */
  statement: SyntaxNode | null;
  /** Leaking exits, in source order. */
  leaks: Leak[];
  /** Where the resource went into a struct field, if it did. */
  storedField: { name: string; node: SyntaxNode } | null;
  /** The local closure that took the resource over (`cleanup := func() { cancel() }`), if one did. */
  heldBy: string | null;
  fn: SyntaxNode | null;
  /** The `defer` in a loop without bound that holds each turn's resource until the function returns (`leaks` are the turns' ends). */
  deferredInLoop?: SyntaxNode;
}

/** A call of a helper that returns a resource, and the helper: 'name' of the package or 'import/path.Name'. */
interface HelperCall {
  call: SyntaxNode;
  helper: string;
}

/** Calls of helpers of the package, or of module packages it imports, that return a resource of `kind`. */
function helperAcquisitions(facts: FileFacts, kind: ResourceKind, summaries: PackageSummaries | undefined): HelperCall[] {
  if (!kind.returnedByHelpers) return [];
  const names = summaries ? summaries.returnersOf(kind) : [...resourceReturners(facts, [kind])].map(([n]) => n);
  const calls = callsTo(facts, names).map((call) => ({ call, helper: call.childForFieldName('function')!.text }));
  for (const { importPath, name } of summaries?.moduleReturnersOf(kind) ?? []) {
    if (!facts.imports.has(importPath)) continue;
    for (const call of callsNamed(facts, name)) if (packageCall(call, facts.imports)?.importPath === importPath) calls.push({ call, helper: `${importPath}.${name}` });
  }
  return calls;
}

/** Is the resource a comma-ok helper returns nil whenever its last, bool result is false (engine/comma-ok.ts)? */
function nilWhenNotOk(helper: string, kind: ResourceKind, facts: FileFacts, summaries: PackageSummaries | undefined): boolean {
  if (typeof kind.resource !== 'number') return false;
  if (summaries) return summaries.resultNilWhenFalse(helper, kind.resource);
  return nilWhenFalse(facts).get(helper)?.includes(kind.resource) ?? false;
}

const STATEMENT_HOLDERS = new Set(['statement_list', 'block', 'expression_case', 'default_case', 'type_case', 'communication_case']);

interface Binding {
  name: string | null;
  blank: SyntaxNode | null;
  discarded: boolean;
  errName: string | null;
  /** The bool of a comma-ok helper that is false only when the resource is nil (`f, ok := open(p)`). */
  okName: string | null;
  statement: SyntaxNode;
  mode: 'after' | 'whole' | 'after-initializer';
  storedField: string | null;
  /** The acquisition declares its variable (`:=`, `var`), so the variable dies with an enclosing loop's iteration. */
  declares: boolean;
}

/** Every acquisition of `kind` in the file that leaks on some path (or is discarded, or is stored in a field). */
export function traceAcquisitions(ctx: RuleContext, kind: ResourceKind, summaries?: PackageSummaries): Acquisition[] {
  const facts = factsOf(ctx.file);
  const results: Acquisition[] = [];
  const helperCalls = helperAcquisitions(facts, kind, summaries);
  const commaOk = new Set(helperCalls.filter((h) => nilWhenNotOk(h.helper, kind, facts, summaries)).map((h) => h.call.id));
  for (const call of [...acquisitionsOf(kind, facts), ...helperCalls.map((h) => h.call)]) {
    const binding = bindingOf(call, kind, commaOk.has(call.id));
    if (!binding) continue;
    const callee = call.childForFieldName('function')?.text ?? 'call';
    const fn = enclosingFunction(call);
    const base = { call, callee, name: binding.name, blank: binding.blank, errName: binding.errName, statement: binding.statement, fn, heldBy: null };
    if (binding.discarded) {
      results.push({ ...base, discarded: true, leaks: [], storedField: null });
      continue;
    }
    if (binding.storedField !== null) {
      results.push({ ...base, discarded: false, leaks: [], storedField: { name: binding.storedField, node: binding.statement } });
      continue;
    }
    const track = (): Tracked => ({ name: binding.name, kind, errName: binding.errName, okName: binding.okName, acquisition: call, facts, summaries });
    const tracked = track();
    // `defer func() { cancel() }()` earlier in the function releases whatever the variable holds when it returns.
    if (!binding.declares && binding.name !== null && releasedByEarlierDeferredClosure(fn, binding.statement, tracked)) continue;
    const acquisition = binding.mode === 'whole' ? null : { statement: binding.statement, declaredInLoop: binding.declares };
    const namedResult = binding.name !== null && isNamedResult(fn, binding.name);
    const walker = new PathWalker(tracked, namedResult, acquisition);
    if (!walker.run(binding.statement, kind.openMethods ? IDLE : OPEN, binding.mode)) continue;
    const leaks = [...walker.leaks.values()].sort((a, b) => a.node.startIndex - b.node.startIndex);
    // A stored cancel that is also called (or deferred) here is judged by its call, not by the field.
    const storedField = walker.released ? null : walker.storedField;
    if (leaks.length === 0 && !storedField && kind.heldByDeferInLoop) {
      const rewalk = (ignored: Set<number>) => {
        const again = new PathWalker(track(), namedResult, acquisition, ignored);
        return again.run(binding.statement, kind.openMethods ? IDLE : OPEN, binding.mode) ? again.leaks : null;
      };
      const held = deferredInLoop(binding.statement, fn, track(), rewalk);
      if (held) {
        results.push({ ...base, discarded: false, leaks: held.turnEnds, storedField: null, heldBy: null, deferredInLoop: held.defer });
        continue;
      }
    }
    if (leaks.length > 0 || storedField) results.push({ ...base, discarded: false, leaks, storedField, heldBy: walker.holder?.name ?? null });
  }
  return results;
}

/** A top-level `defer func() { … x.Close() … }()` of `fn` before `statement`: it reads the variable at return time. */
function releasedByEarlierDeferredClosure(fn: SyntaxNode | null, statement: SyntaxNode, tracked: Tracked): boolean {
  return statementsOf(fn?.childForFieldName('body') ?? null).some(
    (s) =>
      s.type === 'defer_statement' &&
      s.endIndex <= statement.startIndex &&
      s.namedChildren.find((c) => c?.type === 'call_expression')?.childForFieldName('function')?.type === 'func_literal' &&
      scanUses(s, tracked).release,
  );
}

function unparenParent(node: SyntaxNode): { child: SyntaxNode; parent: SyntaxNode | null } {
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

/** The statement directly inside a block or case that contains `node`, without leaving its function. */
function enclosingStatement(node: SyntaxNode): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n?.parent; n = n.parent) {
    if (n.type === 'func_literal') return null;
    if (STATEMENT_HOLDERS.has(n.parent.type)) return n;
  }
  return null;
}

function bindingOf(call: SyntaxNode, kind: ResourceKind, commaOk: boolean): Binding | null {
  if (kind.resource === 'first-argument') {
    const first = call.childForFieldName('arguments')?.namedChild(0);
    const statement = enclosingStatement(call);
    if (first?.type !== 'identifier' || !statement || statement.type !== 'expression_statement') return null;
    return { name: first.text, blank: null, discarded: false, errName: null, okName: null, statement, mode: 'after', storedField: null, declares: true };
  }
  const { child, parent } = unparenParent(call);
  if (!parent) return null;
  if (parent.type === 'expression_statement') {
    if (kind.usedInPlace) return null;
    return { name: null, blank: null, discarded: true, errName: null, okName: null, statement: parent, mode: 'after', storedField: null, declares: true };
  }
  if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === child.id) return chainedUse(parent, kind);
  if (parent.type === 'expression_list') return assignedBinding(call, parent, kind, commaOk);
  if (kind.usedInPlace && isTickInPlace(parent)) {
    const statement = enclosingStatement(call);
    return statement ? { name: null, blank: null, discarded: false, errName: null, okName: null, statement, mode: 'whole', storedField: null, declares: true } : null;
  }
  return null;
}

/** time.Tick used where it is written: `for range time.Tick(d)`, `case <-time.Tick(d):`. */
function isTickInPlace(parent: SyntaxNode): boolean {
  if (parent.type === 'range_clause') return true;
  return parent.type === 'unary_expression' && parent.child(0)?.type === '<-';
}

/** `exec.Command(…).Start()` or `time.NewTicker(d).C`: nobody can ever release it. */
function chainedUse(selector: SyntaxNode, kind: ResourceKind): Binding | null {
  const field = selector.childForFieldName('field')?.text ?? '';
  const statement = enclosingStatement(selector);
  if (!statement) return null;
  const discarded = kind.openMethods ? kind.openMethods.includes(field) : kind.channelField !== undefined && field === kind.channelField;
  return discarded ? { name: null, blank: null, discarded: true, errName: null, okName: null, statement, mode: 'after', storedField: null, declares: true } : null;
}

function assignedBinding(call: SyntaxNode, list: SyntaxNode, kind: ResourceKind, commaOk: boolean): Binding | null {
  const owner = list.parent;
  if (!owner) return null;
  let left: SyntaxNode[];
  let statement: SyntaxNode | null = owner;
  if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (owner.childForFieldName('right')?.id !== list.id) return null;
    left = owner.childForFieldName('left')?.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment') ?? [];
  } else if (owner.type === 'var_spec') {
    left = owner.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type === 'identifier');
    statement = enclosingStatement(owner);
  } else {
    return null;
  }
  if (!statement) return null;
  const values = list.namedChildren.filter((c) => c !== null && c.type !== 'comment');
  const resourceIndex = kind.resource === 'first-argument' ? 0 : kind.resource;
  const index = values.length === 1 ? resourceIndex : values.findIndex((v) => v?.id === call.id);
  const target = left[index];
  if (!target) return null;
  const lastLeft = left[left.length - 1];
  const errName = kind.returnsError && left.length > 1 && lastLeft.type === 'identifier' && lastLeft.text !== '_' ? lastLeft.text : null;
  let mode: Binding['mode'] = 'after';
  if (statement.parent?.type === 'if_statement' && statement.parent.childForFieldName('initializer')?.id === statement.id) {
    statement = statement.parent;
    mode = 'after-initializer';
  } else if (!STATEMENT_HOLDERS.has(statement.parent?.type ?? '')) {
    return null; // a for/switch header: too unusual to judge
  }
  const okName = commaOk && values.length === 1 && left.length > 1 && lastLeft.type === 'identifier' && lastLeft.text !== '_' && assignedOnce(call, lastLeft.text) ? lastLeft.text : null;
  const common = { errName, okName, statement, mode, declares: owner.type !== 'assignment_statement' };
  if (target.type === 'identifier') {
    if (target.text === '_') return { ...common, name: null, blank: target, discarded: true, storedField: null };
    // `=` to a name the function does not declare: a package variable (or a variable captured from outside), handed off.
    if (owner.type === 'assignment_statement' && !declaresLocally(enclosingFunction(call), target.text)) return null;
    return { ...common, name: target.text, blank: null, discarded: false, storedField: null };
  }
  if (target.type === 'selector_expression') {
    return { ...common, name: null, blank: null, discarded: false, storedField: target.childForFieldName('field')?.text ?? '' };
  }
  return null; // stored in a slice or map element: handed off
}

/** Is `name` a parameter, result, `var` or `:=` variable of `fn` itself? (A textual check: cheap and conservative.) */
function declaresLocally(fn: SyntaxNode | null, name: string): boolean {
  if (!fn) return false;
  const n = name.replace(/[^\w]/g, '');
  const signature = `${fn.childForFieldName('parameters')?.text ?? ''} ${fn.childForFieldName('result')?.text ?? ''}`;
  if (new RegExp(`\\b${n}\\b`).test(signature)) return true;
  const body = fn.childForFieldName('body')?.text ?? '';
  // `var f …`, `f, err :=`, `err, f :=`, or a line `f *os.File` inside a `var (…)` block
  const declaration = [
    `\\bvar\\s+(?:\\w+\\s*,\\s*)*${n}\\b`,
    `(?:^|[^.\\w])${n}\\s*(?:,\\s*\\w+\\s*)*:=`,
    `,\\s*${n}\\s*(?:,\\s*\\w+\\s*)*:=`,
    `\\n\\s*(?:\\w+\\s*,\\s*)*${n}(?:\\s*,\\s*\\w+)*\\s+[*\\[\\w]`,
  ];
  return new RegExp(declaration.join('|')).test(body);
}

function isNamedResult(fn: SyntaxNode | null, name: string): boolean {
  const result = fn?.childForFieldName('result');
  if (result?.type !== 'parameter_list') return false;
  return result.namedChildren.some((d) => d?.namedChildren.some((c) => c?.type === 'identifier' && c.text === name));
}

/** Words for a leaking exit: "returns here without closing resp.Body". */
export function describeExit(leak: Leak, doing: string): string {
  switch (leak.reason) {
    case 'return':
      return `returns here without ${doing}`;
    case 'end':
      return `the function ends here without ${doing}`;
    case 'iteration':
      return `the loop iteration ends here without ${doing}`;
    case 'overwritten':
      return `the next iteration acquires it again here without ${doing} the previous one`;
    case 'pinned':
      return 'this goroutine keeps using it in a loop that never ends';
  }
}

/**
 * Is `name` assigned only by the acquisition in its function (and never through a pointer)? Then a later test of it
 * still speaks of the acquisition; otherwise the test may be of some other value, and proves nothing.
 */
function assignedOnce(call: SyntaxNode, name: string): boolean {
  const body = enclosingFunction(call)?.childForFieldName('body')?.text ?? '';
  const assignments = new RegExp(assignmentPattern(name, { declarations: true, address: true }), 'g');
  return [...body.matchAll(assignments)].length === 1;
}
