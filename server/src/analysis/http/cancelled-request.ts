// "Does the function cancel this request's context on its way out?" A response to a request built on a context that
// the function cancels with `defer cancel()` holds nothing once the function has returned, closed or not: net/http
// watches the request's context for as long as the body is unread, and when it is done the transport closes the
// connection (HTTP/1: the read loop ends and takes the connection down) or resets the stream (HTTP/2). So a Body left
// unclosed on a way out of that function, or a response thrown away there, is released by the return itself.
//   ctx, cancel := context.WithTimeout(parent, time.Minute); defer cancel()
//   req, err := http.NewRequestWithContext(ctx, …)   (or `req = req.WithContext(ctx)`, `req.Clone(ctx)`)
//   _, err = client.Do(req)
// Only exits of the function count: a body left open at the end of a loop iteration stays held until the return,
// so a loop that runs for long piles them up. A name assigned any other way, anywhere in the function, is unknown.
import { enclosingFunction, enclosingLoop, isPackageCall, methodCall, walk, type Imports } from '../ast';
import type { Acquisition } from '../engine/lifecycle';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import { assignmentsIn, type Assignment } from '../syntax/assignments';

const CANCELLING_CONSTRUCTORS = ['WithCancel', 'WithTimeout', 'WithDeadline', 'WithCancelCause', 'WithTimeoutCause', 'WithDeadlineCause'];

/** `defer cancel()` (or `defer cancel(cause)`) in `fn`'s own body, before `acquisition`, in a block around it. */
function deferredBefore(cancel: string, fn: SyntaxNode, acquisition: SyntaxNode): boolean {
  let found = false;
  walk(fn, (node) => {
    if (found || (node.type === 'func_literal' && node.id !== fn.id)) return false;
    if (node.type !== 'defer_statement' || node.startIndex > acquisition.startIndex) return;
    const called = node.namedChildren.find((c) => c?.type === 'call_expression')?.childForFieldName('function');
    const block = node.parent;
    found = called?.type === 'identifier' && called.text === cancel && block !== null && block.startIndex <= acquisition.startIndex && acquisition.endIndex <= block.endIndex;
    return false;
  });
  return found;
}

class RequestContexts {
  private readonly assignments: Map<string, Assignment[]>;

  constructor(
    private readonly a: Acquisition,
    private readonly fn: SyntaxNode,
    private readonly imports: Imports,
  ) {
    this.assignments = assignmentsIn(outermostFunction(a.call) ?? fn);
  }

  /** Every assignment of `name` has the shape `ok` accepts (and there is one). */
  private always(name: string, ok: (x: Assignment) => boolean): boolean {
    const list = this.assignments.get(name) ?? [];
    return list.length > 0 && list.every(ok);
  }

  /**
   * `ctx` comes from one `ctx, cancel := context.WithTimeout(…)`, before the request is built on it (`usedAt`), with
   * `defer cancel()` before the request is sent; any later assignment derives the context from itself
   * (`ctx = context.WithValue(ctx, k, v)`, `ctx = before(ctx, req)`), and a context derived from a cancelled one is
   * cancelled with it. `context.WithoutCancel(ctx)` is the one derivation that escapes the cancel.
   */
  private cancelledHere(ctx: SyntaxNode | null | undefined, usedAt: SyntaxNode): boolean {
    if (ctx?.type !== 'identifier') return false;
    const assigned = this.assignments.get(ctx.text) ?? [];
    const cancelling = assigned.filter(({ value, result }) => result === 0 && value.type === 'call_expression' && isPackageCall(value, this.imports, 'context', CANCELLING_CONSTRUCTORS));
    if (cancelling.length !== 1) return false;
    const { value } = cancelling[0];
    if (value.startIndex > usedAt.startIndex) return false;
    const derivedLater = ({ value: other, result }: Assignment): boolean =>
      other.id === value.id || (result === 0 && other.startIndex > value.endIndex && this.derivesFromItself(other, ctx.text));
    if (!assigned.every(derivedLater)) return false;
    const statement = value.parent?.parent;
    const cancel = statement?.childForFieldName('left')?.namedChild(1);
    if (cancel?.type !== 'identifier' || cancel.text === '_') return false;
    const cancelOnlyHere = this.always(cancel.text, (c) => c.value.id === value.id && c.result === 1);
    return cancelOnlyHere && deferredBefore(cancel.text, this.fn, this.a.call);
  }

  /** `f(ctx, …)`: a call that takes the context as its first argument, other than `context.WithoutCancel`. */
  private derivesFromItself(value: SyntaxNode, ctx: string): boolean {
    if (value.type !== 'call_expression' || isPackageCall(value, this.imports, 'context', ['WithoutCancel'])) return false;
    const first = value.childForFieldName('arguments')?.namedChild(0);
    return first?.type === 'identifier' && first.text === ctx;
  }

  /** The request is `http.NewRequestWithContext(ctx, …)`, `r.WithContext(ctx)` or `r.Clone(ctx)` on such a ctx. */
  builtOnCancelledContext(request: SyntaxNode | null | undefined, depth = 0): boolean {
    if (!request || depth > 1) return false;
    if (request.type === 'identifier') return this.always(request.text, ({ value, result }) => result === 0 && this.builtOnCancelledContext(value, depth + 1));
    if (request.type !== 'call_expression') return false;
    const first = request.childForFieldName('arguments')?.namedChild(0);
    const method = methodCall(request)?.method;
    const builds = isPackageCall(request, this.imports, 'net/http', ['NewRequestWithContext']) || method === 'WithContext' || method === 'Clone';
    return builds && this.cancelledHere(first, request);
  }
}

/**
 * Is every leak of the response a way out of the function (or is it thrown away outside any loop)? A body left open at
 * the end of a loop iteration is held while the loop goes on, one more each turn.
 */
export function leaksOnlyOnExits(a: Acquisition): boolean {
  if (a.storedField) return false;
  return a.discarded ? enclosingLoop(a.call) === null : a.leaks.length > 0 && a.leaks.every((l) => l.reason === 'return' || l.reason === 'end');
}

/**
 * `client.Do(req)` whose every leak is a way out of the function (or whose response is thrown away outside any loop),
 * where the request carries a context the function cancels on every way out.
 */
export function releasedByCancelledContext(a: Acquisition, imports: Imports): boolean {
  const fn = a.fn ?? enclosingFunction(a.call);
  if (!fn || methodCall(a.call)?.method !== 'Do' || !leaksOnlyOnExits(a)) return false;
  return new RequestContexts(a, fn, imports).builtOnCancelledContext(a.call.childForFieldName('arguments')?.namedChild(0));
}
