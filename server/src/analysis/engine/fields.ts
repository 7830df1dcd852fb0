// Struct fields that are read somewhere: a cancel stored in `s.cancel` is fine when some code calls or passes
// `x.cancel`; when the package only ever assigns it, nothing can call it.
import type { RuleContext } from '../rule';

/** `.name` not followed by an assignment. */
const FIELD_READ = /\.([A-Za-z_]\w*)\b(?!\s*(?:=(?!=)|:=))/g;

/** The names of every field (or method) read through a selector in `text`. */
export function fieldsRead(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(FIELD_READ)) names.add(m[1]);
  return names;
}

export function fieldIsReadSomewhere(ctx: RuleContext, field: string): boolean {
  if (ctx.packageSummaries) return ctx.packageSummaries.fieldRead(field);
  return fieldsRead(ctx.file.text).has(field);
}
