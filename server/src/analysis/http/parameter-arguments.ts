// "What values can this parameter hold?" answered from the calls of its function: a server helper
// `func serveMetrics(addr string) { … Addr: addr … }` binds whatever its callers pass, and when every caller is in sight
// each argument can be judged where it is written (`go serveMetrics(fmt.Sprintf("localhost:%d", port))`).
import { nodesAtMatches, rootOf } from '../ast';
import { packageOf } from '../engine/summaries';
import { callIndexOf } from '../flow/call-sites';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { assignmentPattern } from '../syntax/assignments';

/**
 * The argument passed for parameter `name` by every call of the function that declares it, or null when some caller is
 * out of sight: the function is exported (other packages may call it), a method (its calls cannot be told apart by
 * name), used as a value, called from another file of the package (whose arguments this file cannot read), or never
 * called here. Null as well when the function assigns to the parameter, takes its address, or a closure inside it
 * declares a parameter of that name: then the name does not always hold what the caller passed.
 */
export function argumentsForParameter(name: SyntaxNode, file: GoFile): SyntaxNode[] | null {
  const fn = outermostFunction(name);
  const fnName = fn?.type === 'function_declaration' ? fn.childForFieldName('name')?.text : undefined;
  const body = fn?.childForFieldName('body');
  if (!fn || !fnName || !body || !/^[a-z_]/.test(fnName)) return null;
  const index = parameterIndex(fn, name.text);
  if (index === null || rebinds(body.text, name.text)) return null;
  const own = callIndexOf(file);
  const siblings = packageOf(file)?.programSiblingCallIndexes();
  if (!siblings || own.values.has(fnName) || siblings.some((s) => s.calls.has(fnName) || s.values.has(fnName))) return null;
  const root = rootOf(fn.tree);
  const found: SyntaxNode[] = [];
  for (const at of nodesAtMatches(root, file.text, new RegExp(`(?<![.\\w])(${fnName})\\s*\\(`, 'g'))) {
    if (at.id === fn.childForFieldName('name')?.id) continue;
    const call = at.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== at.id) return null;
    const args = call.childForFieldName('arguments');
    if (!args || args.children.some((c) => c?.type === '...')) return null;
    const argument = args.namedChildren.filter((c) => c?.type !== 'comment')[index];
    if (!argument) return null;
    found.push(argument);
  }
  return found.length > 0 ? found : null;
}

/** The position of parameter `name` among the parameters of `fn`; null when it is not one, or is variadic. */
function parameterIndex(fn: SyntaxNode, name: string): number | null {
  let position = 0;
  for (const declaration of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (declaration?.type === 'variadic_parameter_declaration') return null;
    if (declaration?.type !== 'parameter_declaration') continue;
    const names = declaration.childrenForFieldName('name');
    for (const n of names) {
      if (n?.text === name) return position;
      position++;
    }
    if (names.length === 0) position++;
  }
  return null;
}

/**
 * Where the function may give `name` another value (syntax/assignments.ts: `name = …`, `name, err := …`, `name += …`,
 * `&name`, `var name`), a `const name` that shadows it, or a closure parameter `(name T` that does.
 */
function rebinds(body: string, name: string): boolean {
  const shadows = `\\bconst\\s+${name}\\b|[(,]\\s*${name}\\s+(?:\\.\\.\\.)?[\\w*[]`;
  return new RegExp(`${assignmentPattern(name, { declarations: true, address: true, compound: true })}|${shadows}`).test(body);
}
