// Is the receiver of `x.Do(req)` / `db.Query(q)` / `d.DialContext(…)` plainly of the expected type? Without type
// information we look at how the name is declared in the file (text regexes, memoised per file) and at a few
// conventional names. When in doubt the answer is no: a missed finding costs less than a wrong one.
// The file-wide look lets a `c *http.Client` parameter of one function vouch for every `c` of the file, so
// localDeclaration answers first where the enclosing function (or a function around a literal) declares the name
// itself: a parameter or `var` typed with another package's type, or a local made by a call to a function of the file
// whose result has another package's type, is not of the expected type.
import { descendantsOfType, enclosingFunction, isCompositeLiteralOf, isQualifiedType, rootOf, unparen, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import { textHas, type FileFacts } from './file-facts';
import { escapeRegExp } from '../escape-regexp';

export interface ReceiverSpec {
  importPath: string;
  /** Type names in that package, e.g. ['Client'] or ['DB', 'Tx', 'Conn']. */
  typeNames: string[];
  /** Package-level variables of those types, e.g. http.DefaultClient. */
  packageVariables?: string[];
  /** Functions or methods whose result has the type (`sql.Open(`, `.BeginTx(`), as regex source. */
  constructors?: string;
  /** Names that conventionally hold the type (whole identifier or field name). */
  conventionalName: RegExp;
}

/** The identifier or field name that names the receiver: `client`, `s.client` → "client"; null for other shapes. */
function receiverName(receiver: SyntaxNode): string | null {
  if (receiver.type === 'identifier') return receiver.text;
  if (receiver.type === 'selector_expression') return receiver.childForFieldName('field')?.text ?? null;
  return null;
}

export function receiverIs(receiver: SyntaxNode, facts: FileFacts, spec: ReceiverSpec): boolean {
  const pkgNames = facts.imports.get(spec.importPath) ?? [];
  // http.DefaultClient, or a composite literal used directly: (&net.Dialer{…}).DialContext
  if (receiver.type === 'selector_expression') {
    const operand = receiver.childForFieldName('operand')?.text ?? '';
    const field = receiver.childForFieldName('field')?.text ?? '';
    if (pkgNames.includes(operand) && spec.packageVariables?.includes(field)) return true;
  }
  const literal = receiver.type === 'parenthesized_expression' ? receiver.namedChild(0) : receiver;
  const literalText = literal?.type === 'unary_expression' ? literal.namedChild(0) : literal;
  if (literalText?.type === 'composite_literal') {
    return pkgNames.some((p) => spec.typeNames.some((t) => literalText.childForFieldName('type')?.text === `${p}.${t}`));
  }
  const name = receiverName(receiver);
  if (!name) return false;
  const n = escapeRegExp(name);
  if (pkgNames.length > 0) {
    // Each declaration pattern ends in a pattern of its own (the type, the variable, the constructor call): a file that
    // never says that one is not scanned again for every receiver name.
    const types = `(?:${pkgNames.map(escapeRegExp).join('|')})\\.(?:${spec.typeNames.join('|')})\\b`;
    // `name := &http.Client{`, `name = http.Client{`, `var name http.Client`, `name *http.Client` (param or field)
    if (textHas(facts, types) && (textHas(facts, `\\b${n}\\s*:?=\\s*&?${types}`) || textHas(facts, `\\b${n}\\s+\\*?${types}`))) return true;
    const vars = (spec.packageVariables ?? []).map((v) => `(?:${pkgNames.map(escapeRegExp).join('|')})\\.${v}\\b`);
    if (vars.length > 0 && textHas(facts, `(?:${vars.join('|')})`) && textHas(facts, `\\b${n}\\s*:?=\\s*(?:${vars.join('|')})`)) return true;
    const constructorCall = `(?:${spec.constructors})\\s*\\(`;
    if (spec.constructors && textHas(facts, constructorCall) && textHas(facts, `\\b${n}\\s*(?:,\\s*\\w+\\s*)?:?=\\s*[\\w.]*${constructorCall}`)) return true;
  }
  // A bare name under which the file imports a package is that package, not a variable: `client.Get(ctx)` of an
  // injection package returns a clientset. No naming convention applies to it.
  if (receiver.type === 'identifier' && [...facts.imports.values()].some((names) => names.includes(name))) return false;
  if (!spec.conventionalName.test(name)) return false;
  // A conventional name declared with some other package's type (`client *redis.Client`) is not ours.
  const otherTypeName = `\\b${n}\\s+\\*?(\\w+)\\.(?:${spec.typeNames.join('|')})\\b`;
  const declared = firstMatch(facts, otherTypeName);
  return !declared || pkgNames.includes(declared[1]);
}

const firstMatches = new WeakMap<FileFacts, Map<string, RegExpExecArray | null>>();

/** The first match of the regex `source` in the file's text (memoised per file, like textHas). */
function firstMatch(facts: FileFacts, source: string): RegExpExecArray | null {
  let known = firstMatches.get(facts);
  if (!known) firstMatches.set(facts, (known = new Map()));
  let match = known.get(source);
  if (match === undefined) known.set(source, (match = new RegExp(source).exec(facts.file.text)));
  return match;
}

/** 'match' when the function's own declaration proves the spec's type, 'other' when it proves another type, null when it says nothing. */
export type LocalDeclarationVerdict = 'match' | 'other' | null;

export function localDeclaration(receiver: SyntaxNode, imports: Imports, spec: ReceiverSpec): LocalDeclarationVerdict {
  if (receiver.type !== 'identifier') return null;
  const name = receiver.text;
  for (let fn = enclosingFunction(receiver); fn; fn = enclosingFunction(fn)) {
    const local = lastLocalDeclaration(fn, name, receiver.startIndex);
    if (local) return local.type === 'var_spec' && local.childForFieldName('type') ? typeVerdict(local.childForFieldName('type'), imports, spec) : valueVerdict(local, name, imports, spec);
    const param = parameterType(fn, name);
    if (param !== undefined) return typeVerdict(param, imports, spec);
  }
  return null;
}

/** The last `name := …` / `var name …` of the function itself (not of a literal inside it) before `before`. */
function lastLocalDeclaration(fn: SyntaxNode, name: string, before: number): SyntaxNode | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  const declarations = descendantsOfType(body, ['short_var_declaration', 'var_spec']).filter(
    // The climb to the enclosing function costs the node's depth: asked last.
    (d) => d.startIndex < before && declaredNames(d).includes(name) && enclosingFunction(d)?.id === fn.id,
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

/** One of the spec's types (or a pointer to it): 'match'; another package's type: 'other'; a type of this package (maybe an interface): null. */
function typeVerdict(type: SyntaxNode | null, imports: Imports, spec: ReceiverSpec): LocalDeclarationVerdict {
  if (!type) return null;
  if (spec.typeNames.some((t) => isQualifiedType(type, imports, spec.importPath, t))) return 'match';
  const named = type.type === 'pointer_type' ? type.namedChild(0) : type;
  return named?.type === 'qualified_type' ? 'other' : null;
}

/** `c := &http.Client{…}`, `c := http.DefaultClient`, or `c, err := helper()` where the file declares helper's results. */
function valueVerdict(declaration: SyntaxNode, name: string, imports: Imports, spec: ReceiverSpec): LocalDeclarationVerdict {
  const index = declaredNames(declaration).indexOf(name);
  const valueList = declaration.type === 'var_spec' ? declaration.childForFieldName('value') : declaration.childForFieldName('right');
  const values = valueList?.namedChildren ?? [];
  const single = values.length === 1 && values[0] ? unparen(values[0]) : null;
  const value = values.length === 1 ? single : values[index] ? unparen(values[index]!) : null;
  if (!value) return null;
  const literal = value.type === 'unary_expression' ? value.namedChild(0) : value;
  if (literal && spec.typeNames.some((t) => isCompositeLiteralOf(literal, imports, spec.importPath, t))) return 'match';
  if (value.type === 'selector_expression' && spec.packageVariables?.includes(value.childForFieldName('field')?.text ?? '')) {
    return (imports.get(spec.importPath) ?? []).includes(value.childForFieldName('operand')?.text ?? '') ? 'match' : null;
  }
  if (value.type !== 'call_expression') return null;
  return typeVerdict(resultTypeOfFileFunction(value, values.length === 1 ? index : 0, imports), imports, spec);
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
