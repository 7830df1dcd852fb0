// Health checks in the editor: a .checks block pointing at a loopback server the scenario starts, "Run check", the
// inline ✓ after the request line, the status-bar summary (codicons, no emoji) and the row in the Health Checks view,
// with no progress notification for a quick run; then a Go file's "Check URL" lens. A failing check stays out of
// Problems until leaklens.checks.showInProblems puts it there (as information) and an edit clears it. A multi-line URL
// list has one lens and one palette entry per URL; a block with an undefined variable is listed, but cannot be picked.
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
  // Lenses draw a codicon, never an emoji.
  if ((await lens.locator('.codicon-play').count()) !== 1) throw new Error(`the "${title}" lens has no play codicon: ${await lens.innerHTML()}`);
  await lens.click();
}

/** Lens titles of the active editor, as shown. */
async function lensTitles(editor: Locator): Promise<string[]> {
  // Commandless lenses ("Cannot run: …") are drawn as text, not links: read whole decorations.
  return (await editor.locator('.codelens-decoration').allInnerTexts()).flatMap((t) => t.split('|').map((part) => part.replace(/\s+/g, ' ').trim()));
}

/** Records the text of every notification toast that appears from now on (a quick run must not flash one). */
async function watchToasts(h: Harness): Promise<() => Promise<string[]>> {
  await h.page.evaluate(`(() => {
    window.__leaklensToasts = [];
    const observer = new MutationObserver(() => {
      for (const toast of document.querySelectorAll('.notification-toast')) window.__leaklensToasts.push(toast.textContent || '');
    });
    observer.observe(document.body, { childList: true, subtree: true });
    window.__leaklensToastObserver = observer;
  })()`);
  return async () =>
    h.page.evaluate<string[]>(`(() => { window.__leaklensToastObserver.disconnect(); return window.__leaklensToasts; })()`);
}

/** The status-bar summary: its codicons and the counts beside them. */
async function statusBarSummary(h: Harness): Promise<string> {
  const item = h.page.locator('.statusbar-item').filter({ has: h.page.locator('.codicon-pass') }).filter({ has: h.page.locator('.codicon-error') }).first();
  await item.waitFor({ timeout: 10_000 });
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

const EMOJI = /\p{Extended_Pictographic}/u;

function resultsRow(h: Harness, text: string): Locator {
  const pane = h.page.locator('.pane', { has: h.page.locator('.pane-header', { hasText: 'Health Checks' }) });
  return pane.locator('.monaco-list-row', { hasText: text }).first();
}

export async function run(h: Harness): Promise<void> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    res.writeHead(req.url === '/ok' || req.url?.startsWith('/list-') ? 200 : 404).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settingsFile = join(h.workspacePath, '.vscode', 'settings.json');
  try {
    mkdirSync(join(h.workspacePath, DIR, 'probe'), { recursive: true });
    mkdirSync(join(h.workspacePath, DIR, 'failing'), { recursive: true });
    mkdirSync(join(h.workspacePath, DIR, 'list'), { recursive: true });
    writeFileSync(join(h.workspacePath, DIR, 'api.checks'), `# e2e\n### api up\nGET ${base}/ok\n@expect status 200\n\n### broken\nGET {{nowhere}}/x\n`);
    writeFileSync(
      join(h.workspacePath, DIR, 'probe', 'main.go'),
      `package main\n\nimport "net/http"\n\nfunc main() {\n\tresp, err := http.Get("${base}/ok")\n\tif err == nil {\n\t\tresp.Body.Close()\n\t}\n}\n`,
    );
    writeFileSync(join(h.workspacePath, DIR, 'failing', 'main.go'), `package main\n\nconst statusPage = "${base}/missing"\n\nfunc main() {}\n`);
    writeFileSync(
      join(h.workspacePath, DIR, 'list', 'main.go'),
      `package main\n\nvar endpoints = []string{\n\t"${base}/list-a",\n\t"${base}/list-b",\n}\n\nfunc main() {}\n`,
    );

    const checks = await h.openFile(`${DIR}/api.checks`);
    // The broken block has no run lens: it says why it cannot run.
    await h.waitFor(async () => (await lensTitles(checks)).some((t) => t.startsWith('Cannot run: undefined variable nowhere')), 60_000, 'the "Cannot run" lens');
    const toasts = await watchToasts(h);
    await clickLens(checks, 'Run check');
    await h.waitFor(async () => (await inlineTexts(h)).some((t) => /✓ 200 · \d+ ms/.test(t)), 20_000, 'the inline ✓ 200 after the request line');
    await h.screenshot('health-checks-inline', { target: h.activeEditor() });
    const flashed = (await toasts()).filter((t) => /running \d+ health check/.test(t));
    if (flashed.length > 0) throw new Error(`a quick run flashed a progress notification: ${flashed.join(' | ')}`);

    if ((await statusBarSummary(h)) !== '1 0 0') throw new Error(`status bar: ${await statusBarSummary(h)}`);
    const item = h.page.locator('.statusbar-item').filter({ has: h.page.locator('.codicon-pass') }).first();
    if (EMOJI.test(await item.innerText())) throw new Error('the status bar shows emoji');
    await item.click();
    const row = resultsRow(h, 'api up');
    await row.waitFor({ timeout: 10_000 });
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    if (!/api up\s*200 · \d+ ms/.test(rowText) || EMOJI.test(rowText)) throw new Error(`unexpected results row: ${rowText}`);
    if ((await row.locator('.codicon-pass').count()) !== 1) throw new Error('the results row has no pass codicon');
    await h.screenshot('health-checks-view', { target: h.page.locator('.part.sidebar') });

    const go = await h.openFile(`${DIR}/probe/main.go`);
    await clickLens(go, 'Check URL');
    await h.waitFor(async () => (await inlineTexts(h)).some((t) => /✓ 200 · \d+ ms/.test(t)), 20_000, 'the inline ✓ 200 after the Go URL literal');
    await resultsRow(h, `${base}/ok`).waitFor({ timeout: 10_000 });
    await h.waitFor(async () => (await statusBarSummary(h)) === '2 0 0', 10_000, 'the status bar to count 2 healthy checks');

    // A failing check: inline and in the view, never in Problems by default.
    const failing = await h.openFile(`${DIR}/failing/main.go`);
    await clickLens(failing, 'Check URL');
    await h.waitFor(async () => (await inlineTexts(h)).some((t) => /⚠ 404 · \d+ ms/.test(t)), 20_000, 'the inline ⚠ 404');
    await h.waitFor(async () => (await statusBarSummary(h)) === '2 1 0', 10_000, 'the status bar to count 1 unhealthy check');
    if ((await h.problemsRows()).some((r) => r.includes('Health check'))) throw new Error('a health-check result is in Problems by default');
    // With the setting on, it is there, as information…
    mkdirSync(join(h.workspacePath, '.vscode'), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ 'leaklens.checks.showInProblems': true }));
    const problemsPanel = h.page.locator('.markers-panel');
    const healthRow = problemsPanel.locator('.monaco-list-row', { hasText: 'is unhealthy' }).first();
    await h.waitFor(async () => (await h.problemsRows()).some((r) => r.includes('Health check') && r.includes('status 404')), 20_000, 'the check in Problems');
    if ((await healthRow.locator('.codicon-error, .codicon-warning').count()) > 0 || (await healthRow.locator('.codicon-info').count()) === 0) {
      throw new Error(`the Problems row is not information: ${await healthRow.innerHTML()}`);
    }
    // …until the file changes.
    await h.openFile(`${DIR}/failing/main.go`);
    await h.page.keyboard.press('Control+End');
    await h.page.keyboard.type('\n// edited\n');
    await h.waitFor(async () => !(await h.problemsRows()).some((r) => r.includes('Health check')), 20_000, 'the check to leave Problems after an edit');
    writeFileSync(settingsFile, JSON.stringify({}));

    // A multi-line URL list: one lens, and one palette entry per URL; the broken block listed but not pickable.
    const list = await h.openFile(`${DIR}/list/main.go`);
    await h.waitFor(async () => (await lensTitles(list)).length > 0, 60_000, 'the list lens');
    const listLenses = (await lensTitles(list)).filter((t) => t.startsWith('Check'));
    if (listLenses.join(' | ') !== 'Check 2 endpoints') throw new Error(`lenses of the list: ${listLenses.join(' | ')}`);
    await h.runCommand('LeakLens: Run Health Checks…');
    const rows = h.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'api up' }).first().waitFor({ timeout: 20_000 });
    await h.page.locator('.quick-input-widget input').fill('list-a');
    await h.waitFor(async () => (await rows.count()) >= 1, 10_000, 'the list-a entry');
    const listEntries = (await rows.allInnerTexts()).filter((t) => t.includes('list-a'));
    if (listEntries.length !== 1) throw new Error(`"list-a" is offered ${listEntries.length} times: ${listEntries.join(' | ')}`);
    await h.page.locator('.quick-input-widget input').fill('broken');
    const broken = rows.filter({ hasText: 'undefined variable nowhere' }).first();
    await broken.waitFor({ timeout: 10_000 });
    await broken.click();
    await new Promise<void>((resolve) => setTimeout(resolve, 300));
    if ((await broken.getAttribute('aria-checked')) === 'true') throw new Error('a block that cannot run was picked');
    await h.page.keyboard.press('Escape');

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
    writeFileSync(settingsFile, JSON.stringify({}));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
