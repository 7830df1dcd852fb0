// Which requests of a function carry a deadline, and which are known to carry none. `req, _ := http.NewRequestWithContext(ctx, …)`
// (or `req.WithContext(ctx)`) where ctx came from context.WithTimeout/WithDeadline in the same function cannot hang
// forever even on a client without Timeout. A request is known to be unbounded only when it is built here with
// http.NewRequest, or with context.Background()/TODO() (directly or through a context derived here without a deadline).
// Anything else (a parameter's context, a request built by a helper) is unknown: no-timeout stays silent about it.
import { isPackageCall, methodCall, rootOf, walk, type Imports } from '../ast';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';

/** `deadline`: bounded here; `none`: known to have no deadline; `unknown`: built elsewhere or from a context we cannot see. */
export type RequestBound = 'deadline' | 'none' | 'unknown';

const UNBOUNDED_CONTEXTS = ['context.Background()', 'context.TODO()'];

const DEADLINE_CONSTRUCTORS = ['WithTimeout', 'WithDeadline', 'WithTimeoutCause', 'WithDeadlineCause'];
/** Derived contexts that keep their parent's deadline (or lack of one). */
const INHERITING_CONSTRUCTORS = ['WithCancel', 'WithCancelCause', 'WithValue', 'WithoutCancel'];

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

/** Caches, per top-level function, how the requests (and contexts) it builds are bounded. */
export class DeadlineRequests {
  private readonly byFunction = new Map<number, Map<string, RequestBound>>();
  constructor(private readonly imports: Imports) {}

  /** How the request passed to Do (`argument`) is bounded, judged from how it was built in this function. */
  boundOf(argument: SyntaxNode | null): RequestBound {
    if (argument?.type !== 'identifier') return 'unknown';
    return this.boundsIn(argument).get(`request ${argument.text}`) ?? 'unknown';
  }

  /** How a context expression (`context.Background()`, a name assigned in this function) is bounded. */
  contextBound(expression: SyntaxNode | null | undefined): RequestBound {
    if (!expression) return 'unknown';
    if (UNBOUNDED_CONTEXTS.includes(expression.text.replace(/\s/g, ''))) return 'none';
    if (expression.type !== 'identifier') return 'unknown';
    return this.boundsIn(expression).get(`context ${expression.text}`) ?? 'unknown';
  }

  private boundsIn(node: SyntaxNode): Map<string, RequestBound> {
    const fn = outermostFunction(node);
    if (!fn) return new Map();
    let bounds = this.byFunction.get(fn.id);
    if (!bounds) {
      bounds = this.collect(fn);
      this.byFunction.set(fn.id, bounds);
    }
    return bounds;
  }

  /**
   * A function of this file that builds its request with http.NewRequest and never gives it a context
   * (`func challengeRequest(u *url.URL) (*http.Request, error) { return http.NewRequest(…) }`).
   */
  private buildsWithoutContext(from: SyntaxNode, name: string): boolean {
    for (const decl of rootOf(from.tree).namedChildren) {
      if (decl?.type !== 'function_declaration' || decl.childForFieldName('name')?.text !== name) continue;
      if (!/\*\s*(\w+\.)?Request\b/.test(decl.childForFieldName('result')?.text ?? '')) return false;
      const body = decl.childForFieldName('body')?.text ?? '';
      return /\.NewRequest\s*\(/.test(body) && !/WithContext|NewRequestWithContext|context\./.test(body);
    }
    return false;
  }

  private collect(fn: SyntaxNode): Map<string, RequestBound> {
    const bounds = new Map<string, RequestBound>();
    const contextOf = (expression: SyntaxNode | null | undefined): RequestBound => {
      if (!expression) return 'unknown';
      if (UNBOUNDED_CONTEXTS.includes(expression.text.replace(/\s/g, ''))) return 'none';
      return expression.type === 'identifier' ? (bounds.get(`context ${expression.text}`) ?? 'unknown') : 'unknown';
    };
    // Pre-order is source order, so a context is known before the request that uses it. A name assigned twice keeps
    // the last verdict; a reassignment from something unknown makes it unknown.
    walk(fn, (node) => {
      if (node.type !== 'call_expression') return;
      const name = firstAssignedName(node);
      if (!name) return;
      const firstArgument = node.childForFieldName('arguments')?.namedChild(0);
      if (isPackageCall(node, this.imports, 'context', DEADLINE_CONSTRUCTORS)) bounds.set(`context ${name}`, 'deadline');
      else if (isPackageCall(node, this.imports, 'context', INHERITING_CONSTRUCTORS)) bounds.set(`context ${name}`, contextOf(firstArgument));
      else if (isPackageCall(node, this.imports, 'context', ['Background', 'TODO'])) bounds.set(`context ${name}`, 'none');
      else if (isPackageCall(node, this.imports, 'net/http', ['NewRequest'])) bounds.set(`request ${name}`, 'none');
      else if (isPackageCall(node, this.imports, 'net/http', ['NewRequestWithContext']) || methodCall(node)?.method === 'WithContext') {
        bounds.set(`request ${name}`, contextOf(firstArgument));
      } else if (node.childForFieldName('function')?.type === 'identifier' && this.buildsWithoutContext(fn, node.childForFieldName('function')!.text)) {
        bounds.set(`request ${name}`, 'none');
      } else if (bounds.has(`request ${name}`)) bounds.set(`request ${name}`, 'unknown');
    });
    return bounds;
  }
}
