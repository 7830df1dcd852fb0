// An object put back into a sync.Pool while something still refers to it: the next Get hands the same memory to another
// user, so the two overwrite each other (a returned buf.Bytes() changes under the caller's feet).
import { descendantsOfType, enclosingFunction, FUNCTION_TYPES, rangeOf, statementsOf, unparen, walk, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import { assignedTo } from '../syntax/assignments';
import { leavesLoop } from '../flow/exits';
import { poolFacts } from '../pool/pools';
import type { Rule } from '../rule';
import type { RelatedLocation } from '../types';

const TERMINATING = ['return_statement', 'continue_statement', 'break_statement', 'goto_statement'];

/** True when `expr` evaluates to memory owned by the pooled object `name`: `buf`, `buf.Bytes()`, `b[:n]`, `*bp`. */
function aliases(expr: SyntaxNode, name: string): boolean {
  let e: SyntaxNode | null = unparen(expr);
  for (let i = 0; e && i < 4; i++) {
    if (e.type === 'identifier') return e.text === name;
    if (e.type === 'slice_expression') e = e.childForFieldName('operand');
    else if (e.type === 'unary_expression' && e.child(0)?.type === '*') e = e.namedChild(0);
    else if (e.type === 'parenthesized_expression') e = e.namedChild(0);
    else if (e.type === 'call_expression') {
      const fn = e.childForFieldName('function');
      if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Bytes') return false;
      e = fn.childForFieldName('operand');
    } else return false;
  }
  return false;
}

/**
 * The first mention of `name` inside `root` that reads it (not a plain re-assignment of the variable), or null. When
 * the pooled object was `*name` (`viaPointer`: `put(&buf)` hands in the caller's variable), `*name = nil` clears that
 * variable: it is a re-assignment too.
 */
function firstUse(root: SyntaxNode, name: string, viaPointer: boolean): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'identifier' && n.text === name) {
      const target = viaPointer && isDereference(n.parent) ? n.parent! : n;
      const list = target.parent;
      const isAssignedTo = list?.type === 'expression_list' && list.parent?.childForFieldName('left')?.id === list.id;
      if (!isAssignedTo) found = n;
    }
    return true;
  });
  return found;
}

function isDereference(node: SyntaxNode | null): boolean {
  return node?.type === 'unary_expression' && node.child(0)?.type === '*';
}

/** True when the statement gives `name` (or, `viaPointer`, `*name`) a new value, so later mentions are about another object. */
function rebinds(statement: SyntaxNode, name: string, viaPointer: boolean): boolean {
  if (statement.type !== 'assignment_statement' && statement.type !== 'short_var_declaration') return false;
  return (statement.childForFieldName('left')?.namedChildren ?? []).some((l) => {
    const target = viaPointer && isDereference(l) ? l!.namedChild(0) : l;
    return target?.type === 'identifier' && target.text === name;
  });
}

/** `name := …` or `var name …`: the statement declares a variable `name` in its block. */
function declares(statement: SyntaxNode, name: string): boolean {
  if (statement.type === 'short_var_declaration') return (statement.childForFieldName('left')?.namedChildren ?? []).some((l) => l?.text === name);
  if (statement.type !== 'var_declaration') return false;
  return descendantsOfType(statement, 'var_spec').some((spec) => spec.childrenForFieldName('name').some((n) => n?.text === name));
}

/** The first use of `name` on a path after `statement` runs (same function; not wrapping around to a loop's next pass). */
function useAfter(statement: SyntaxNode, name: string, viaPointer: boolean, imports: Imports): SyntaxNode | null {
  let current: SyntaxNode = statement;
  for (let guard = 0; guard < 500; guard++) {
    const list = current.parent;
    if (list?.type !== 'statement_list') return null;
    const siblings = statementsOf(list);
    for (const next of siblings.slice(siblings.findIndex((s) => s.id === current.id) + 1)) {
      const use = firstUse(next, name, viaPointer);
      if (use && !rebinds(next, name, viaPointer)) return use;
      if (rebinds(next, name, viaPointer) || TERMINATING.includes(next.type) || leavesLoop(next, imports)) return null;
    }
    // Fall out of this block into the statement that holds it; a loop body wraps to its next pass, which re-takes the
    // object in practice, and a function's end is the end of the path. A block that declares `name` is its scope:
    // past it, the same name is another variable (`keysPtr := pool.Get()` again in the next block).
    if (siblings.some((s) => declares(s, name))) return null;
    let holder = list.parent;
    while (holder && holder.parent?.type !== 'statement_list') {
      if (holder.type === 'for_statement' || (FUNCTION_TYPES as readonly string[]).includes(holder.type)) return null;
      holder = holder.parent;
    }
    if (!holder || holder.type === 'for_statement' || (FUNCTION_TYPES as readonly string[]).includes(holder.type)) return null;
    current = holder;
  }
  return null;
}

/** Where the object outlives the deferred Put: returned from the function, or stored outside it. */
function keptPastExit(fnBody: SyntaxNode, name: string, after: number): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  walk(fnBody, (n) => {
    if (found || n.type === 'func_literal') return false;
    if (n.startIndex < after) return true;
    if (n.type === 'return_statement') {
      const values = n.namedChild(0)?.type === 'expression_list' ? n.namedChild(0)!.namedChildren : [];
      const escaping = values.find((v) => v !== null && aliases(v, name));
      if (escaping) found = escaping;
    } else if (n.type === 'send_statement') {
      const value = n.childForFieldName('value');
      if (value && aliases(value, name)) found = value;
    } else if (n.type === 'assignment_statement') {
      const right = n.childForFieldName('right')?.namedChildren ?? [];
      for (const value of right) {
        const target = value && assignedTo(value);
        // `*bp = (*bp)[:0]` stores the object into itself (a reset): nothing outside the object refers to it.
        if (value && target && target.type !== 'identifier' && !aliases(target, name) && aliases(value, name)) found = value;
      }
    }
    return true;
  });
  return found;
}

export const rule: Rule = {
  id: 'pool-long-lived',
  defaultSeverity: 'warning',
  summary: 'sync.Pool.Put of an object that is still referenced afterwards (used, returned or stored).',
  check(ctx) {
    const facts = poolFacts(ctx.file);
    if (!facts) return;
    for (const put of facts.puts) {
      const name = put.name;
      if (!name) continue;
      let related: RelatedLocation | null = null;
      if (put.deferredIn) {
        const body = enclosingBody(put.deferredIn);
        const kept = body && keptPastExit(body, name, put.deferredIn.endIndex);
        if (kept) related = { range: rangeOf(kept), message: `${kept.text} still refers to ${name} after the deferred Put runs` };
      } else {
        const statement = put.call.parent;
        const viaPointer = isDereference(unparen(put.call.childForFieldName('arguments')?.namedChild(0) ?? put.call));
        const use = statement?.type === 'expression_statement' ? useAfter(statement, name, viaPointer, facts.imports) : null;
        if (use) related = { range: rangeOf(use), message: `${name} is used here after it went back into the pool` };
      }
      if (!related) continue;
      ctx.report({
        message: `${name} goes back into ${put.pool} while it is still referenced, so the next Get hands the same memory to another user; Put it only after its last use (copy what must outlive it).`,
        range: rangeOf(put.call),
        related: [related],
      });
    }
  },
};

function enclosingBody(node: SyntaxNode): SyntaxNode | null {
  return enclosingFunction(node)?.childForFieldName('body') ?? null;
}

declare module '../types' {
  interface RuleCatalogue {
    'pool-long-lived': true;
  }
}
