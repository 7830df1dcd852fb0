// The walkthrough ticks its steps on what the user really did: opening a Go file with a leak leaves "See a leak hint and
// apply its quick fix" unticked; applying a LeakLens quick fix while the walkthrough is closed ticks it. The LeakLens
// output starts with its start-up line. The CI step's media code blocks fit the pane without scrolling sideways.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { REPO_ROOT, type Harness } from '../harness';

export const name = 'the walkthrough ticks on an applied quick fix, not on opening a Go file; the output has its start-up line; media fit the pane';

const DIR = 'walkthrough-e2e';
const FIX = 'defer resp.Body.Close()';
const LEAKY = `package main

import (
	"net/http"
	"time"
)

func fetch(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	return resp.Status, nil
}

// A poller: fetch runs once a minute for as long as the program runs, so its leak repeats.
func main() {
	for {
		_, _ = fetch("http://127.0.0.1:1/")
		time.Sleep(time.Minute)
	}
}
`;

/** The LeakLens output channel's log file (code-server keeps output channels with `log: true` under logs/). */
function leakLensLog(h: Harness): string {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/LeakLens\.log$/.test(entry.name)) found.push(full);
    }
  };
  walk(join(h.home, 'user-data', 'logs'), 0);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

async function stepDone(h: Harness, stepId: string): Promise<boolean> {
  const icon = h.page.locator(`.codicon[data-done-step-id$="#${stepId}"]`).first();
  await icon.waitFor({ state: 'attached', timeout: 20_000 });
  return ((await icon.getAttribute('class')) ?? '').split(/\s+/).includes('complete');
}

async function openWalkthrough(h: Harness): Promise<void> {
  await h.runCommand('Welcome: Open Walkthrough...');
  await h.page.locator('.quick-input-widget input').fill('Get Started with LeakLens');
  await h.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with LeakLens' }).first().click();
  await h.page.locator('button.getting-started-step', { hasText: 'See a leak hint and apply its quick fix' }).waitFor({ timeout: 20_000 });
}

/** Closes the walkthrough by its tab's close button (its media webview keeps the keyboard focus). */
async function closeWalkthrough(h: Harness): Promise<void> {
  const tab = h.page.locator('.tab', { hasText: 'Walkthrough' }).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
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
  // VS Code creates its walkthrough service when a walkthrough is first shown (at start-up with the default Welcome
  // page; this harness starts without it): show ours once, close it, and then do the work.
  await openWalkthrough(h);
  await closeWalkthrough(h);
  const editor = await h.openFile(`${DIR}/main.go`);
  await editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor({ timeout: 60_000 });
  await openWalkthrough(h);
  assert.equal(await stepDone(h, 'leakHint'), false, 'opening a Go file with a leak does not tick the leak-hint step');
  await closeWalkthrough(h);
  await applyQuickFix(h);
  await openWalkthrough(h);

  await h.waitFor(() => stepDone(h, 'leakHint'), 10_000, 'an applied LeakLens quick fix to tick the leak-hint step');
  // The output's start-up line (item 20): version, server PID, Node, folders, changed settings.
  assert.match(leakLensLog(h), /LeakLens \d+\.\d+\.\d+ · server PID \d+ · Node v\d+[.\d]* · folders: \S+workspace · settings changed from defaults: /);

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
