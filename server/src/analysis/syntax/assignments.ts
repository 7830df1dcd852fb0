// Where the value of an expression goes: the name it is bound to, and whether it is kept beyond the statement.
import { walk } from '../ast';
import type { SyntaxNode } from '../parser';

const ASSIGNMENTS = ['short_var_declaration', 'assignment_statement', 'var_spec'];

/** Looks through `&x`, `(x)`: the expression whose value the parent receives. */
export function valueExpression(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || (n.parent.type === 'unary_expression' && n.parent.child(0)?.type === '&'))) {
    n = n.parent;
  }
  return n;
}

/**
 * What `expr` is assigned to: the left-hand expression at the same position (`c` in `c := &http.Client{}`, `s.client`
 * in `s.client = …`), or null when it is not the right side of an assignment or declaration.
 */
export function assignedTo(expr: SyntaxNode): SyntaxNode | null {
  const value = valueExpression(expr);
  const list = value.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || !statement || !ASSIGNMENTS.includes(statement.type)) return null;
  if (statement.childForFieldName('right') && statement.childForFieldName('right')?.id !== list.id) return null;
  if (statement.type === 'var_spec' && statement.childForFieldName('value')?.id !== list.id) return null;
  const index = list.namedChildren.findIndex((c) => c?.id === value.id);
  const left = statement.childForFieldName('left');
  if (left) return left.type === 'expression_list' ? left.namedChild(index) : index === 0 ? left : null;
  // var_spec: its names are repeated `name` fields.
  const names = statement.childrenForFieldName('name').filter((c): c is SyntaxNode => c !== null);
  return names[index] ?? null;
}

/** The key of the keyed element whose value is `expr` (`client` in `checker{client: &http.Client{}}`), or null. */
export function literalKeyOf(expr: SyntaxNode): string | null {
  const value = valueExpression(expr);
  const element = value.parent;
  const keyed = element?.type === 'literal_element' ? element.parent : null;
  if (keyed?.type !== 'keyed_element' || keyed.childForFieldName('value')?.id !== element?.id) return null;
  return keyed.childForFieldName('key')?.text ?? null;
}

export interface Assignment {
  /** The value assigned, or the call whose `result`-th result is assigned. */
  value: SyntaxNode;
  result: number;
}

/**
 * Every value assigned to each name in `fn` (closures included): `a, b := f()` gives a ← f()[0], b ← f()[1]. A field
 * assigned there (`s.ln, err = …`) is listed under its text, `s.ln`.
 */
export function assignmentsIn(fn: SyntaxNode): Map<string, Assignment[]> {
  const byName = new Map<string, Assignment[]>();
  const note = (name: SyntaxNode | null | undefined, value: SyntaxNode | null | undefined, result: number) => {
    if ((name?.type !== 'identifier' && name?.type !== 'selector_expression') || name.text === '_') return;
    const list = byName.get(name.text) ?? [];
    list.push({ value: value ?? name, result });
    byName.set(name.text, list);
  };
  walk(fn, (node) => {
    const isAssignment = node.type === 'short_var_declaration' || node.type === 'assignment_statement';
    if (!isAssignment && node.type !== 'var_spec') return;
    const names = isAssignment
      ? (node.childForFieldName('left')?.namedChildren ?? [])
      : node.childrenForFieldName('name');
    const values = (isAssignment ? node.childForFieldName('right') : node.childForFieldName('value'))?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    // `var req *http.Request` assigns the zero value: no request is built there.
    if (values.length === 0) return;
    names.forEach((name, i) => (values.length === 1 ? note(name, values[0], i) : note(name, values[i], 0)));
  });
  return byName;
}

/**
 * A pattern for the text where `name` is set: `name = …`, `name := …`, or `name` among several names on the left
 * (`a, name, err = …`); with `declarations`, also `var name`; with `address`, also `&name` (it may be
 * set through the pointer); with `compound`, also `name += …` and the other operators. Read from the text, so that a
 * body is judged in one regex pass.
 */
export function assignmentPattern(name: string, also: { declarations?: boolean; address?: boolean; compound?: boolean } = {}): string {
  const alternatives = [`(?:^|[^.\\w])${name}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)`, `,\\s*${name}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)`];
  if (also.declarations) alternatives.push(`\\bvar\\s+(?:\\w+\\s*,\\s*)*${name}\\b`);
  if (also.address) alternatives.push(`&\\s*${name}\\b`);
  if (also.compound) alternatives.push(`(?:^|[^.\\w])${name}\\s*(?:[-+*/%|^]|&\\^?|<<|>>)=(?!=)`);
  return alternatives.join('|');
}
