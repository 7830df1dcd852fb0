// What the e2e scenarios that watch the Handles view share: picking from the quick input, finding the view's webview
// document among the page's nested frames, and reading a counter's value from it.
import type { Frame, Locator } from 'playwright-core';
import type { Harness } from './harness';

export const HANDLES_VIEW_TITLE = 'LeakLens: Handles';

/** Types `typed` into the open quick input and clicks the first row that shows `text`. */
export async function pick(h: Harness, text: string, typed: string): Promise<void> {
  const input = h.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(typed);
  const row = h.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** The webview document of the Handles view (nested iframes; its <title> names it). */
export async function handlesFrame(h: Harness): Promise<Frame | undefined> {
  for (const frame of h.page.frames()) {
    const title = await frame.title().catch(() => '');
    if (title === HANDLES_VIEW_TITLE && (await frame.locator('#content').count().catch(() => 0)) > 0) return frame;
  }
  return undefined;
}

/** The number in a counter's row (`data-counter`), or undefined while the row has none. */
export async function counterValue(scope: Frame | Locator, counter: string): Promise<number | undefined> {
  const cell = scope.locator(`tr[data-counter="${counter}"] td.value`);
  if ((await cell.count()) === 0) return undefined;
  const digits = (await cell.first().innerText()).replace(/[^\d]/g, '');
  return digits ? Number(digits) : undefined;
}
