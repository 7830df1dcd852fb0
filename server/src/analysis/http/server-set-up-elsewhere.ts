// "Is this http.Server literal's configuration out of our sight, or not a listening server at all?" Two shapes:
// - handed straight to a function outside net/http (`graceful.WithDefaults(&http.Server{…})`, `configure(&http.Server{…})`):
//   the callee may set its timeouts before anything serves it, and we do not see the callee. So it is not judged.
// - the BaseConfig of http2.ServeConnOpts: a template ServeConn reads on one connection it was given, never a server
//   that accepts connections, so its ReadHeaderTimeout has nothing to bound.
import { isCompositeLiteralOf, packageCall, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import { valueExpression } from '../syntax/assignments';

const HTTP = 'net/http';
const HTTP2 = 'golang.org/x/net/http2';

/**
 * The literal (through `&`, parentheses) is an argument of a call to a function that is not net/http's own. `append`
 * only stores it: whatever serves it later is judged like any stored server.
 */
function handedToUnknownFunction(literal: SyntaxNode, imports: Imports): boolean {
  const list = valueExpression(literal).parent;
  const call = list?.type === 'argument_list' ? list.parent : null;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.text === 'append') return false;
  return packageCall(call, imports)?.importPath !== HTTP;
}

/** `http2.ServeConnOpts{BaseConfig: &http.Server{…}}`. */
function isServeConnBaseConfig(literal: SyntaxNode, imports: Imports): boolean {
  const element = valueExpression(literal).parent;
  const keyed = element?.type === 'literal_element' ? element.parent : null;
  if (keyed?.type !== 'keyed_element' || keyed.childForFieldName('key')?.text !== 'BaseConfig') return false;
  const owner = keyed.parent?.parent;
  return owner !== null && owner !== undefined && isCompositeLiteralOf(owner, imports, HTTP2, 'ServeConnOpts');
}

/** Not a server this file configures and serves: its timeouts are set, or irrelevant, out of this rule's sight. */
export function serverSetUpElsewhere(literal: SyntaxNode, imports: Imports): boolean {
  return handedToUnknownFunction(literal, imports) || isServeConnBaseConfig(literal, imports);
}
