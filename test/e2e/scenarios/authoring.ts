// "LeakLens: New Automation Script…": pick the health-checker template, name the folder, get main.go opened with no
// LeakLens findings; running it again for the same folder asks before replacing main.go; a Go snippet expands.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type Harness } from '../harness';

export const name = 'a new script from a template opens with no findings, and is never replaced without asking';

/** Inside the workspace's Go module, so no go.mod is written next to main.go. */
const FOLDER = 'authoring-e2e/health-checker';
const TEMPLATE = 'HTTP health checker';

export async function run(h: Harness): Promise<void> {
  const mainGo = join(h.workspacePath, FOLDER, 'main.go');
  const template = readFileSync(join(REPO_ROOT, 'templates', 'health-checker', 'main.go'), 'utf8');

  await createScript(h);
  const editor = h.activeEditor();
  await h.page.locator('.tab.active', { hasText: 'main.go' }).waitFor({ timeout: 20_000 });
  await editor.locator('.view-lines', { hasText: 'Command healthcheck checks HTTP endpoints' }).waitFor({ timeout: 20_000 });
  assert.equal(readFileSync(mainGo, 'utf8'), template, 'main.go is the template');
  assert.equal(existsSync(join(h.workspacePath, FOLDER, 'go.mod')), false, 'the folder joins the workspace module');

  // The language status item reports the server's analysis of the active file.
  const noFindings = async () => ((await languageStatus(h)).includes('LeakLens: no findings') ? true : undefined);
  await h.waitFor(noFindings, 90_000, 'the language status "LeakLens: no findings"');
  await h.page.keyboard.press('Escape');
  await h.screenshot('authoring-template', { target: h.page.locator('.editor-group-container.active') });

  // Same folder again: VS Code asks, and Cancel keeps the file as it is.
  await createScript(h);
  const dialog = h.page.locator('.monaco-dialog-box', { hasText: 'already exists' });
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal(readFileSync(mainGo, 'utf8'), template, 'main.go was not replaced');

  // A snippet at the end of the file: its suggestion, then the expanded ticker loop.
  await editor.locator('.view-lines').click();
  await h.page.keyboard.press('Control+End');
  await h.page.keyboard.press('Enter');
  await h.page.keyboard.type('tickerloop');
  await h.page.keyboard.press('Control+Space');
  const suggestion = h.page.locator('.suggest-widget .monaco-list-row', { hasText: 'tickerloop' }).first();
  await suggestion.waitFor({ timeout: 20_000 });
  await suggestion.click();
  await editor.locator('.view-lines', { hasText: 'defer ticker.Stop()' }).waitFor({ timeout: 10_000 });
  // The expanded snippet with its first placeholder (the function name) selected for typing, scrolled up into view
  // (Ctrl+Down scrolls the editor by a line and leaves the selection alone).
  for (let line = 0; line < 14; line++) await h.page.keyboard.press('Control+ArrowDown');
  await h.screenshot('authoring-snippet', { target: h.page.locator('.editor-group-container.active') });
}

/** Runs the command, picks the template and accepts FOLDER as the folder name. */
async function createScript(h: Harness): Promise<void> {
  await h.runCommand('LeakLens: New Automation Script…');
  await h.page.locator('.quick-input-list .monaco-list-row', { hasText: TEMPLATE }).first().click({ timeout: 10_000 });
  const input = h.page.locator('.quick-input-widget input');
  await h.waitFor(async () => ((await input.inputValue()) === 'health-checker' ? true : undefined), 10_000, 'the folder input box');
  await input.fill(FOLDER);
  await input.press('Enter');
}

/** The text of the language status hover (the `{}` item of the status bar), '' while it does not show. */
async function languageStatus(h: Harness): Promise<string> {
  await h.page.keyboard.press('Escape');
  const item = h.page.locator('[id="status.languageStatus"]');
  if (!(await item.isVisible())) return '';
  await item.click();
  const hover = h.page.locator('.monaco-hover:not(.hidden)');
  const shown = await hover.first().waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
  return shown ? (await hover.allInnerTexts()).join('\n') : '';
}
