// waitgroup: sync.WaitGroup misuse that leaves wg.Wait blocked forever (a leaked waiter and everything it holds) or lets
// it return before the work is done:
//   - wg.Add inside the goroutine it counts (races with Wait);
//   - wg.Done skipped when the goroutine returns early (no `defer wg.Done()`);
//   - wg.Add(n) with a constant n other than the number of goroutines started right after it;
//   - a WaitGroup parameter taken by value (Done on the copy never reaches the caller's Wait).
import { enclosingFunction, rangeOf, statementsOf, unparen } from '../ast';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { indentationAt, isAloneOnLine, launchedCall, launchedLiteralBody, someOwn, walkOwn } from '../concurrency/syntax';
import { waitGroupCall, waitGroupNames } from '../concurrency/waitgroups';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule, RuleContext } from '../rule';
import type { QuickFix, TextEdit } from '../types';

export const rule: Rule = {
  id: 'waitgroup',
  defaultSeverity: 'warning',
  summary: 'sync.WaitGroup misuse: Add inside the goroutine, Done skipped on an early return, a wrong Add count, a copied WaitGroup.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    const names = waitGroupNames(ctx.file, facts);
    if (names.size === 0) return;
    checkAddInsideGoroutine(ctx, facts, names);
    checkDoneSkipped(ctx, facts, names);
    checkAddCount(ctx, facts, names);
    checkCopiedParameters(ctx, facts);
  },
};

function checkAddInsideGoroutine(ctx: RuleContext, facts: ConcurrencyFacts, names: Set<string>): void {
  for (const go of facts.goStatements) {
    const body = launchedLiteralBody(go);
    // A goroutine that calls no Done cannot count itself: not walked.
    if (!body || !body.text.includes('Done')) continue;
    const doneReceivers = new Set<string>();
    walkOwn(body, (n) => {
      const call = n.type === 'call_expression' ? waitGroupCall(n, names) : null;
      if (call?.method === 'Done') doneReceivers.add(call.receiver);
    });
    const statements = statementsOf(body);
    statements.forEach((statement, index) => {
      const call = expressionCall(statement);
      const add = call ? waitGroupCall(call, names) : null;
      if (!call || add?.method !== 'Add' || !doneReceivers.has(add.receiver)) return;
      // An Add followed by a `go` counts that nested goroutine (this one is already counted): correct.
      if (statements.slice(index + 1).some((s) => /^go\b/.test(s.text))) return;
      ctx.report({
        message: `${add.receiver}.Add runs inside the goroutine it counts, so ${add.receiver}.Wait can return before it runs (or panic); call ${call.text} before the go statement.`,
        range: rangeOf(call),
        related: [{ range: rangeOf(go), message: 'the goroutine it should be counted before' }],
        fixes: moveBeforeGo(ctx.file, statement, go),
      });
    });
  }
}

function moveBeforeGo(file: GoFile, add: SyntaxNode, go: SyntaxNode): QuickFix[] {
  if (!isAloneOnLine(file.text, add) || !isAloneOnLine(file.text, go) || go.parent?.type !== 'statement_list') return [];
  return [
    {
      title: `Move ${add.text} before the go statement`,
      edits: [
        insertAt(go.startPosition.row, go.startPosition.column, `${add.text}\n${indentationAt(file.text, go)}`),
        deleteLines(add.startPosition.row, add.endPosition.row),
      ],
    },
  ];
}

/** A function whose own `wg.Done()` calls are plain statements, with a return that no Done precedes on its path. */
function checkDoneSkipped(ctx: RuleContext, facts: ConcurrencyFacts, names: Set<string>): void {
  // Keyed by node id: tree-sitter hands out a new node object on every lookup.
  const plainDones = new Map<number, { fn: SyntaxNode; byReceiver: Map<string, SyntaxNode[]> }>();
  const deferred = new Set<string>();
  for (const call of facts.callsNamed('Done')) {
    const done = waitGroupCall(call, names);
    if (done?.method !== 'Done') continue;
    const fn = ownerOfCall(call);
    if (!fn) continue;
    if (call.parent?.type === 'defer_statement' || isInDeferredClosure(call)) {
      deferred.add(`${fn.deferOwner.id}:${done.receiver}`);
    } else if (call.parent?.type === 'expression_statement') {
      const entry = plainDones.get(fn.owner.id) ?? { fn: fn.owner, byReceiver: new Map<string, SyntaxNode[]>() };
      entry.byReceiver.set(done.receiver, [...(entry.byReceiver.get(done.receiver) ?? []), call]);
      plainDones.set(fn.owner.id, entry);
    }
  }
  const launchedNames = new Set<string>();
  for (const go of facts.goStatements) {
    const callee = launchedCall(go)?.childForFieldName('function');
    const name = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : callee?.type === 'identifier' ? callee.text : undefined;
    if (name) launchedNames.add(name);
  }
  for (const { fn, byReceiver } of plainDones.values()) {
    const body = fn.childForFieldName('body');
    if (!body || !runsAsGoroutine(fn, launchedNames)) continue;
    for (const [receiver, dones] of byReceiver) {
      if (deferred.has(`${fn.id}:${receiver}`)) continue;
      const doneStatements = new Set(dones.map((d) => d.parent!.id));
      // Only a function that means to call Done on the way out (a Done as a statement of its body, not in a branch)
      // skips it by returning early; a Done in a branch may be conditional on purpose.
      if (!statementsOf(body).some((st) => doneStatements.has(st.id))) continue;
      // A function that counts up itself (`wg.Add(1); work(); wg.Done()`) skips nothing by returning before its Add.
      const ownAdds = ownAddStatements(body, receiver, names);
      const skipping: SyntaxNode[] = [];
      walkOwn(body, (n) => {
        if (n.type !== 'return_statement' || precededBy(n, body, doneStatements)) return;
        if (ownAdds.size === 0 || precededBy(n, body, ownAdds)) skipping.push(n);
      });
      if (skipping.length === 0) continue;
      ctx.report({
        message: `${receiver}.Done is skipped when this function returns early, so ${receiver}.Wait blocks forever; call defer ${receiver}.Done() at the top instead.`,
        range: rangeOf(dones[0]),
        related: skipping.map((r) => ({ range: rangeOf(r), message: `returns here without calling ${receiver}.Done()` })),
        fixes: deferDoneFix(ctx.file, body, receiver, dones),
      });
    }
  }
}

/** The function's own `receiver.Add(…)` statements (not those of closures it holds). */
function ownAddStatements(body: SyntaxNode, receiver: string, names: Set<string>): Set<number> {
  const adds = new Set<number>();
  walkOwn(body, (n) => {
    const call = expressionCall(n);
    const add = call ? waitGroupCall(call, names) : null;
    if (add?.method === 'Add' && add.receiver === receiver) adds.add(n.id);
  });
  return adds;
}

/**
 * A goroutine's function: a literal launched with `go`, or a function or method this file launches with `go`, or one
 * that takes its WaitGroup as a parameter (a worker). Elsewhere an early return before Done may be deliberate (an
 * idempotent Close that already counted down).
 */
function runsAsGoroutine(fn: SyntaxNode, launchedNames: Set<string>): boolean {
  if (fn.type === 'func_literal') return fn.parent?.type === 'call_expression' && fn.parent.parent?.type === 'go_statement';
  const name = fn.childForFieldName('name')?.text;
  if (name && launchedNames.has(name)) return true;
  return /\bsync\.WaitGroup\b/.test(fn.childForFieldName('parameters')?.text ?? '');
}

/** The function a Done call belongs to, and the function whose exit a deferred Done runs at. */
function ownerOfCall(call: SyntaxNode): { owner: SyntaxNode; deferOwner: SyntaxNode } | null {
  const owner = enclosingFunction(call);
  if (!owner) return null;
  if (owner.type === 'func_literal' && isInDeferredClosure(call)) {
    const outer = enclosingFunction(owner);
    return outer ? { owner, deferOwner: outer } : null;
  }
  return { owner, deferOwner: owner };
}

/** `defer func() { …; wg.Done() }()`: the call sits in a function literal that is deferred. */
function isInDeferredClosure(call: SyntaxNode): boolean {
  const literal = enclosingFunction(call);
  return literal?.type === 'func_literal' && literal.parent?.type === 'call_expression' && literal.parent.parent?.type === 'defer_statement';
}

/** True when a Done statement comes before `node` in one of the statement lists that lead from `body` to it. */
function precededBy(node: SyntaxNode, body: SyntaxNode, doneStatements: Set<number>): boolean {
  for (let child: SyntaxNode = node, list = node.parent; list && child.id !== body.id; child = list, list = list.parent) {
    if (list.type !== 'statement_list') continue;
    for (const sibling of list.namedChildren) {
      if (!sibling || sibling.startIndex >= child.startIndex) break;
      if (doneStatements.has(sibling.id)) return true;
    }
  }
  return false;
}

function deferDoneFix(file: GoFile, body: SyntaxNode, receiver: string, dones: SyntaxNode[]): QuickFix[] {
  const first = statementsOf(body)[0];
  if (!first || first.startPosition.row === body.startPosition.row) return [];
  if (!dones.every((d) => isAloneOnLine(file.text, d))) return [];
  const indent = indentationAt(file.text, first);
  return [
    {
      title: `Use defer ${receiver}.Done() at the top of the function`,
      edits: [
        insertAt(first.startPosition.row, 0, `${indent}defer ${receiver}.Done()\n`),
        ...dones.map((d) => deleteLines(d.startPosition.row, d.endPosition.row)),
      ],
    },
  ];
}

/** `wg.Add(n)` with a literal n followed, in the same block, by a countable number of goroutines that use wg. */
function checkAddCount(ctx: RuleContext, facts: ConcurrencyFacts, names: Set<string>): void {
  for (const call of facts.callsNamed('Add')) {
    const add = waitGroupCall(call, names);
    if (add?.method !== 'Add' || call.parent?.type !== 'expression_statement') continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a?.type !== 'comment') ?? [];
    const literal = args.length === 1 && args[0] ? unparen(args[0]) : null;
    if (literal?.type !== 'int_literal' || !/^[1-9]\d*$/.test(literal.text)) continue;
    const counted = goroutinesAfter(call.parent, add.receiver);
    const wanted = Number(literal.text);
    if (counted === null || counted === 0 || counted === wanted) continue;
    const consequence = wanted > counted ? `so ${add.receiver}.Wait blocks forever` : `so the counter goes negative (a panic) or ${add.receiver}.Wait returns too early`;
    ctx.report({
      message: `${call.text} counts ${wanted} goroutines but ${counted} ${counted === 1 ? 'is' : 'are'} started after it, ${consequence}; make it ${add.receiver}.Add(${counted}).`,
      range: rangeOf(call),
      fixes: [{ title: `Change to ${add.receiver}.Add(${counted})`, edits: [{ range: rangeOf(literal), newText: String(counted) }] }],
    });
  }
}

/**
 * The number of `go` statements that use `receiver`, among the statements after `addStatement` in its block, up to the
 * next Add or Wait on it. Null when uncountable: a goroutine that does not show the WaitGroup, a `go` nested in a loop or
 * branch, or another statement that hands the WaitGroup on.
 */
function goroutinesAfter(addStatement: SyntaxNode, receiver: string): number | null {
  const list = addStatement.parent;
  if (list?.type !== 'statement_list') return null;
  const uses = new RegExp(`(^|[^\\w.])${receiver.replace(/\./g, '\\.')}\\b`);
  let count = 0;
  let after = false;
  let addedBefore = false;
  for (const statement of list.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    if (statement.id === addStatement.id) {
      // `wg.Add(1); wg.Add(1); go a(); go b()`: the Adds add up; not worth counting.
      if (addedBefore) return null;
      after = true;
      continue;
    }
    if (!after) {
      if (statement.text.includes(`${receiver}.Wait(`)) addedBefore = false;
      else if (statement.text.includes(`${receiver}.Add(`)) addedBefore = true;
      continue;
    }
    // A goroutine whose own body counts down is one of those counted, whatever Adds and goroutines it runs inside.
    if (statement.type === 'go_statement' && countsDownItself(statement, receiver)) {
      count++;
      continue;
    }
    if (statement.text.includes(`${receiver}.Wait(`) || statement.text.includes(`${receiver}.Add(`)) break;
    if (statement.type === 'go_statement') {
      if (!uses.test(statement.text)) return null;
      count++;
    } else if (/\bgo\b/.test(statement.text) || uses.test(statement.text)) return null;
  }
  return count;
}

/** `go func() { defer wg.Done(); … }()`: the literal's own statements (not its nested closures) call `receiver.Done()`. */
function countsDownItself(go: SyntaxNode, receiver: string): boolean {
  const body = launchedLiteralBody(go);
  return body !== null && someOwn(body, (n) => n.type === 'call_expression' && n.childForFieldName('function')?.text === `${receiver}.Done`);
}

/** `func f(wg sync.WaitGroup)`: the parameter is a copy. */
function checkCopiedParameters(ctx: RuleContext, facts: ConcurrencyFacts): void {
  for (const type of facts.qualifiedTypes('sync', 'WaitGroup')) {
    const parameter = type.parent;
    if (parameter?.type !== 'parameter_declaration' || parameter.childForFieldName('type')?.id !== type.id) continue;
    for (const identifier of parameter.childrenForFieldName('name')) {
      if (!identifier) continue;
      const name = identifier.text;
      ctx.report({
        message: `${name} is a copy of the caller's WaitGroup, so Done on it never reaches the caller's Wait (which then blocks forever); take a *sync.WaitGroup.`,
        range: rangeOf(parameter),
      });
    }
  }
}

function expressionCall(statement: SyntaxNode): SyntaxNode | null {
  if (statement.type !== 'expression_statement') return null;
  const expr = statement.namedChild(0);
  return expr?.type === 'call_expression' ? expr : null;
}

function insertAt(line: number, character: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line, character } }, newText };
}

function deleteLines(firstLine: number, lastLine: number): TextEdit {
  return { range: { start: { line: firstLine, character: 0 }, end: { line: lastLine + 1, character: 0 } }, newText: '' };
}

declare module '../types' {
  interface RuleCatalogue {
    'waitgroup': true;
  }
}
