// "What does the function say about the receiver of `c.Get(url)`?" The receiver checks of engine/receivers.ts read the
// whole file's text, so a `c *http.Client` parameter of one function vouches for every `c` of the file, even a `c`
// that another function declares as a cache or an SDK client. Where the enclosing function (or a function around a
// literal) declares the name itself, that declaration decides: a parameter or `var` typed with another package's type,
// or a local made by a call to a function of the file whose result has another package's type, is no *http.Client.
import { descendantsOfType, enclosingFunction, isCompositeLiteralOf, isQualifiedType, rootOf, unparen, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';

const HTTP = 'net/http';

/** 'client' when the local declaration proves an *http.Client, 'other' when it proves another type, null when it says nothing. */
export type LocalClientVerdict = 'client' | 'other' | null;

export function localClientDeclaration(receiver: SyntaxNode, imports: Imports): LocalClientVerdict {
  if (receiver.type !== 'identifier') return null;
  const name = receiver.text;
  for (let fn = enclosingFunction(receiver); fn; fn = enclosingFunction(fn)) {
    const local = lastLocalDeclaration(fn, name, receiver.startIndex);
    if (local) return local.type === 'var_spec' && local.childForFieldName('type') ? typeVerdict(local.childForFieldName('type'), imports) : valueVerdict(local, name, imports);
    const param = parameterType(fn, name);
    if (param !== undefined) return typeVerdict(param, imports);
  }
  return null;
}

/** The last `name := …` / `var name …` of the function itself (not of a literal inside it) before `before`. */
function lastLocalDeclaration(fn: SyntaxNode, name: string, before: number): SyntaxNode | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  const declarations = descendantsOfType(body, ['short_var_declaration', 'var_spec']).filter(
    (d) => d.startIndex < before && enclosingFunction(d)?.id === fn.id && declaredNames(d).includes(name),
  );
  return declarations[declarations.length - 1] ?? null;
}

function declaredNames(declaration: SyntaxNode): string[] {
  if (declaration.type === 'var_spec') return declaration.childrenForFieldName('name').map((n) => n?.text ?? '');
  return (declaration.childForFieldName('left')?.namedChildren ?? []).map((n) => n?.text ?? '');
}

/** The type of the parameter (or method receiver) `name`; undefined when the function has none of that name. */
function parameterType(fn: SyntaxNode, name: string): SyntaxNode | null | undefined {
  const lists = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters')];
  for (const p of lists.flatMap((l) => l?.namedChildren ?? [])) {
    if (p?.type !== 'parameter_declaration' && p?.type !== 'variadic_parameter_declaration') continue;
    if (p.childrenForFieldName('name').some((n) => n?.text === name)) return p.childForFieldName('type');
  }
  return undefined;
}

/** *http.Client or http.Client: 'client'; another package's type: 'other'; a type of this package (maybe an interface): null. */
function typeVerdict(type: SyntaxNode | null, imports: Imports): LocalClientVerdict {
  if (!type) return null;
  if (isQualifiedType(type, imports, HTTP, 'Client')) return 'client';
  const named = type.type === 'pointer_type' ? type.namedChild(0) : type;
  return named?.type === 'qualified_type' ? 'other' : null;
}

/** `c := &http.Client{…}`, `c := http.DefaultClient`, or `c, err := helper()` where the file declares helper's results. */
function valueVerdict(declaration: SyntaxNode, name: string, imports: Imports): LocalClientVerdict {
  const index = declaredNames(declaration).indexOf(name);
  const valueList = declaration.type === 'var_spec' ? declaration.childForFieldName('value') : declaration.childForFieldName('right');
  const values = valueList?.namedChildren ?? [];
  const single = values.length === 1 && values[0] ? unparen(values[0]) : null;
  const value = values.length === 1 ? single : values[index] ? unparen(values[index]!) : null;
  if (!value) return null;
  const literal = value.type === 'unary_expression' ? value.namedChild(0) : value;
  if (literal && isCompositeLiteralOf(literal, imports, HTTP, 'Client')) return 'client';
  if (value.type === 'selector_expression' && value.childForFieldName('field')?.text === 'DefaultClient') {
    return (imports.get(HTTP) ?? []).includes(value.childForFieldName('operand')?.text ?? '') ? 'client' : null;
  }
  if (value.type !== 'call_expression') return null;
  return typeVerdict(resultTypeOfFileFunction(value, values.length === 1 ? index : 0, imports), imports);
}

/** The type of result `index` of the function or method of this file that `call` names (by name, when only one has it). */
function resultTypeOfFileFunction(call: SyntaxNode, index: number, imports: Imports): SyntaxNode | null {
  const callee = call.childForFieldName('function');
  const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
  if (!name) return null;
  // A package's function (`blob.Open()`), not a method of this file.
  const operand = callee?.type === 'selector_expression' ? callee.childForFieldName('operand')?.text ?? '' : '';
  if ([...imports.values()].some((names) => names.includes(operand))) return null;
  const root = rootOf(call.tree);
  const kind = callee?.type === 'identifier' ? 'function_declaration' : 'method_declaration';
  const decls = root.namedChildren.filter((d) => d?.type === kind && d.childForFieldName('name')?.text === name);
  if (decls.length !== 1) return null;
  const result = decls[0]!.childForFieldName('result');
  if (!result) return null;
  if (result.type !== 'parameter_list') return index === 0 ? result : null;
  const types = result.namedChildren.flatMap((p) => {
    if (p?.type !== 'parameter_declaration') return [];
    const count = Math.max(p.childrenForFieldName('name').length, 1);
    return Array<SyntaxNode | null>(count).fill(p.childForFieldName('type'));
  });
  return types[index] ?? null;
}
