// How a check result reads in the editor: codicons where VS Code renders them (status bar, views), plain-text marks
// where it cannot (inline decorations draw text only), and Markdown tooltips. Pure (no VS Code): unit-tested.
// Emoji are avoided everywhere: without an emoji font they are empty boxes.
import type { CheckOutcome, CheckResult } from '../../../server/src/protocol/checks';

/** Codicon ids per outcome, for `$(id)` in status-bar text and `ThemeIcon`s in views. */
export const OUTCOME_CODICONS: Record<CheckOutcome, string> = { healthy: 'pass', unhealthy: 'warning', failed: 'error' };

/** Marks of inline results: text characters every common monospace font has. */
export const INLINE_MARKS: Record<CheckOutcome, string> = { healthy: '✓', unhealthy: '⚠', failed: '✗' };

export type OutcomeCounts = Record<CheckOutcome, number>;

/** "200 · 43 ms", or why no answer came. */
export function outcomeText(result: CheckResult): string {
  return result.status === null ? (result.error ?? 'failed') : `${result.status} · ${result.latencyMs} ms`;
}

/** "✓ 200 · 43 ms", "⚠ 503 · 12 ms", "✗ connection refused". */
export function inlineResult(result: CheckResult): string {
  return `${INLINE_MARKS[result.outcome]} ${outcomeText(result)}`;
}

/** "$(pass) 5 $(warning) 1 $(error) 0", with "$(pulse) " in front while monitoring. */
export function statusBarText(counts: OutcomeCounts, monitoring: boolean): string {
  const parts = (Object.keys(OUTCOME_CODICONS) as CheckOutcome[]).map((o) => `$(${OUTCOME_CODICONS[o]}) ${counts[o]}`);
  return `${monitoring ? '$(pulse) ' : ''}${parts.join(' ')}`;
}

/** Escapes text for Markdown prose (not for code spans: they take their content literally). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|!~]/g, '\\$&');
}

/** A Markdown code span of `text`: fenced with more backticks than the longest run inside, never escaped. */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The Markdown tooltip of a result row in the Health Checks view. */
export function resultTooltip(result: CheckResult, startedAtText: string): string {
  const lines = [`**${escapeMarkdown(result.name)}** — ${result.outcome}`, codeSpan(`${result.method} ${result.url}`)];
  lines.push(`Status: ${result.status ?? '—'} · Latency: ${result.latencyMs} ms · Redirects: ${result.redirects}`);
  if (result.error) lines.push(`Error: ${escapeMarkdown(result.error)}`);
  if (result.failedAssertions.length > 0) lines.push(result.failedAssertions.map((a) => `- ${escapeMarkdown(a)}`).join('\n'));
  lines.push(`Run at ${escapeMarkdown(startedAtText)}`);
  return lines.join('\n\n');
}
