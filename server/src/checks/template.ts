// `{{name}}` and `{{env:NAME}}` references inside check-file text: finding them (for diagnostics) and expanding them
// (for running). Expansion keeps two strings: the real value sent on the wire, and a display value in which every
// environment-derived part stays written as `{{env:NAME}}`, so secrets never reach results, logs or errors.
import { MAX_EXPANSION, MAX_VARIABLE_DEPTH } from '../limits';

export interface Reference {
  /** Variable name, or the environment variable's name when `env` is true. */
  name: string;
  env: boolean;
  /** Offsets in the template text, `{{` to `}}` inclusive. */
  start: number;
  end: number;
}

export interface ReferenceScan {
  references: Reference[];
  /** Offset of a `{{` that is never closed, if any. */
  unclosedAt?: number;
  /** Malformed references (`{{}}`, `{{env:}}`, `{{a b}}`), with their offsets. */
  malformed: Reference[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function scanReferences(text: string): ReferenceScan {
  const scan: ReferenceScan = { references: [], malformed: [] };
  let from = 0;
  while (from < text.length) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      scan.unclosedAt = open;
      break;
    }
    const inner = text.slice(open + 2, close).trim();
    const end = close + 2;
    const env = inner.startsWith('env:');
    const name = env ? inner.slice(4).trim() : inner;
    const reference = { name, env, start: open, end };
    if ((env ? ENV_NAME : VARIABLE_NAME).test(name)) scan.references.push(reference);
    else scan.malformed.push(reference);
    from = end;
  }
  return scan;
}

/** A value with its secret-free twin and the secret substrings it contains. */
export interface Expanded {
  value: string;
  display: string;
  secrets: string[];
}

export type EnvLookup = (name: string) => string | undefined;

/** Thrown when a template cannot be expanded; the message names variables, never values. */
export class TemplateError extends Error {}

/**
 * Expands every reference in `text`. Variables are expanded recursively (their values are templates too);
 * a missing environment variable, an undefined variable, a cycle or an expansion over MAX_EXPANSION throws a
 * TemplateError. The text's own characters do not count against the budget, only what its references bring in.
 */
export function expand(text: string, variables: ReadonlyMap<string, string>, env: EnvLookup): Expanded {
  return expandWithin(text, variables, env, 0, { left: MAX_EXPANSION });
}

function expandWithin(text: string, variables: ReadonlyMap<string, string>, env: EnvLookup, depth: number, budget: { left: number }): Expanded {
  if (depth > MAX_VARIABLE_DEPTH) throw new TemplateError('variables refer to each other in a cycle');
  const spend = (amount: number): void => {
    if (depth === 0) return;
    budget.left -= amount;
    if (budget.left < 0) throw new TemplateError(`variables expand to more than ${MAX_EXPANSION} characters`);
  };
  const scan = scanReferences(text);
  if (scan.unclosedAt !== undefined) throw new TemplateError('a "{{" is never closed');
  if (scan.malformed.length > 0) throw new TemplateError(`malformed reference ${text.slice(scan.malformed[0].start, scan.malformed[0].end)}`);
  const out: Expanded = { value: '', display: '', secrets: [] };
  let last = 0;
  for (const ref of scan.references) {
    const literal = text.slice(last, ref.start);
    spend(literal.length + 1);
    out.value += literal;
    out.display += literal;
    if (ref.env) {
      const value = env(ref.name);
      if (value === undefined) throw new TemplateError(`environment variable ${ref.name} is not set`);
      spend(value.length);
      out.value += value;
      out.display += `{{env:${ref.name}}}`;
      if (value !== '') out.secrets.push(value);
    } else {
      const definition = variables.get(ref.name);
      if (definition === undefined) throw new TemplateError(`variable ${ref.name} is not defined`);
      const inner = expandWithin(definition, variables, env, depth + 1, budget);
      out.value += inner.value;
      out.display += inner.display;
      out.secrets.push(...inner.secrets);
    }
    last = ref.end;
  }
  spend(text.length - last);
  out.value += text.slice(last);
  out.display += text.slice(last);
  return out;
}

/** Header names whose values are secrets whatever their origin. */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'authorization' ||
    lower === 'proxy-authorization' ||
    lower === 'cookie' ||
    /token|key|secret|passw|session|auth|credential|signature/.test(lower)
  );
}
