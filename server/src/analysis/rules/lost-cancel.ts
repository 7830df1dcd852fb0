// A context's cancel function that is not called keeps the context (its timer, its goroutines, its children) alive
// until the parent is cancelled, which in a long-running program is never.
// Off by default: on real programs nobody tuned it for it was right 0 times in 37 (held-out rounds 5 to 7,
// docs/accuracy.md): a cancel left uncalled rarely leaks anything a user would fix. A setting turns it on.
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { acquisitionsOf, cancelFunctionKind, isPkg } from '../engine/kinds';
import { fieldIsReadSomewhere } from '../engine/fields';
import { everyLeakEndsProcess, reportLifecycle } from '../engine/report';
import { descendantsOfType, enclosingFunction, enclosingLoop, isPackageCall, nodesAtMatches, rangeOf, rootOf, statementsOf, unparen, walk } from '../ast';
import { factsOf } from '../engine/file-facts';
import type { Acquisition } from '../engine/lifecycle';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule } from '../rule';

const CONTEXT_CONSTRUCTORS = ['WithCancel', 'WithCancelCause', 'WithTimeout', 'WithTimeoutCause', 'WithDeadline', 'WithDeadlineCause'];
const cancelKind = cancelFunctionKind('lost-cancel', 'cancel', CONTEXT_CONSTRUCTORS, (call, facts) =>
  isPkg(call, facts, 'context', CONTEXT_CONSTRUCTORS),
);

/**
 * `ctx, cancel := context.WithCancel(context.Background())` whose cancel is handed on inside a composite literal (a
 * request sent to a worker: `ch <- job{ctx: ctx, cancel: cancel}`) and whose ctx goes nowhere else: on a path where the
 * literal is dropped (a `case <-shutdown:` next to the send) nothing holds the context, and a WithCancel on Background
 * registers with no parent and starts no timer, so dropping it leaks nothing (gocron's scheduler.addOrUpdateJob).
 */
function droppedOnlyWithItsLiteral(file: GoFile): (a: Acquisition) => boolean {
  const imports = factsOf(file).imports;
  return (a) => {
    const fn = a.fn;
    if (!a.name || !fn || !isPackageCall(a.call, imports, 'context', ['WithCancel'])) return false;
    const parent = a.call.childForFieldName('arguments')?.namedChildren[0];
    if (!parent || parent.type !== 'call_expression' || !isPackageCall(unparen(parent), imports, 'context', ['Background', 'TODO'])) return false;
    const ctxName = a.statement?.childForFieldName('left')?.namedChildren[0]?.text;
    if (!ctxName || ctxName === '_') return false;
    let cancelInLiteral = false;
    let ctxElsewhere = false;
    walk(fn, (n) => {
      if (n.type !== 'identifier' || n.startIndex < a.call.endIndex) return;
      const inLiteral = n.parent?.type === 'literal_element';
      if (n.text === a.name) cancelInLiteral ||= inLiteral;
      // ctx.Done() and ctx.Err() in this function only watch the context; anything else (a call argument, a goroutine)
      // may keep it, and wait on it forever.
      const watched =
        enclosingFunction(n)?.id === fn.id &&
        n.parent?.type === 'selector_expression' &&
        /^(Done|Err)$/.test(n.parent.childForFieldName('field')?.text ?? '');
      if (n.text === ctxName && !inLiteral && !watched) ctxElsewhere = true;
    });
    return cancelInLiteral && !ctxElsewhere;
  };
}

/**
 * Cancel functions not judged: one dropped only with its literal (above), and one in a helper that loses it only on
 * error returns every caller passes up to an exit of the program (engine/report.ts), where the context dies with the
 * process a moment later. `main`'s own cancel stays judged, as go vet's lostcancel judges it: there `defer cancel()`
 * costs nothing and the context may be lost on a path that runs for the rest of a long run.
 */
function notJudged(file: GoFile): (a: Acquisition) => boolean {
  const dropped = droppedOnlyWithItsLiteral(file);
  const endsProcess = everyLeakEndsProcess(file);
  return (a) => dropped(a) || endsWithItsParent(a, file) || (a.fn?.childForFieldName('name')?.text !== 'main' && endsProcess(a));
}

/**
 * `ctx, cancel := context.WithCancelCause(ctx); defer cancel(…); ctx, _ = context.WithTimeout(ctx, d)`: the child's
 * cancel is dropped, but its parent is a context of this function that is cancelled on every way out after the child
 * is made. Cancelling the parent cancels the child and stops its timer, so nothing outlives the call. Proven only for a
 * parent bound by a statement of the same block as the child (the function body, an `if` block, a goroutine's
 * literal), not rebound before the child, and cancelled as parentCancelledOnEveryWayOut says.
 */
function endsWithItsParent(a: Acquisition, file: GoFile): boolean {
  const parent = a.call.childForFieldName('arguments')?.namedChild(0);
  if (parent?.type !== 'identifier' || !a.fn || enclosingFunction(a.call)?.id !== a.fn.id) return false;
  let binding: { cancel: string; statement: SyntaxNode } | null = null;
  for (const call of acquisitionsOf(cancelKind, factsOf(file))) {
    const statement = call.parent?.parent;
    if (call.endIndex > a.call.startIndex || !statement || enclosingFunction(call)?.id !== a.fn.id) continue;
    const left = statement.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment');
    if (left?.length !== 2 || left[0]?.text !== parent.text || left[1]?.type !== 'identifier' || left[1].text === '_') continue;
    if (!binding || statement.endIndex > binding.statement.endIndex) binding = { cancel: left[1].text, statement };
  }
  const block = binding?.statement.parent;
  if (!binding || !block) return false;
  const statements = statementsOf(block.type === 'statement_list' ? block.parent : block);
  // The child is a statement of the same block, after the binding.
  const child = statements.find((s) => s.startIndex <= a.call.startIndex && a.call.endIndex <= s.endIndex);
  if (!child || child.startIndex < binding.statement.endIndex) return false;
  // The parent name is not bound again between its binding and the child (the child's own statement may rebind it).
  const between = file.text.slice(binding.statement.endIndex, child.startIndex);
  if (new RegExp(`(?<![.\\w])${parent.text}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)`).test(between)) return false;
  return parentCancelledOnEveryWayOut(statements, binding.cancel, child, file);
}

/**
 * The parent's cancel runs on every way out after the child: a `defer cancel(…)` or `defer func() { … cancel(…) … }()`
 * of the same block, or a `cancel(…)` statement of the block after the child, with no `return`, `goto`, `panic` or
 * loop exit in the text between the child and a defer or call that comes after it.
 */
function parentCancelledOnEveryWayOut(statements: SyntaxNode[], cancel: string, child: SyntaxNode, file: GoFile): boolean {
  const callsCancel = new RegExp(`(?<![.\\w])${cancel}\\s*\\(`);
  const noWayOutBefore = (s: SyntaxNode): boolean =>
    s.startIndex < child.startIndex || !/\b(?:return|goto|panic|break|continue)\b/.test(file.text.slice(child.endIndex, s.startIndex));
  return statements.some((s) => {
    if (s.type === 'defer_statement') {
      const deferred = s.namedChildren.find((c) => c?.type === 'call_expression')?.childForFieldName('function');
      return (deferred?.text === cancel || (deferred?.type === 'func_literal' && callsCancel.test(deferred.text))) && noWayOutBefore(s);
    }
    const call = s.type === 'expression_statement' ? s.namedChild(0) : null;
    return call?.type === 'call_expression' && call.childForFieldName('function')?.text === cancel && s.startIndex > child.endIndex && noWayOutBefore(s);
  });
}

/**
 * Map fields that hold cancel functions: `x.F[key] = cancel`, where cancel came from context.WithCancel & co. in the
 * same function. The assignments are found from the mentions of the cancel variable after the call, not by walking
 * the function (every node of a walk crosses the wasm boundary).
 */
function cancelMapFields(file: GoFile): Set<string> {
  const facts = factsOf(file);
  const root = rootOf(file.tree);
  const fields = new Set<string>();
  for (const call of acquisitionsOf(cancelKind, facts)) {
    const list = call.parent;
    const left = list?.type === 'expression_list' ? list.parent?.childForFieldName('left') : null;
    const cancel = left?.namedChildren.filter((c) => c?.type !== 'comment')[1];
    const fn = enclosingFunction(call);
    if (cancel?.type !== 'identifier' || cancel.text === '_' || !fn) continue;
    const name = cancel.text;
    const stored: { at: number; field: string }[] = [];
    // Every token spelled `name` (an identifier: no regular-expression character) between the call and the function's
    // end, with no ASCII word character on either side; the longer tokens this also finds are dropped by the checks.
    const mention = new RegExp(`(?<!\\w)${name}(?!\\w)`, 'g');
    mention.lastIndex = call.endIndex;
    for (let m = mention.exec(file.text); m !== null && m.index < fn.endIndex; m = mention.exec(file.text)) {
      const value = root.namedDescendantForIndex(m.index, m.index);
      if (value?.type !== 'identifier' || value.text !== name) continue;
      const right = value.parent;
      const assignment = right?.parent;
      if (assignment?.type !== 'assignment_statement' || assignment.startIndex < call.endIndex) continue;
      if (assignment.childForFieldName('right')?.id !== right!.id || right!.namedChild(0)?.id !== value.id) continue;
      const target = assignment.childForFieldName('left')?.namedChild(0);
      const map = target?.type === 'index_expression' ? target.childForFieldName('operand') : null;
      const field = map?.type === 'selector_expression' ? map.childForFieldName('field')?.text : undefined;
      if (field) stored.push({ at: assignment.startIndex, field });
    }
    for (const { field } of stored.sort((a, b) => a.at - b.at)) fields.add(field);
  }
  return fields;
}

/**
 * `delete(x.F, key)` on a map of cancel functions, in a function that never calls an entry of F (`x.F[key]()`, a
 * value read from `x.F[key]` and called, or a range over F): the dropped cancel can never be called.
 */
function deletesWithoutCalling(file: GoFile, fields: Set<string>): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const root = rootOf(file.tree);
  for (const field of fields) {
    for (const at of nodesAtMatches(root, file.text, new RegExp(`\\b(delete)\\s*\\(\\s*[\\w.]+\\.${field}\\s*,`, 'g'))) {
      const call = at.parent;
      const fn = call?.type === 'call_expression' ? enclosingFunction(call) : null;
      const body = fn?.childForFieldName('body');
      if (!call || !body) continue;
      const text = file.text.slice(body.startIndex, body.endIndex);
      if (new RegExp(`\\.${field}\\[[^\\]]*\\]\\s*\\(|\\brange\\s+[\\w.]*\\.${field}\\b`).test(text)) continue;
      const readNames = [...text.matchAll(new RegExp(`\\b(\\w+)(?:\\s*,\\s*\\w+)?\\s*:?=\\s*[\\w.]*\\.${field}\\[`, 'g'))].map((m) => m[1]);
      if (readNames.some((name) => new RegExp(`\\b${name}\\s*\\(`).test(text))) continue;
      found.push(call);
    }
  }
  return found;
}

/** Anything in a loop body that can end the loop or the function instead of starting the next iteration. */
const LEAVES_LOOP = /\b(?:return|break|goto|panic)\b|\bos\.Exit\b|\.(?:Fatal|Panic)\w*\s*\(/;

/**
 * `recv.F = cancel` inside a loop of a method of recv, where cancel comes from context.WithCancel & co. in the same
 * iteration and the loop body names neither `.F` nor cancel anywhere else and has no way out but the next iteration:
 * each turn overwrites the cancel stored by the turn before, which nothing can call any more.
 */
function overwrittenInLoop(file: GoFile): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const call of acquisitionsOf(cancelKind, factsOf(file))) {
    const loop = enclosingLoop(call);
    const body = loop?.childForFieldName('body');
    const method = loop ? enclosingFunction(loop) : null;
    const receiver = method?.type === 'method_declaration' ? method.childForFieldName('receiver')?.namedChild(0)?.childForFieldName('name')?.text : undefined;
    const list = call.parent;
    const declaration = list?.type === 'expression_list' ? list.parent : null;
    const cancel = declaration?.type === 'short_var_declaration' ? declaration.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment')[1] : null;
    const holder = declaration?.parent?.type === 'statement_list' ? declaration.parent.parent : declaration?.parent;
    if (!body || !receiver || cancel?.type !== 'identifier' || cancel.text === '_' || holder?.id !== body.id) continue;
    const text = file.text.slice(body.startIndex, body.endIndex);
    if (LEAVES_LOOP.test(text) || new RegExp(`\\b${receiver}\\s*(?:,[^=]*)?:?=(?!=)`).test(text)) continue;
    const stores = descendantsOfType(body, 'assignment_statement').filter((a) => {
      const target = a.childForFieldName('left')?.namedChildren;
      const value = a.childForFieldName('right')?.namedChildren;
      return target?.length === 1 && value?.length === 1 && value[0]?.text === cancel.text && target[0]?.type === 'selector_expression' && target[0].childForFieldName('operand')?.text === receiver;
    });
    if (stores.length !== 1) continue;
    const field = stores[0].childForFieldName('left')!.namedChild(0)!.childForFieldName('field')?.text ?? '';
    const mentions = (type: string, name: string): number => descendantsOfType(body, type).filter((n) => n.text === name).length;
    // The declaration and the store are the only mentions of cancel, and the store the only one of the field.
    if (mentions('identifier', cancel.text) === 2 && mentions('field_identifier', field) === 1) found.push(stores[0]);
  }
  return found;
}

export const rule: Rule = {
  id: 'lost-cancel',
  defaultSeverity: 'off',
  enabledSeverity: 'warning',
  summary: 'The cancel function of context.WithCancel/WithTimeout/WithDeadline is not called on every path.',
  resources: [cancelKind],
  check(ctx) {
    const traced = reportLifecycle(ctx, cancelKind, {
      subject: (a) => a.heldBy ?? a.name ?? 'cancel',
      leak: (a, subject) =>
        a.heldBy
          ? `The cancel function of ${a.callee} is kept only by the closure ${subject}, which is neither called nor handed on on every path: call ${subject}() before returning there.`
          : `The cancel function of ${a.callee} is not called on every path: add defer ${subject}() after this line.`,
      discarded: (a) => `The cancel function of ${a.callee} is discarded, so the context lives until its parent ends: keep it and add defer cancel().`,
      // A cancel kept by a closure may be meant to outlive the function (the closure is returned): no one-line fix.
      fix: (file, a) => (a.heldBy ? null : a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'cancel')),
      skip: notJudged(ctx.file),
    });
    const cancelMaps = cancelMapFields(ctx.file);
    for (const call of cancelMaps.size > 0 ? deletesWithoutCalling(ctx.file, cancelMaps) : []) {
      ctx.report({
        message: 'This delete drops a cancel function from the map without calling it, so its context lives until its parent ends: call the entry before deleting it.',
        range: rangeOf(call),
      });
    }
    for (const store of overwrittenInLoop(ctx.file)) {
      const target = store.childForFieldName('left')?.text ?? 'the field';
      ctx.report({
        message: `Each turn of this loop overwrites ${target} with a new cancel function without calling the one before, so every earlier context lives until its parent ends: call the previous cancel before storing the new one.`,
        range: rangeOf(store),
      });
    }
    // Whether a field is ever called can only be judged with the package's files at hand.
    if (!ctx.packageSummaries) return;
    for (const a of traced) {
      if (a.discarded || a.leaks.length > 0 || !a.storedField) continue;
      if (fieldIsReadSomewhere(ctx, a.storedField.name)) continue;
      ctx.report({
        message: `The cancel function of ${a.callee} is stored in field ${a.storedField.name}, which nothing in the package ever calls: call it when its owner shuts down.`,
        range: rangeOf(a.call),
        related: [{ range: rangeOf(a.storedField.node), message: `stored in ${a.storedField.name} here` }],
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'lost-cancel': true;
  }
}
