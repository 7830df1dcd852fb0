// A leaky health checker (workspace/healthcheck/main.go never closes resp.Body): the squiggle, the Problems row with
// source leaklens, the hover that explains the rule, and the quick fix that makes the finding go away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from '../harness';

export const name = 'a leak gets a squiggle, a Problems row, a hover and a quick fix';

const FILE = 'healthcheck/main.go';
/** 1-based position of `client.Get(url)` in the workspace file, as the Problems panel prints it. */
const ACQUISITION = '[Ln 17, Col 15]';
const FIX = 'defer resp.Body.Close()';
const SQUIGGLE = '.squiggly-error, .squiggly-warning, .squiggly-info';

export async function run(h: Harness): Promise<void> {
  const editor = await h.openFile(FILE);
  // The extension host starts cold for the first Go file: activation plus the server's first analysis.
  const squiggle = editor.locator(SQUIGGLE).first();
  await squiggle.waitFor({ timeout: 60_000 });

  const row = await h.waitFor(
    async () => (await h.problemsRows()).find((r) => r.includes('unclosed-body')),
    20_000,
    'the unclosed-body row in the Problems panel',
  );
  assert.match(row, /leaklens\W+unclosed-body/, 'the row names the source and the rule');
  assert.ok(row.includes(ACQUISITION), `the row points at the client.Get call: ${row}`);
  // The file has exactly this one leak, so the squiggle checked below is this finding's.
  const findings = (await h.problemsRows()).filter((r) => /\bleaklens\b/.test(r));
  assert.deepEqual(findings, [row], 'the only LeakLens finding in the file');
  await h.screenshot('diagnostic-problems');

  // The hover over the squiggle shows the diagnostic and, from the language server, the rule's explanation and a
  // link to its documentation.
  const hover = await h.hoverText(squiggle, /Documentation of unclosed-body/);
  assert.match(hover, /resp\.Body is not closed/, 'the hover says what leaks');
  assert.match(hover, /LeakLens: unclosed-body/, 'the hover has the rule explanation');
  await h.screenshot('diagnostic-hover', { target: h.page.locator('.editor-group-container.active') });
  await h.page.keyboard.press('Escape');

  // Quick fix: cursor onto the finding, Ctrl+. and the preferred fix.
  const box = await squiggle.boundingBox();
  assert.ok(box, 'the squiggle has a position on screen');
  await h.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await h.page.keyboard.press('Control+.');
  const fix = h.page.locator('.action-widget .monaco-list-row', { hasText: FIX }).first();
  await fix.waitFor({ timeout: 10_000 });
  // The widget covers itself with a pointer block while it opens: choose with the keyboard, as users mostly do.
  const focused = h.page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 10 && !((await focused.textContent()) ?? '').includes(FIX); step++) {
    await h.page.keyboard.press('ArrowDown');
  }
  assert.ok(((await focused.textContent()) ?? '').includes(FIX), 'the fix is selected');
  await h.page.keyboard.press('Enter');

  await editor.locator('.view-lines', { hasText: FIX }).waitFor({ timeout: 10_000 });
  await h.waitFor(async () => (await editor.locator(SQUIGGLE).count()) === 0, 20_000, 'the squiggle to go away');
  await h.waitFor(
    async () => !(await h.problemsRows()).some((r) => r.includes('unclosed-body')),
    20_000,
    'the unclosed-body row to leave the Problems panel',
  );

  await h.page.keyboard.press('Control+S');
  await h.waitFor(
    () => readFileSync(join(h.workspacePath, FILE), 'utf8').includes(`\t${FIX}\n`),
    10_000,
    'the fixed file on disk',
  );
}
