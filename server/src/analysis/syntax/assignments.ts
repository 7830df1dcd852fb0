// Where the value of an expression goes: the name it is bound to, and whether it is kept beyond the statement.
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
