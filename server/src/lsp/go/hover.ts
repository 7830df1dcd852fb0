// Hover on a LeakLens finding. The editor already shows each diagnostic's message (and its rule code) in the same
// hover, so this part adds only what the message lacks: why each rule on the range matters in a long-running program,
// once per rule, with a link to the rule's page.
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import { findRule } from '../../analysis/registry';
import type { Finding } from '../../analysis/types';
import { ruleDocHref, ruleDocWhy } from '../../analysis/ruleDocs';

export function leakLensHover(findings: readonly Finding[], position: Position): Hover | null {
  const hit = findings.filter((f) => contains(f.range, position));
  const rules = [...new Set(hit.map((f) => f.rule))];
  const parts = rules.flatMap((rule) => explain(rule) ?? []);
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: hit[0].range };
}

/** "**rule**: why … [Documentation](…)"; the rule's one-line summary when its page has no "Why" section. */
function explain(ruleId: string): string | undefined {
  const why = ruleDocWhy(ruleId) ?? findRule(ruleId)?.summary;
  if (!why) return undefined;
  const href = ruleDocHref(ruleId);
  return `**LeakLens ${ruleId}**: ${why}${href ? ` [Documentation](${href})` : ''}`;
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}
