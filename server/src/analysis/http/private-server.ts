// "Can this http.Server literal get a Handler anywhere but in the literal itself?" A server stored in an unexported
// field of a struct of its package (`&profiler{srv: &http.Server{…}}`, or positionally `&profiler{&http.Server{…}}`) is
// reached only through that field: when no other file of the package mentions the field and every mention in this file
// calls a method of the server or reads a field of it, Handler is never set, and the server serves what its literal
// says (no Handler: http.DefaultServeMux).
import { rootOf } from '../ast';
import type { FileSummary } from '../engine/summaries';
import type { SyntaxNode } from '../parser';
import { valueExpression } from '../syntax/assignments';

export function handlerOnlyFromLiteral(literal: SyntaxNode, text: string, siblings: readonly FileSummary[]): boolean {
  const field = privateFieldHolding(literal);
  if (!field || siblings.some((s) => s.fieldsRead.has(field))) return false;
  // `x.field.Serve(…)`, `x.field.Addr`: used through the field. `x.field` alone may be handed to code that sets Handler.
  for (const m of text.matchAll(new RegExp(`\\.${field}\\b(?:\\s*\\.\\s*(\\w+)\\s*(=(?!=))?)?`, 'g'))) {
    if (m[1] === undefined || (m[1] === 'Handler' && m[2] !== undefined)) return false;
  }
  return true;
}

/** The unexported field of a struct literal whose element `literal` is; null when it is stored otherwise. */
function privateFieldHolding(literal: SyntaxNode): string | null {
  const element = valueExpression(literal).parent;
  if (element?.type !== 'literal_element') return null;
  const holder = element.parent;
  let name: string | null | undefined = null;
  if (holder?.type === 'keyed_element') {
    if (holder.childForFieldName('value')?.id === element.id) name = holder.childForFieldName('key')?.text;
  } else if (holder?.type === 'literal_value') {
    const index = holder.namedChildren.filter((c) => c?.type !== 'comment').findIndex((c) => c?.id === element.id);
    const type = holder.parent?.type === 'composite_literal' ? holder.parent.childForFieldName('type') : null;
    if (type?.type === 'type_identifier') name = structFieldNames(holder, type.text)[index];
  }
  return name && /^[a-z_]/.test(name) ? name : null;
}

/** The fields of `type name struct {…}` declared at the top of the file, in order; an embedded field is null. */
function structFieldNames(node: SyntaxNode, typeName: string): (string | null)[] {
  for (const declaration of rootOf(node.tree).namedChildren) {
    if (declaration?.type !== 'type_declaration') continue;
    for (const spec of declaration.namedChildren) {
      if (spec?.type !== 'type_spec' || spec.childForFieldName('name')?.text !== typeName) continue;
      const struct = spec.childForFieldName('type');
      const list = struct?.type === 'struct_type' ? struct.namedChildren.find((c) => c?.type === 'field_declaration_list') : null;
      return (list?.namedChildren ?? [])
        .filter((f) => f?.type === 'field_declaration')
        .flatMap((f) => {
          const names = f!.childrenForFieldName('name');
          return names.length === 0 ? [null] : names.map((n) => n?.text ?? null);
        });
    }
  }
  return [];
}
