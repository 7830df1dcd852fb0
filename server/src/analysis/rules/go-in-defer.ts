// go-in-defer: a goroutine started from a deferred call that never ends. Starting work from a defer is not a leak by
// itself: a goroutine that finishes (a bounded Shutdown, a cleanup, a loop whose cancel is kept elsewhere) is gone soon
// after. The claim is only made where the goroutine provably runs forever (an endless loop with no exit, `select {}`),
// and its function can run more than once: then every call leaves one more goroutine running for good.
import { enclosingFunction, methodCall, rangeOf, statementsOf } from '../ast';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { isEndlessLoop, isTerminatingCall, launchedCall, loopCanExit, receivedChannel, walkOwn } from '../concurrency/syntax';
import { runsOncePerProcess } from '../flow/runs-once';
import type { SyntaxNode } from '../parser';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'go-in-defer',
  defaultSeverity: 'warning',
  summary: 'A goroutine started from a deferred call never ends, so each call of the function leaves one more running.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    const repeats = (fn: SyntaxNode | null): boolean => !runsOncePerProcess(fn, ctx.file);
    // Starting from the (few) go statements: each is either inside a deferred closure, or the body of a helper.
    const spawningHelpers = new Set<string>();
    const checkedClosures = new Set<number>();
    for (const go of facts.goStatements) {
      const fn = enclosingFunction(go);
      if (!fn) continue;
      const deferred = fn.type === 'func_literal' ? deferStatementRunning(fn) : null;
      const body = fn.childForFieldName('body');
      if (deferred && body && !checkedClosures.has(fn.id) && repeats(enclosingFunction(deferred))) {
        checkedClosures.add(fn.id);
        for (const endless of unjoinedGoStatements(body, facts).filter((g) => neverEnds(g, facts))) {
          ctx.report({
            message: 'This goroutine starts from a deferred closure and never ends (its loop has no exit), so every call of the function leaves one more running; give it a way to stop, or start it once from the component that owns it.',
            range: rangeOf(endless),
            related: [{ range: rangeOf(deferred), message: 'deferred here: it runs each time the function returns' }],
          });
        }
      }
      // Only a goroutine a helper always starts (a statement of its body, not in a branch) is certain.
      const name = fn.type !== 'func_literal' ? fn.childForFieldName('name')?.text : undefined;
      if (name && go.parent?.type === 'statement_list' && body?.id === go.parent.parent?.id) spawningHelpers.add(name);
    }
    if (spawningHelpers.size === 0) return;
    for (const deferred of facts.deferStatements) {
      const helper = sameFileFunction(launchedCall(deferred), facts, spawningHelpers);
      const helperBody = helper?.childForFieldName('body');
      if (!helper || !helperBody || !repeats(enclosingFunction(deferred))) continue;
      const goInHelper = unjoinedGoStatements(helperBody, facts).find((go) => go.parent?.parent?.id === helperBody.id && neverEnds(go, facts));
      if (!goInHelper) continue;
      const name = helper.childForFieldName('name')?.text ?? 'the helper';
      ctx.report({
        message: `The deferred ${name} starts a goroutine that never ends (its loop has no exit), so every call of the function leaves one more running; give it a way to stop, or start it once from the component that owns it.`,
        range: rangeOf(deferred),
        related: [{ range: rangeOf(goInHelper), message: `${name} starts the endless goroutine here` }],
      });
    }
  },
};

/** The `defer` statement that runs a function literal (`defer func() { … }()`), or null. */
function deferStatementRunning(literal: SyntaxNode): SyntaxNode | null {
  const call = literal.parent;
  const statement = call?.type === 'call_expression' && call.childForFieldName('function')?.id === literal.id ? call.parent : null;
  return statement?.type === 'defer_statement' ? statement : null;
}

/**
 * `go` statements of a body that nothing in the same body waits for afterwards (a Wait() call or a channel receive).
 * `go panic(err)` is left out: it takes the program down on purpose, nothing outlives anything. A call that never
 * returns because it loops forever stays in: that is the goroutine the rule is about.
 */
function unjoinedGoStatements(body: SyntaxNode, facts: ConcurrencyFacts): SyntaxNode[] {
  const goStatements: SyntaxNode[] = [];
  let lastJoinStart = -1;
  walkOwn(body, (n) => {
    const launched = n.type === 'go_statement' ? launchedCall(n) : null;
    if (n.type === 'go_statement' && !(launched && isTerminatingCall(launched) && !neverEnds(n, facts))) goStatements.push(n);
    else if (receivedChannel(n) || (n.type === 'call_expression' && methodCall(n)?.method === 'Wait')) lastJoinStart = Math.max(lastJoinStart, n.startIndex);
  });
  return goStatements.filter((go) => go.endIndex > lastJoinStart);
}

/**
 * True when the goroutine provably never ends: the function it runs (a literal, or the one same-file function of that
 * name) has, among the statements of its own body, an endless `for { … }` that nothing leaves (no return, break out,
 * goto or exit) or a `select {}`. Anything else (a bounded call, a loop with a ctx.Done return) may end: silent.
 */
function neverEnds(go: SyntaxNode, facts: ConcurrencyFacts): boolean {
  const call = launchedCall(go);
  const fn = call?.childForFieldName('function');
  const target = fn?.type === 'func_literal' ? fn : sameFileFunction(call, facts);
  return statementsOf(target?.childForFieldName('body') ?? null).some(
    (s) => (s.type === 'for_statement' && isEndlessLoop(s) && !loopCanExit(s)) || (s.type === 'select_statement' && s.namedChildCount === 0),
  );
}

/**
 * The one function or method declared in this file that a call runs (`helper(…)`, `d.helper(…)`); null when unknown or
 * ambiguous, or when `among` is given and does not hold its name.
 */
function sameFileFunction(call: SyntaxNode | null, facts: ConcurrencyFacts, among?: Set<string>): SyntaxNode | null {
  const fn = call?.childForFieldName('function');
  const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text;
  if (!fn || !name || (among && !among.has(name))) return null;
  const kind = fn.type === 'identifier' ? 'function_declaration' : fn.type === 'selector_expression' ? 'method_declaration' : null;
  const candidates = kind ? facts.declarations(name).filter((d) => d.type === kind) : [];
  return candidates.length === 1 ? candidates[0] : null;
}

declare module '../types' {
  interface RuleCatalogue {
    'go-in-defer': true;
  }
}
