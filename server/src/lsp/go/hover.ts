// Hover on a LeakLens finding: what leaks (the message), what the rule is about (its summary), why it matters in a
// long-running program (from the rule's doc page) and a link to that page.
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import { findRule } from '../../analysis/registry';
import type { Finding } from '../../analysis/types';
import { ruleDocHref, ruleDocWhy } from '../../analysis/ruleDocs';

export function leakLensHover(findings: readonly Finding[], position: Position): Hover | null {
  const hit = findings.filter((f) => contains(f.range, position));
  if (hit.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hit.map(describe).join('\n\n---\n\n') },
    range: hit[0].range,
  };
}

function describe(finding: Finding): string {
  const rule = findRule(finding.rule);
  const href = ruleDocHref(finding.rule);
  const why = ruleDocWhy(finding.rule);
  const parts = [`**LeakLens: ${finding.rule}** (${finding.severity})`, finding.message];
  if (rule) parts.push(`*Rule:* ${rule.summary}`);
  if (why) parts.push(`*Why it matters:* ${why}`);
  if (href) parts.push(`[Documentation of ${finding.rule}](${href})`);
  return parts.join('\n\n');
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}
