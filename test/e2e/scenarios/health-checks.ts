// Health checks in the editor: a .checks block pointing at a loopback server the scenario starts, "▶ Run check", the
// inline ✅ after the request line, the status-bar summary and the row in the Health Checks view; then the same from
// a Go file's "▶ Check URL" lens.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { Harness } from '../harness';

export const name = 'health checks run from lenses and show inline, in the status bar and in the view';

const DIR = 'health-checks-e2e';

/**
 * Text VS Code draws with CSS `content` in the active editor (decorations' `after` text lives there, not in the DOM
 * text). A string expression, because the test build has no DOM types.
 */
function inlineTexts(h: Harness): Promise<string[]> {
  return h.page.evaluate<string[]>(`(() => {
    const texts = [];
    for (const el of document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines span')) {
      const content = getComputedStyle(el, '::after').content;
      if (content && content !== 'none' && content !== 'normal') texts.push(content);
    }
    return texts;
  })()`);
}

async function clickLens(editor: Locator, title: string): Promise<void> {
  const lens = editor.locator('.codelens-decoration a', { hasText: title }).first();
  // The first lens waits for the language server to start and answer.
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
}

function resultsRow(h: Harness, text: string): Locator {
  const pane = h.page.locator('.pane', { has: h.page.locator('.pane-header', { hasText: 'Health Checks' }) });
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

export async function run(h: Harness): Promise<void> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    res.writeHead(req.url === '/ok' ? 200 : 404).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    mkdirSync(join(h.workspacePath, DIR, 'probe'), { recursive: true });
    writeFileSync(join(h.workspacePath, DIR, 'api.checks'), `# e2e\n### api up\nGET ${base}/ok\n@expect status 200\n`);
    writeFileSync(
      join(h.workspacePath, DIR, 'probe', 'main.go'),
      `package main\n\nimport "net/http"\n\nfunc main() {\n\tresp, err := http.Get("${base}/ok")\n\tif err == nil {\n\t\tresp.Body.Close()\n\t}\n}\n`,
    );

    const checks = await h.openFile(`${DIR}/api.checks`);
    await clickLens(checks, '▶ Run check');
    await h.waitFor(async () => (await inlineTexts(h)).some((t) => /✅ 200 · \d+ ms/.test(t)), 20_000, 'the inline ✅ 200 after the request line');
    await h.screenshot('health-checks-inline', { target: h.activeEditor() });

    const statusBar = h.page.locator('.statusbar-item', { hasText: '✅ 1 ⚠️ 0 ❌ 0' }).first();
    await statusBar.waitFor({ timeout: 10_000 });
    await statusBar.click();
    const row = resultsRow(h, 'api up');
    await row.waitFor({ timeout: 10_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    if (!/✅ api up\s*200 · \d+ ms/.test(rowText)) throw new Error(`unexpected results row: ${rowText}`);
    await h.screenshot('health-checks-view', { target: h.page.locator('.part.sidebar') });

    const go = await h.openFile(`${DIR}/probe/main.go`);
    await clickLens(go, '▶ Check URL');
    await h.waitFor(async () => (await inlineTexts(h)).some((t) => /✅ 200 · \d+ ms/.test(t)), 20_000, 'the inline ✅ 200 after the Go URL literal');
    await resultsRow(h, `${base}/ok`).waitFor({ timeout: 10_000 });
    await h.page.locator('.statusbar-item', { hasText: '✅ 2 ⚠️ 0 ❌ 0' }).first().waitFor({ timeout: 10_000 });

    // Monitor "api up" every second, see it rerun, stop it, and see the reruns stop.
    await h.runCommand('LeakLens: Monitor Checks…');
    const pick = h.page.locator('.quick-input-list .monaco-list-row', { hasText: 'api up' }).first();
    await pick.waitFor({ timeout: 20_000 });
    await pick.click();
    await h.page.keyboard.press('Enter');
    const interval = h.page.locator('.quick-input-widget input');
    await h.page.locator('.quick-input-widget', { hasText: 'Rerun the checks every' }).waitFor({ timeout: 10_000 });
    await interval.fill('1');
    await interval.press('Enter');
    const monitoredFrom = requests;
    await h.waitFor(() => requests >= monitoredFrom + 3, 20_000, 'three monitored runs of "api up"');
    await h.runCommand('LeakLens: Stop Monitoring Checks');
    const stoppedAt = requests;
    // Absence can only be shown by waiting: two intervals, and at most the run that was in flight.
    await new Promise<void>((resolve) => setTimeout(resolve, 2500));
    if (requests > stoppedAt + 1) throw new Error(`the monitor kept running after stop: ${requests - stoppedAt} more requests`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
