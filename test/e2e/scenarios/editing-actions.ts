// The other code actions on a finding (workspace/jobs/main.go: a ticker never stopped): "Open documentation of <rule>"
// shows the rule page rendered in the Markdown preview (read-only), and "Suppress <rule> here" leaves the cursor on the
// placeholder reason, so typing replaces it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseCodeAction } from '../code-actions';
import type { Harness } from '../harness';

export const name = 'open documentation shows the rendered page; suppression puts the cursor on the reason';

const FILE = 'jobs/main.go';
const RULE = 'ticker-not-stopped';
const SQUIGGLE = '.squiggly-error, .squiggly-warning, .squiggly-info';
const REASON = 'three rounds then the ticker is collected';

export async function run(h: Harness): Promise<void> {
  let editor = await h.openFile(FILE);
  await editor.locator(SQUIGGLE).first().waitFor({ timeout: 60_000 });

  await chooseCodeAction(h, editor.locator(SQUIGGLE).first(), `Open documentation of ${RULE}`);
  const previewTab = h.page.locator('.tab', { hasText: `Preview ${RULE}.md` });
  await previewTab.waitFor({ timeout: 20_000 });
  assert.equal(await h.page.locator('.tab', { hasText: new RegExp(`^\\s*${RULE}\\.md`) }).count(), 0, 'no editable tab of the .md');
  // Rendered: the page's first heading is an <h1> inside the preview's webview (an iframe holding the active frame).
  const heading = h.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('h1', { hasText: RULE });
  await heading.waitFor({ timeout: 30_000 });
  await h.screenshot('rule-doc-preview');
  await h.runCommand('View: Close All Editors');

  editor = await h.openFile(FILE);
  const squiggle = editor.locator(SQUIGGLE).first();
  await squiggle.waitFor({ timeout: 20_000 });
  await chooseCodeAction(h, squiggle, `Suppress ${RULE} here`);
  // The placeholder is selected: what the user types replaces it.
  await h.page.keyboard.type(REASON);
  const comment = `//leaklens:ignore ${RULE} ${REASON}`;
  await editor.locator('.view-lines', { hasText: comment }).waitFor({ timeout: 10_000 });
  await h.waitFor(async () => (await editor.locator(SQUIGGLE).count()) === 0, 20_000, 'the suppressed squiggle to go away');
  await h.screenshot('suppression-reason');
  await h.page.keyboard.press('Control+S');
  await h.waitFor(
    () => readFileSync(join(h.workspacePath, FILE), 'utf8').includes(`\t${comment}\n\tticker := time.NewTicker`),
    10_000,
    'the suppression with the typed reason on disk',
  );
}
