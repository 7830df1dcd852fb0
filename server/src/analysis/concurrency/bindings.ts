// Where a name gets its type or value: parameters, `var`, `const`, `:=` and `=`. Syntax only, no type checker:
// the rules use it to tell a channel, a WaitGroup or a context from other names, and stay silent when unsure.
import { unparen } from '../ast';
import type { SyntaxNode } from '../parser';
import type { ConcurrencyFacts } from './facts';
import { contains } from './syntax';

export interface Binding {
  /** The identifier at the binding position. */
  name: SyntaxNode;
  kind: 'parameter' | 'var' | 'const' | 'define' | 'assign' | 'field';
  type: SyntaxNode | null;
  value: SyntaxNode | null;
}

/** The binding that `identifier` is the bound name of, or null when it is a use. */
function bindingAt(identifier: SyntaxNode): Binding | null {
  const parent = identifier.parent;
  if (!parent) return null;
  if (parent.type === 'parameter_declaration' || parent.type === 'variadic_parameter_declaration') {
    return { name: identifier, kind: 'parameter', type: parent.childForFieldName('type'), value: null };
  }
  if (parent.type === 'var_spec' || parent.type === 'const_spec') {
    const names = parent.childrenForFieldName('name');
    const index = names.findIndex((n) => n?.id === identifier.id);
    if (index < 0) return null;
    const values = parent.childForFieldName('value');
    const value = values?.namedChildren.filter((c) => c?.type !== 'comment')[index] ?? null;
    return { name: identifier, kind: parent.type === 'var_spec' ? 'var' : 'const', type: parent.childForFieldName('type'), value };
  }
  if (parent.type === 'expression_list') {
    const statement = parent.parent;
    if (!statement || (statement.type !== 'short_var_declaration' && statement.type !== 'assignment_statement')) return null;
    if (statement.childForFieldName('left')?.id !== parent.id) return null;
    if (statement.type === 'assignment_statement' && statement.childForFieldName('operator')?.text !== '=') return null;
    const index = parent.namedChildren.findIndex((n) => n?.id === identifier.id);
    const right = statement.childForFieldName('right')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    // `a, b := f()` binds every name to the one call: keep the call as the value of each.
    const value = right.length === 1 && index > 0 ? null : (right[index] ?? null);
    return { name: identifier, kind: statement.type === 'short_var_declaration' ? 'define' : 'assign', type: null, value: value ? unparen(value) : null };
  }
  return null;
}

/** Every binding of `name` inside `scope` (a function, or the whole file). */
export function bindingsOf(name: string, facts: ConcurrencyFacts, scope: SyntaxNode): Binding[] {
  const bindings: Binding[] = [];
  for (const identifier of facts.identifiers(name, scope)) {
    if (!contains(scope, identifier)) continue;
    const binding = bindingAt(identifier);
    if (binding) bindings.push(binding);
  }
  return bindings;
}

/** For `make(chan T[, n])`: the channel type and the capacity expression (null when unbuffered by omission). */
export function channelMake(value: SyntaxNode | null): { type: SyntaxNode; capacity: SyntaxNode | null } | null {
  if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'make') return null;
  const args = value.childForFieldName('arguments')?.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
  if (args[0]?.type !== 'channel_type') return null;
  return { type: args[0], capacity: args[1] ?? null };
}

/** True when some binding of `name` in `scope` makes it a channel (a `chan` parameter or a `make(chan …)`). */
export function isChannelName(name: string, facts: ConcurrencyFacts, scope: SyntaxNode): boolean {
  return bindingsOf(name, facts, scope).some((b) => b.type?.type === 'channel_type' || channelMake(b.value) !== null);
}

/** True when `node` is an integer literal or a name bound to one, to an `int` parameter or a constant. */
export function isIntegerValued(node: SyntaxNode, facts: ConcurrencyFacts, scope: SyntaxNode): boolean {
  const expr = unparen(node);
  if (expr.type === 'int_literal') return true;
  if (expr.type !== 'identifier') return false;
  const bindings = bindingsOf(expr.text, facts, scope);
  return (
    bindings.length > 0 &&
    bindings.every((b) => b.kind === 'const' || /^u?int(8|16|32|64)?$/.test(b.type?.text ?? '') || b.value?.type === 'int_literal')
  );
}

/**
 * The identifier a value is bound to: `x` of `x := value` / `var x = value`, matched by position; for a call with
 * several results (`ctx, cancel := context.WithCancel(…)`) pass which result. Null for other shapes.
 */
export function boundName(value: SyntaxNode, resultIndex?: number): SyntaxNode | null {
  const list = value.parent;
  if (list?.type !== 'expression_list') return null;
  const values = list.namedChildren.filter((c) => c?.type !== 'comment');
  const index = resultIndex !== undefined && values.length === 1 ? resultIndex : values.findIndex((c) => c?.id === value.id);
  const holder = list.parent;
  if (holder?.type === 'short_var_declaration' && holder.childForFieldName('right')?.id === list.id) {
    const name = holder.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment')[index];
    return name?.type === 'identifier' && bindingAt(name)?.kind === 'define' ? name : null;
  }
  if (holder?.type === 'var_spec') {
    const name = holder.childrenForFieldName('name')[index];
    return name?.type === 'identifier' ? name : null;
  }
  return null;
}
