// Choosing a code action as a user does: click the squiggle, Ctrl+. and pick the row by its title with the keyboard
// (the action widget covers itself with a pointer block while it opens).
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Harness } from './harness';

/** Opens the light bulb menu on `squiggle` and runs the action whose row contains `title`. */
export async function chooseCodeAction(h: Harness, squiggle: Locator, title: string): Promise<void> {
  const box = await squiggle.boundingBox();
  assert.ok(box, 'the squiggle has a position on screen');
  await h.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await h.page.keyboard.press('Control+.');
  const row = h.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  const focused = h.page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 15 && !((await focused.textContent()) ?? '').includes(title); step++) {
    await h.page.keyboard.press('ArrowDown');
  }
  assert.ok(((await focused.textContent()) ?? '').includes(title), `"${title}" is selected`);
  await h.page.keyboard.press('Enter');
}
