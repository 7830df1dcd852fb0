// The walkthrough ticks its steps on what the user really did, including work done before it was opened: a LeakLens
// quick fix applied (here, in a file of its own) ticks "See a leak hint and apply its quick fix"; "Run a health check"
// is ticked exactly when a check ran in this session (the health-checks scenario, when it ran before), not because Go
// files were opened. Its media code blocks fit the pane without scrolling sideways.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { REPO_ROOT, type Harness } from '../harness';

export const name = 'the walkthrough ticks on applied quick fixes and real runs, and its media fit the pane';

const DIR = 'walkthrough-e2e';
const FIX = 'defer resp.Body.Close()';
const LEAKY = `package main

import "net/http"

func fetch(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}

func main() { _, _ = fetch("http://127.0.0.1:1/") }
`;

async function stepDone(h: Harness, stepId: string): Promise<boolean> {
  const icon = h.page.locator(`.codicon[data-done-step-id$="#${stepId}"]`).first();
  await icon.waitFor({ state: 'attached', timeout: 20_000 });
  return ((await icon.getAttribute('class')) ?? '').split(/\s+/).includes('complete');
}

async function applyQuickFix(h: Harness): Promise<void> {
  const editor = await h.openFile(`${DIR}/main.go`);
  const squiggle = editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first();
  await squiggle.waitFor({ timeout: 60_000 });
  const box = await squiggle.boundingBox();
  assert.ok(box, 'the squiggle is on screen');
  await h.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await h.page.keyboard.press('Control+.');
  await h.page.locator('.action-widget .monaco-list-row', { hasText: FIX }).first().waitFor({ timeout: 10_000 });
  const focused = h.page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 10 && !((await focused.textContent()) ?? '').includes(FIX); step++) await h.page.keyboard.press('ArrowDown');
  await h.page.keyboard.press('Enter');
  await editor.locator('.view-lines', { hasText: FIX }).waitFor({ timeout: 10_000 });
}

/** The webview frame of the walkthrough's markdown media that contains `text`. */
async function mediaFrame(h: Harness, text: string): Promise<Frame | undefined> {
  for (const frame of h.page.frames()) {
    const body = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
    if (body.includes(text) && (await frame.locator('pre').count().catch(() => 0)) > 0) return frame;
  }
  return undefined;
}

export async function run(h: Harness): Promise<void> {
  mkdirSync(join(h.workspacePath, DIR), { recursive: true });
  writeFileSync(join(h.workspacePath, DIR, 'main.go'), LEAKY);
  await applyQuickFix(h);

  await h.runCommand('Welcome: Open Walkthrough...');
  await h.page.locator('.quick-input-widget input').fill('Get Started with LeakLens');
  await h.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with LeakLens' }).first().click();
  await h.page.locator('button.getting-started-step', { hasText: 'See a leak hint and apply its quick fix' }).waitFor({ timeout: 20_000 });

  assert.equal(await stepDone(h, 'leakHint'), true, 'an applied LeakLens quick fix ticks the leak-hint step');
  const checkRan = existsSync(join(h.workspacePath, 'health-checks-e2e'));
  assert.equal(await stepDone(h, 'healthCheck'), checkRan, `the health-check step is ticked exactly when a check ran (ran: ${checkRan})`);

  // The CI step's media: its workflow fits the pane.
  await h.page.locator('button.getting-started-step', { hasText: 'Run the CLI in CI' }).click();
  const frame = await h.waitFor(() => mediaFrame(h, 'leaklens-cli.tgz'), 20_000, 'the CI step media');
  const overflow = (await frame.evaluate(`(() => [...document.querySelectorAll('pre')].map((p) => p.scrollWidth - p.clientWidth))()`)) as number[];
  assert.ok(overflow.every((o) => o <= 0), `code blocks scroll sideways by ${overflow.join(', ')} px`);
  // For a person to look at (not a README picture).
  const resultsDir = join(REPO_ROOT, 'test-results', 'e2e');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'walkthrough-ci.png'), await h.page.locator('.editor-group-container.active').screenshot());
}
