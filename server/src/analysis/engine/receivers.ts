// Is the receiver of `x.Do(req)` / `db.Query(q)` / `d.DialContext(…)` plainly of the expected type? Without type
// information we look at how the name is declared in the file (text regexes, memoised per file) and at a few
// conventional names. When in doubt the answer is no: a missed finding costs less than a wrong one.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from './file-facts';

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

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function textHas(facts: FileFacts, source: string): boolean {
  let found = facts.textMemo.get(source);
  if (found === undefined) {
    found = new RegExp(source).test(facts.file.text);
    facts.textMemo.set(source, found);
  }
  return found;
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
  const n = escapeRegex(name);
  if (pkgNames.length > 0) {
    // Each declaration pattern ends in a pattern of its own (the type, the variable, the constructor call): a file that
    // never says that one is not scanned again for every receiver name.
    const types = `(?:${pkgNames.map(escapeRegex).join('|')})\\.(?:${spec.typeNames.join('|')})\\b`;
    // `name := &http.Client{`, `name = http.Client{`, `var name http.Client`, `name *http.Client` (param or field)
    if (textHas(facts, types) && (textHas(facts, `\\b${n}\\s*:?=\\s*&?${types}`) || textHas(facts, `\\b${n}\\s+\\*?${types}`))) return true;
    const vars = (spec.packageVariables ?? []).map((v) => `(?:${pkgNames.map(escapeRegex).join('|')})\\.${v}\\b`);
    if (vars.length > 0 && textHas(facts, `(?:${vars.join('|')})`) && textHas(facts, `\\b${n}\\s*:?=\\s*(?:${vars.join('|')})`)) return true;
    const constructorCall = `(?:${spec.constructors})\\s*\\(`;
    if (spec.constructors && textHas(facts, constructorCall) && textHas(facts, `\\b${n}\\s*(?:,\\s*\\w+\\s*)?:?=\\s*[\\w.]*${constructorCall}`)) return true;
  }
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
