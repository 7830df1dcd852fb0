// "Does this function block serving HTTP until the process exits?" Its own body has no `return`, and it ends in
// `if err := srv.Serve(l); err != nil { …exit… }` (or ListenAndServe, ListenAndServeTLS, ServeTLS). net/http's
// Serve methods always return a non-nil error (http.ErrServerClosed after Shutdown), so the function never gets
// past that statement: what it starts lives exactly as long as the call, which lasts until the program exits.
import { lastStatementOf, methodCall, type Imports } from '../ast';
import { failureBranch } from '../flow/error-branch';
import { callNeverReturnsInFile } from '../flow/no-return';
import { someOwn } from '../concurrency/syntax';
import type { SyntaxNode } from '../parser';

const SERVE_METHODS = new Set(['Serve', 'ServeTLS', 'ListenAndServe', 'ListenAndServeTLS']);

export function servesUntilExit(fn: SyntaxNode | null, imports: Imports): boolean {
  const body = fn?.childForFieldName('body') ?? null;
  const last = lastStatementOf(body);
  if (!body || last?.type !== 'if_statement' || last.childForFieldName('alternative')) return false;
  if (someOwn(body, (n) => n.type === 'return_statement')) return false;
  const init = last.childForFieldName('initializer');
  const left = init?.type === 'short_var_declaration' ? init.childForFieldName('left')?.namedChildren ?? [] : [];
  const call = init?.childForFieldName('right')?.namedChild(0);
  const method = call?.type === 'call_expression' ? methodCall(call)?.method : undefined;
  const errName = left.length === 1 && left[0]?.type === 'identifier' ? left[0].text : null;
  if (!method || !SERVE_METHODS.has(method) || !errName) return false;
  const condition = last.childForFieldName('condition');
  const failure = condition ? failureBranch(condition, { errName, name: null }, imports) : null;
  if (failure?.branch !== 'then' || failure.subject !== 'error') return false;
  const end = lastStatementOf(last.childForFieldName('consequence'));
  const exit = end?.type === 'expression_statement' ? end.namedChild(0) : null;
  return exit?.type === 'call_expression' && callNeverReturnsInFile(exit);
}
