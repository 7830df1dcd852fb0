// Which requests of a function carry a deadline: `req, _ := http.NewRequestWithContext(ctx, …)` (or `req.WithContext(ctx)`)
// where ctx came from context.WithTimeout/WithDeadline in the same function. Such a request cannot hang forever even on a
// client without Timeout. A request with some other context (a parameter, r.Context()) is bounded only if that context is.
import { enclosingFunction, isPackageCall, methodCall, walk, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';

/** `deadline`: bounded here; `context`: bounded only if the caller's context is; `none`: unbounded or unknown. */
export type RequestBound = 'deadline' | 'context' | 'none';

const UNBOUNDED_CONTEXTS = ['context.Background()', 'context.TODO()'];

const DEADLINE_CONSTRUCTORS = ['WithTimeout', 'WithDeadline', 'WithTimeoutCause', 'WithDeadlineCause'];

/** The first name assigned from a call: `ctx` in `ctx, cancel := context.WithTimeout(…)`. */
function firstAssignedName(call: SyntaxNode): string | null {
  const list = call.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || !statement || list.namedChild(0)?.id !== call.id) return null;
  if (!['short_var_declaration', 'assignment_statement', 'var_spec'].includes(statement.type)) return null;
  const left = statement.childForFieldName('left') ?? statement.childForFieldName('name');
  const first = left?.type === 'expression_list' ? left.namedChild(0) : left;
  return first?.type === 'identifier' ? first.text : null;
}

function outermostFunction(node: SyntaxNode): SyntaxNode | null {
  let fn = enclosingFunction(node);
  for (let outer = fn && enclosingFunction(fn); outer; outer = enclosingFunction(outer)) fn = outer;
  return fn;
}

/** Caches, per top-level function, the names of requests that carry a deadline. */
export class DeadlineRequests {
  private readonly byFunction = new Map<number, Map<string, RequestBound>>();
  constructor(private readonly imports: Imports) {}

  /** How the request passed to Do (`argument`) is bounded, judged from how it was built in this function. */
  boundOf(argument: SyntaxNode | null): RequestBound {
    if (argument?.type !== 'identifier') return 'none';
    const fn = outermostFunction(argument);
    if (!fn) return 'none';
    let requests = this.byFunction.get(fn.id);
    if (!requests) {
      requests = this.collect(fn);
      this.byFunction.set(fn.id, requests);
    }
    return requests.get(argument.text) ?? 'none';
  }

  private collect(fn: SyntaxNode): Map<string, RequestBound> {
    const contexts = new Set<string>();
    const requests = new Map<string, RequestBound>();
    // Pre-order is source order, so a context is known before the request that uses it.
    walk(fn, (node) => {
      if (node.type !== 'call_expression') return;
      const name = firstAssignedName(node);
      if (!name) return;
      const firstArgument = node.childForFieldName('arguments')?.namedChild(0);
      if (isPackageCall(node, this.imports, 'context', DEADLINE_CONSTRUCTORS)) contexts.add(name);
      else if (isPackageCall(node, this.imports, 'net/http', ['NewRequestWithContext']) || methodCall(node)?.method === 'WithContext') {
        if (!firstArgument || UNBOUNDED_CONTEXTS.includes(firstArgument.text.replace(/\s/g, ''))) requests.set(name, 'none');
        else requests.set(name, firstArgument.type === 'identifier' && contexts.has(firstArgument.text) ? 'deadline' : 'context');
      }
    });
    return requests;
  }
}
