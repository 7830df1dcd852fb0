// A leaky health checker (workspace/healthcheck/main.go closes resp.Body only after an early return for a bad status):
// the squiggle, the plain-text Problems row with source leaklens, the hover that explains the rule once and links its
// page (opened rendered), and the quick fix that moves the existing defer up: the body is closed once, the finding goes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseCodeAction } from '../code-actions';
import { REPO_ROOT, type Harness } from '../harness';

export const name = 'a leak gets a squiggle, a Problems row, a hover and a quick fix that closes once';

const FILE = 'healthcheck/main.go';
/** 1-based position of `client.Get(url)` in the workspace file, as the Problems panel prints it. */
const ACQUISITION = '[Ln 17, Col 15]';
const FIX = 'Move the deferred resp.Body.Close() up after the error check';
const CLOSE = 'defer resp.Body.Close()';
const SQUIGGLE = '.squiggly-error, .squiggly-warning, .squiggly-info';

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

export async function run(h: Harness): Promise<void> {
  let editor = await h.openFile(FILE);
  // The extension host starts cold for the first Go file: activation plus the server's first analysis.
  let squiggle = editor.locator(SQUIGGLE).first();
  await squiggle.waitFor({ timeout: 60_000 });

  const row = await h.waitFor(
    async () => (await h.problemsRows()).find((r) => r.includes('unclosed-body')),
    20_000,
    'the unclosed-body row in the Problems panel',
  );
  assert.match(row, /leaklens\W+unclosed-body/, 'the row names the source and the rule');
  assert.ok(row.includes(ACQUISITION), `the row points at the client.Get call: ${row}`);
  assert.ok(row.includes('add defer resp.Body.Close() once the call has succeeded'), `plain text, no markdown: ${row}`);
  assert.ok(!row.includes('`'), `no backticks in the row: ${row}`);
  // The file has exactly this one leak, so the squiggle checked below is this finding's.
  const findings = (await h.problemsRows()).filter((r) => /\bleaklens\b/.test(r));
  assert.deepEqual(findings, [row], 'the only LeakLens finding in the file');
  await h.screenshot('diagnostic-problems');

  // The hover shows the diagnostic's message (VS Code's part) once, and from the language server why the rule matters,
  // once, with a link to its documentation.
  const hover = await h.hoverText(squiggle, /LeakLens unclosed-body/);
  const why = readFileSync(join(REPO_ROOT, 'docs', 'rules', 'unclosed-body.md'), 'utf8')
    .split(/^## Why.*$/m)[1]
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ');
  const flat = hover.replace(/\s+/g, ' ');
  assert.equal(occurrences(flat, 'resp.Body is not closed on every path'), 1, `the message once: ${hover}`);
  assert.equal(occurrences(flat, 'LeakLens unclosed-body'), 1, `the rule once: ${hover}`);
  assert.equal(occurrences(flat, why.replace(/`/g, '')), 1, `why it matters, once: ${hover}`);
  assert.match(hover, /Documentation/, 'a link to the rule page');
  await h.screenshot('diagnostic-hover', { target: h.page.locator('.editor-group-container.active') });
  // The link opens the rule page rendered (Markdown preview), not the raw .md as an editable tab.
  await h.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Documentation' }).first().click();
  await h.page.locator('.tab', { hasText: 'Preview unclosed-body.md' }).waitFor({ timeout: 20_000 });
  await h.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('h1', { hasText: 'unclosed-body' }).waitFor({ timeout: 30_000 });
  assert.equal(await h.page.locator('.tab', { hasText: /^\s*unclosed-body\.md/ }).count(), 0, 'no editable tab of the .md');
  await h.runCommand('View: Close Editor');
  editor = await h.openFile(FILE);
  squiggle = editor.locator(SQUIGGLE).first();
  await squiggle.waitFor({ timeout: 20_000 });

  // Quick fix: the existing defer moves up to the error check; no second Close.
  await chooseCodeAction(h, squiggle, FIX);
  await h.waitFor(async () => (await editor.locator(SQUIGGLE).count()) === 0, 20_000, 'the squiggle to go away');
  await h.waitFor(
    async () => !(await h.problemsRows()).some((r) => r.includes('unclosed-body')),
    20_000,
    'the unclosed-body row to leave the Problems panel',
  );
  await h.screenshot('diagnostic-fixed', { target: h.page.locator('.editor-group-container.active') });

  await h.page.keyboard.press('Control+S');
  const saved = await h.waitFor(
    () => {
      const text = readFileSync(join(h.workspacePath, FILE), 'utf8');
      return text.includes(`\t\treturn err\n\t}\n\t${CLOSE}\n\tif resp.StatusCode`) ? text : undefined;
    },
    10_000,
    'the fixed file on disk, the defer right after the error check',
  );
  assert.equal(occurrences(saved, 'resp.Body.Close()'), 1, `the body is closed once:\n${saved}`);
}
