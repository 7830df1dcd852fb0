// Where a freshly built value ends up within its function: kept somewhere that outlives the statement (stored), handed
// back to the caller (returned), or only used locally. Syntactic and one step deep on purpose: cheap, and it errs towards
// "stored" (no finding) when unsure.
import { contains } from '../concurrency/syntax';
import { outermostFunction } from '../flow/functions';
import type { SyntaxNode } from '../parser';
import { assignedTo, valueExpression } from './assignments';

export type Fate = 'stored' | 'returned' | 'local';

const MAX_DEPTH = 4;

const packageVariablesCache = new WeakMap<SyntaxNode, ReadonlySet<string>>();

/** The names the file declares with a top-level `var` (`var x …` and `var ( … )`), memoised per tree root. */
export function packageVariables(root: SyntaxNode): ReadonlySet<string> {
  let names = packageVariablesCache.get(root);
  if (names) return names;
  const found = new Set<string>();
  for (const declaration of root.namedChildren) {
    if (declaration?.type !== 'var_declaration') continue;
    const specs = declaration.namedChildren.flatMap((c) => (c?.type === 'var_spec_list' ? c.namedChildren : [c]));
    for (const spec of specs) for (const name of spec?.childrenForFieldName('name') ?? []) if (name) found.add(name.text);
  }
  packageVariablesCache.set(root, (names = found));
  return names;
}

export interface FlowOptions {
  /** Names declared at package level: assigning to one stores the value. */
  globals: ReadonlySet<string>;
  /** A composite literal the value passes through without being stored (e.g. an http.Client around a Transport). */
  isWrapper(composite: SyntaxNode): boolean;
}

function worst(a: Fate, b: Fate): Fate {
  if (a === 'stored' || b === 'stored') return 'stored';
  return a === 'returned' || b === 'returned' ? 'returned' : 'local';
}

/** The fate of the value of `expr`. */
export function fateOf(expr: SyntaxNode, options: FlowOptions, depth = 0): Fate {
  if (depth > MAX_DEPTH) return 'stored';
  const value = valueExpression(expr);
  const parent = value.parent;
  if (!parent) return 'local';
  if (parent.type === 'literal_element') {
    const composite = parent.parent?.type === 'keyed_element' ? parent.parent.parent?.parent : parent.parent?.parent;
    return composite && options.isWrapper(composite) ? fateOf(composite, options, depth + 1) : 'stored';
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    if (!call || call.childForFieldName('function')?.text === 'append') return 'stored';
    // A wrapper's result carries the value on; a call whose result is dropped hands it off to the callee.
    const callParent = valueExpression(call).parent?.type;
    if (callParent === 'expression_statement' || callParent === 'go_statement' || callParent === 'defer_statement') return 'stored';
    return fateOf(call, options, depth + 1);
  }
  if (parent.type === 'send_statement') return 'stored';
  if (parent.type === 'expression_list' && parent.parent?.type === 'return_statement') return 'returned';
  const target = assignedTo(value);
  if (!target) return 'local';
  if (target.type !== 'identifier') return 'stored';
  const fn = outermostFunction(value);
  if (!fn || (options.globals.has(target.text) && target.parent?.parent?.type !== 'short_var_declaration')) return 'stored';
  return fateOfLocal(target, fn, options, depth + 1);
}

/**
 * The worst fate among the uses of a local variable after it is assigned, in source order. The uses are found from the
 * mentions of the name in the function's text (an identifier: no regular-expression character; no ASCII word character
 * on either side), not by walking the function: every node of a walk crosses the wasm boundary.
 */
function fateOfLocal(name: SyntaxNode, fn: SyntaxNode, options: FlowOptions, depth: number): Fate {
  let fate: Fate = 'local';
  const spelled = name.text;
  const text = fn.text;
  const mention = new RegExp(`(?<!\\w)${spelled}(?!\\w)`, 'g');
  mention.lastIndex = name.startIndex + 1 - fn.startIndex;
  for (let m = mention.exec(text); m !== null && fate !== 'stored'; m = mention.exec(text)) {
    const node = fn.namedDescendantForIndex(fn.startIndex + m.index, fn.startIndex + m.index);
    if (node?.type !== 'identifier' || node.text !== spelled) continue;
    const reassignment = reassignmentOf(node);
    if (reassignment) {
      // `buf = bufio.NewWriter(other)`: from here on the name holds another value, when the new assignment is on the
      // path of the first (its block holds it). In a sibling branch (`if … { tr = a } else { tr = b }`, two cases of a
      // switch) it replaces nothing of this value, and the uses after the branches still see this one.
      if (reassignment.parent && contains(reassignment.parent, name)) break;
      continue;
    }
    fate = worst(fate, fateOf(node, options, depth));
  }
  return fate;
}

/** `name = …` (not `:=`, which in an inner scope would be another variable we cannot tell apart here). */
function reassignmentOf(id: SyntaxNode): SyntaxNode | null {
  const list = id.parent;
  const statement = list?.type === 'expression_list' ? list.parent : null;
  return statement?.type === 'assignment_statement' && statement.childForFieldName('left')?.id === list!.id ? statement : null;
}
