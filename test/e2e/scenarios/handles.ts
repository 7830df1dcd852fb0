// The debug-session handle panel in real VS Code: start a js-debug session of a leaking Node script from its launch
// configuration, open the LeakLens: Handles view, watch the Timeout counter grow until it is marked "possible leak"
// (with one notification for the session, naming the counters), check the layout at the default side-bar width (no
// word broken across lines, no horizontal scrolling), "paused" while paused, and what Show Top Goroutine Stacks says in
// a Node session; then stop the session and see the view drop it and the debuggee end.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Harness } from '../harness';
import { counterValue, handlesFrame, HANDLES_VIEW_TITLE, pick } from '../handles-view';

export const name = 'the Handles view shows a leaking Node session growing, marks it, and stops with it';

const LAUNCH_CONFIGURATION = 'LeakLens: leaky timers';
/** The growth rule needs ≥ 30 s of samples; allow for a cold js-debug start and a busy machine. */
const LEAK_MARK_TIMEOUT_MS = 120_000;

export async function run(h: Harness): Promise<void> {
  // Quick Open's "debug " prefix lists the launch configurations and starts the one picked.
  await h.page.keyboard.press('Control+P');
  await pick(h, LAUNCH_CONFIGURATION, `debug ${LAUNCH_CONFIGURATION}`);
  let pid: number | undefined;
  try {
    await h.page.keyboard.press('F1');
    await pick(h, `Focus on ${HANDLES_VIEW_TITLE} View`, `>Focus on ${HANDLES_VIEW_TITLE} View`);
    const frame = await h.waitFor(() => handlesFrame(h), 60_000, 'the Handles webview');

    // The session appears with the PID js-debug gave its child session, and its Timeout counter grows.
    const section = frame.locator('section.session', { hasText: /leaky.timers/ }).first();
    await section.waitFor({ timeout: 60_000 });
    const pidText = await h.waitFor(async () => /PID (\d+)/.exec(await section.innerText())?.[1], 60_000, 'the debuggee PID in the view');
    pid = Number(pidText);
    assert.ok(existsSync(`/proc/${pid}`), `PID ${pid} is a live process on this machine`);
    const first = await h.waitFor(() => counterValue(frame, 'node:Timeout'), 60_000, 'the Node Timeout counter');
    await h.waitFor(async () => ((await counterValue(frame, 'node:Timeout')) ?? 0) >= first + 20, 30_000, 'the Timeout counter to grow by 20');

    // Steady growth for ≥ 30 s: the counter is marked, and one notification says so.
    const mark = frame.locator('tr[data-counter="node:Timeout"] .leak', { hasText: 'possible leak' });
    await mark.waitFor({ timeout: LEAK_MARK_TIMEOUT_MS });
    const toast = h.page.locator('.notification-toast', { hasText: /possible leak in "[^"]*leaky.timers[^"]*": .*Node Timeout \(\+[\d.]+\/min\).* growing/ });
    await toast.first().waitFor({ timeout: 10_000 });
    await toast.first().locator('.monaco-button', { hasText: 'Show Handles' }).waitFor({ timeout: 5_000 });
    // Later samples update the view, never add toasts: still one for this session a few samples on.
    await new Promise<void>((resolve) => setTimeout(resolve, 3000));
    const leakToasts = await h.page.locator('.notification-toast', { hasText: 'possible leak' }).count();
    assert.equal(leakToasts, 1, `${leakToasts} possible-leak notifications for one session`);

    // Designed for the default side-bar width: no word breaks across lines, nothing scrolls sideways.
    const layout = await frame.evaluate(`(() => {
      const broken = [];
      for (const th of document.querySelectorAll('tbody th')) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement.closest('.sr-only')) continue;
          for (const match of node.textContent.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(match[0]);
          }
        }
      }
      const root = document.documentElement;
      return { broken, width: root.clientWidth, overflow: root.scrollWidth - root.clientWidth };
    })()`) as { broken: string[]; width: number; overflow: number };
    assert.deepEqual(layout.broken, [], `words broken across lines at ${layout.width} px`);
    assert.ok(layout.overflow <= 0, `the view scrolls sideways by ${layout.overflow} px at ${layout.width} px`);
    assert.ok(layout.width >= 200 && layout.width <= 320, `the side bar is at its default width (${layout.width} px)`);
    // The README's picture: the debugger's own panes collapsed, so the Handles view gets the side bar's height.
    for (const title of ['Variables', 'Watch', 'Call Stack', 'Loaded Scripts', 'Breakpoints']) {
      const header = h.page.locator('.part.sidebar .pane-header').filter({ has: h.page.locator('h3.title', { hasText: title }) }).first();
      if ((await header.getAttribute('aria-expanded').catch(() => null)) === 'true') await header.click();
    }
    await h.runCommand('Notifications: Clear All Notifications');
    await h.screenshot('handles-view', { target: h.page.locator('.part.sidebar') });

    // Stacks need a Go session serving pprof: a Node session gets told how to get them.
    await h.runCommand('LeakLens: Show Top Goroutine Stacks');
    await h.page.locator('.notification-toast', { hasText: /Go debug session whose program serves net\/http\/pprof/ }).first().waitFor({ timeout: 10_000 });
    await h.runCommand('Notifications: Clear All Notifications');

    // Paused reads "paused", as the Call Stack says.
    await h.runCommand('Debug: Pause');
    await frame.locator('.state', { hasText: /^paused$/ }).waitFor({ timeout: 20_000 });
    await h.runCommand('Debug: Continue');
    await frame.locator('.state', { hasText: /^running/ }).waitFor({ timeout: 20_000 });

    // Stop: the session leaves the view and its process ends; no sampling is left running for it.
    await h.runCommand('Debug: Stop');
    await frame.locator('.empty', { hasText: 'No debug session is running' }).waitFor({ timeout: 30_000 });
    const ended = pid;
    await h.waitFor(() => !existsSync(`/proc/${ended}`), 20_000, `the debuggee ${ended} to exit`);
    assert.equal(await frame.locator('section.session').count(), 0);
  } finally {
    // Whatever failed above, leave no debug session behind for the next scenario.
    if (pid !== undefined && existsSync(`/proc/${pid}`)) await h.runCommand('Debug: Stop').catch(() => undefined);
  }
}
