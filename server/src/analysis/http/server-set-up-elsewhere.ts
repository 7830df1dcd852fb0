// "Is this http.Server literal's configuration out of our sight, or not a listening server at all?" Three shapes:
// - handed straight to a function outside net/http (`graceful.WithDefaults(&http.Server{…})`, `configure(&http.Server{…})`):
//   the callee may set its timeouts before anything serves it, and we do not see the callee. So it is not judged.
// - kept in a local that is handed to a function value the caller supplies (`for _, opt := range opts { opt(server) }`,
//   `configure(server)` with `configure` a parameter): an option may set its timeouts, and its body is the caller's.
// - the BaseConfig of http2.ServeConnOpts: a template ServeConn reads on one connection it was given, never a server
//   that accepts connections, so its ReadHeaderTimeout has nothing to bound.
import { descendantsOfType, isCompositeLiteralOf, packageCall, unparen, type Imports } from '../ast';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import { assignedTo, valueExpression } from '../syntax/assignments';

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

/**
 * The literal is kept in a local (`server := &http.Server{…}`) that its function hands to a function value it was
 * given: a call of one of its parameters, or of a name a `range` over one declares (`for _, opt := range opts`), with
 * `server` or `&server` as an argument. What that option sets is out of sight.
 */
function handedToGivenFunction(literal: SyntaxNode): boolean {
  const target = assignedTo(literal);
  const fn = target?.type === 'identifier' ? outermostFunction(target) : null;
  const body = fn?.childForFieldName('body');
  if (!target || !fn || !body) return false;
  const given = new Set<string>();
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    for (const name of parameter?.childrenForFieldName('name') ?? []) if (name) given.add(name.text);
  }
  for (const clause of descendantsOfType(body, 'range_clause')) {
    if (!given.has(unparen(clause.childForFieldName('right') ?? clause).text)) continue;
    for (const name of clause.childForFieldName('left')?.namedChildren ?? []) if (name?.type === 'identifier') given.add(name.text);
  }
  return descendantsOfType(body, 'call_expression').some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier' || !given.has(callee.text)) return false;
    return (call.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a !== null && a.text.replace(/^&\s*/, '') === target.text);
  });
}

/** Not a server this file configures and serves: its timeouts are set, or irrelevant, out of this rule's sight. */
export function serverSetUpElsewhere(literal: SyntaxNode, imports: Imports): boolean {
  return handedToUnknownFunction(literal, imports) || isServeConnBaseConfig(literal, imports) || handedToGivenFunction(literal);
}
