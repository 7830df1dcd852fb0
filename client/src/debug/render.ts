// The Handles view's content as HTML, rendered in the extension and swapped into the webview. Pure, so it is tested
// without VS Code. Everything from the debuggee (stack function names, file paths) is escaped.
import type { StackGroup } from '../../../shared/src/handles/types';
import { formatRate, formatValue, type CounterState } from './counters';
import { sparklineSvg } from './sparkline';

export interface SessionModel {
  id: string;
  name: string;
  type: string;
  pid?: number;
  /** How the PID was found, e.g. "process event". */
  pidSource?: string;
  state: string;
  /** Why there are no numbers (no PID yet, process gone…). */
  notice?: string;
  pprofUrl?: string;
  counters: CounterState[];
  topStacks: StackGroup[];
}

const TOP_STACKS_SHOWN = 5;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The state as the header shows it: "paused" where DAP says stopped (VS Code's call stack says PAUSED too), and
 * "running · sampling" while samples are taken.
 */
export function stateLabel(state: string, sampling: boolean): string {
  if (state === 'stopped') return 'paused';
  return state === 'running' && sampling ? 'running · sampling' : state;
}

// Built for a 250–300 px side bar: labels wrap between words only, a breakdown (fds) is the row's tooltip rather
// than lines of its own, and the sparkline cell shrinks first.
function counterRow(c: CounterState): string {
  const value = `${c.atLeast ? '≥ ' : ''}${formatValue(c.current, c.unit)}`;
  const rate = formatRate(c.slopePerMinute, c.unit);
  const leak = c.possibleLeak ? ' <span class="leak" role="status">possible leak</span>' : '';
  const detail = c.detail ? `<span class="sr-only">: ${escapeHtml(c.detail)}</span>` : '';
  const tooltip = c.detail ? ` title="${escapeHtml(`${c.label}: ${c.detail}`)}"` : '';
  return (
    `<tr data-counter="${escapeHtml(c.id)}" class="${c.possibleLeak ? 'leaking' : ''}"${tooltip}>` +
    `<th scope="row">${escapeHtml(c.label)}${detail}</th>` +
    `<td class="value">${escapeHtml(value)}</td>` +
    `<td class="trend">${sparklineSvg(c.recent)}<span class="sr-only">${c.recent.length} samples</span></td>` +
    `<td class="rate">${rate}${leak}</td></tr>`
  );
}

function stackList(sessionId: string, groups: StackGroup[]): string {
  if (groups.length === 0) return '';
  const items = groups.slice(0, TOP_STACKS_SHOWN).map((g) => {
    const top = g.frames[0];
    const where = top ? `${top.file}:${top.line}` : g.location;
    return (
      `<li><button class="link" data-action="openStack" data-session="${escapeHtml(sessionId)}" data-file="${escapeHtml(top?.file ?? '')}" data-line="${top?.line ?? 0}" title="${escapeHtml(where)}">` +
      `<span class="count">${g.count}</span> <span class="fn">${escapeHtml(g.function)}</span> <span class="loc">${escapeHtml(basename(where))}</span></button></li>`
    );
  });
  return `<details class="stacks"><summary>Top goroutine stacks</summary><ol>${items.join('')}</ol></details>`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sessionSection(s: SessionModel): string {
  const pid = s.pid !== undefined ? `PID ${s.pid}${s.pidSource ? ` (${escapeHtml(s.pidSource)})` : ''}` : 'PID unknown';
  const header =
    `<h2>${escapeHtml(s.name)}</h2>` +
    `<p class="meta"><span>${escapeHtml(s.type)}</span> · <span>${pid}</span> · <span class="state" data-state="${escapeHtml(s.state)}">${escapeHtml(s.state)}</span>` +
    `${s.pprofUrl ? ` · <span>pprof ${escapeHtml(s.pprofUrl)}</span>` : ''}</p>`;
  const notice = s.notice ? `<p class="notice">${escapeHtml(s.notice)}</p>` : '';
  const table = s.counters.length
    ? `<table><caption class="sr-only">Handle counts of ${escapeHtml(s.name)}</caption><thead><tr><th>Counter</th><th>Now</th><th class="trend">Trend</th><th>Rate</th></tr></thead><tbody>${s.counters.map(counterRow).join('')}</tbody></table>`
    : '';
  return `<section class="session" data-session="${escapeHtml(s.id)}" aria-label="${escapeHtml(s.name)}">${header}${notice}${table}${stackList(s.id, s.topStacks)}</section>`;
}

export function renderSessions(sessions: SessionModel[]): string {
  if (sessions.length === 0) {
    return '<p class="empty">No debug session is running. Start one (Run and Debug) to see its goroutines, file descriptors, threads and memory here.</p>';
  }
  return sessions.map(sessionSection).join('');
}
