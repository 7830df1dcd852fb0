// Leaks proven at run time, in real VS Code: (a) "▶ Run with leak check" above a leaky Go test runs the bundled
// `leaklens test`, and the Go runtime's verdict lands as a `leaklens (runtime)` diagnostic on the blocking line while
// the static chan-blocked hint there says it was confirmed; (b) a real leaky Go program debugged with real Delve (the
// test-only `go` debug type) after "Enable Leak Detection in Launch Configuration": the Handles view shows goroutines
// and fds growing, its Proven leaks row fills, a proven-leak stack opens the blocking line, and the hint there says so;
// (c) the same program from its "▶ Run with leak watch" lens, without a debugger, until Stop Leak Watch ends it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { Harness } from '../harness';
import { counterValue, handlesFrame, HANDLES_VIEW_TITLE, pick } from '../handles-view';

export const name = 'a leak-checked test and a debugged Go program prove their leaks at the blocking line';

const GO_LAUNCH = 'LeakLens: leaky Go';
/** The blocking sends (1-based), as the Problems panel prints them. */
const TEST_BLOCKING_LINE = '[Ln 18,';
const PROGRAM_BLOCKING_LINE = 39;

/** The lens drawn just above the editor line that contains `lineText`. */
async function lensAbove(h: Harness, editor: Locator, title: string, lineText: string): Promise<Locator> {
  const lenses = editor.locator('.codelens-decoration a', { hasText: title });
  const line = editor.locator('.view-line', { hasText: lineText }).first();
  return h.waitFor(
    async () => {
      const target = await line.boundingBox();
      if (!target) return undefined;
      let best: { lens: Locator; gap: number } | undefined;
      for (let i = 0; i < (await lenses.count()); i++) {
        const box = await lenses.nth(i).boundingBox();
        const gap = box ? target.y - box.y : -1;
        if (box && gap > 0 && (!best || gap < best.gap)) best = { lens: lenses.nth(i), gap };
      }
      return best?.lens;
    },
    60_000,
    `the "${title}" lens above "${lineText}"`,
  );
}

async function problemsRow(h: Harness, what: string, matches: (row: string) => boolean, timeoutMs: number): Promise<string> {
  let seen: string[] = [];
  return h
    .waitFor(
      async () => {
        seen = await h.problemsRows();
        return seen.find(matches);
      },
      timeoutMs,
      what,
    )
    .catch((error: Error) => {
      throw new Error(`${error.message}; the Problems panel shows:\n${seen.join('\n')}`);
    });
}

async function leakCheckedTest(h: Harness): Promise<void> {
  // The static hint first: fetch.go's chan-blocked finding on the send.
  await h.openFile('leakcheck/fetch.go');
  await problemsRow(h, 'the chan-blocked hint in fetch.go', (r) => r.includes('chan-blocked') && r.includes(TEST_BLOCKING_LINE), 60_000);

  const editor = await h.openFile('leakcheck/fetch_test.go');
  const lens = await lensAbove(h, editor, 'Run with leak check', 'func TestFetchTimesOut');
  await lens.click();

  const runtime = await problemsRow(h, 'the runtime leak diagnostic', (r) => r.includes('leaked here in TestFetchTimesOut'), 120_000);
  assert.ok(runtime.includes('1 goroutine leaked here in TestFetchTimesOut: blocked forever on chan send — proven by the Go runtime'), runtime);
  assert.ok(runtime.includes('leaklens (runtime)') && runtime.includes(TEST_BLOCKING_LINE), `source and blocking line: ${runtime}`);
  assert.ok(!runtime.includes('`'), 'plain text');
  const confirmed = await problemsRow(h, 'the hint to say it was confirmed', (r) => r.includes('chan-blocked') && r.includes('confirmed at run time'), 30_000);
  assert.ok(confirmed.includes('1 goroutine leaked here, proven by the Go runtime'), confirmed);
  // The related information row points at the go statement.
  const related = await problemsRow(h, 'the go statement as related information', (r) => r.includes('created by this go statement'), 10_000);
  assert.ok(related.includes('fetch.go'), related);

  // The Leak Checks view lists the run, its package and the leak.
  await h.page.keyboard.press('F1');
  await pick(h, 'Focus on Leak Checks View', '>Focus on Leak Checks View');
  const view = h.page.locator('.pane', { has: h.page.locator('.pane-header', { hasText: 'Leak Checks' }) });
  await view.locator('.monaco-list-row', { hasText: 'TestFetchTimesOut' }).first().waitFor({ timeout: 10_000 });
  await view.locator('.monaco-list-row', { hasText: '1 × chan send' }).first().waitFor({ timeout: 10_000 });
}

async function debuggedProgram(h: Harness): Promise<void> {
  await h.runCommand('LeakLens: Enable Leak Detection in Launch Configuration');
  const launchJson = join(h.workspacePath, '.vscode', 'launch.json');
  await h.waitFor(() => readFileSync(launchJson, 'utf8').includes('goroutineleakprofile'), 10_000, 'GOEXPERIMENT in launch.json');
  const goConfig = (JSON.parse(readFileSync(launchJson, 'utf8')) as { configurations: { name: string; env?: Record<string, string> }[] }).configurations.find(
    (c) => c.name === GO_LAUNCH,
  );
  assert.deepEqual(goConfig?.env, { GOEXPERIMENT: 'goroutineleakprofile' });

  await h.page.keyboard.press('Control+P');
  await pick(h, GO_LAUNCH, `debug ${GO_LAUNCH}`);
  let pid: number | undefined;
  try {
    await h.page.keyboard.press('F1');
    await pick(h, `Focus on ${HANDLES_VIEW_TITLE} View`, `>Focus on ${HANDLES_VIEW_TITLE} View`);
    const frame = await h.waitFor(() => handlesFrame(h), 60_000, 'the Handles webview');
    const section = frame.locator('section.session', { hasText: GO_LAUNCH }).first();
    // Delve builds the program first (GOEXPERIMENT reaches that build through the launch env).
    await section.waitFor({ timeout: 120_000 });
    pid = Number(await h.waitFor(async () => /PID (\d+)/.exec(await section.innerText())?.[1], 90_000, 'the debuggee PID'));

    const goroutines = await h.waitFor(() => counterValue(section, 'goroutines'), 60_000, 'goroutine counts from pprof');
    const fds = await h.waitFor(() => counterValue(section, 'fds'), 10_000, 'fd counts');
    await h.waitFor(async () => ((await counterValue(section, 'goroutines')) ?? 0) >= goroutines + 20, 60_000, 'goroutines to grow by 20');
    await h.waitFor(async () => ((await counterValue(section, 'fds')) ?? 0) >= fds + 10, 60_000, 'fds to grow by 10');

    // The Proven leaks row fills and is marked at once, with one notification; its stacks point at the blocking send.
    await h.waitFor(async () => ((await counterValue(section, 'leakedGoroutines')) ?? 0) >= 5, 60_000, 'the Proven leaks row to fill');
    await section.locator('tr[data-counter="leakedGoroutines"] .leak').waitFor({ timeout: 10_000 });
    await h.page.locator('.notification-toast', { hasText: /proven by the Go runtime/ }).first().waitFor({ timeout: 10_000 });
    const stack = section.locator('.proven-leaks button', { hasText: 'main.go' }).first();
    await stack.waitFor({ timeout: 10_000 });
    assert.equal(await stack.getAttribute('data-line'), String(PROGRAM_BLOCKING_LINE));

    for (const title of ['Variables', 'Watch', 'Call Stack', 'Loaded Scripts', 'Breakpoints']) {
      const header = h.page.locator('.part.sidebar .pane-header').filter({ has: h.page.locator('h3.title', { hasText: title }) }).first();
      if ((await header.getAttribute('aria-expanded').catch(() => null)) === 'true') await header.click();
    }
    await h.screenshot('runtime-leaks', { target: h.page.locator('.part.sidebar') });

    // A proven-leak stack opens its line; the static hint there says the runtime confirmed it.
    await stack.click();
    const breadcrumbs = h.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
    await h.waitFor(async () => (await breadcrumbs.allInnerTexts()).slice(0, 2).join('/') === 'leakdebug/main.go', 10_000, 'leakdebug/main.go to open');
    await h.page.locator('.statusbar-item', { hasText: `Ln ${PROGRAM_BLOCKING_LINE},` }).first().waitFor({ timeout: 10_000 });
    const hint = await problemsRow(
      h,
      'the debugged program\'s chan-blocked hint to say it was confirmed',
      (r) => r.includes('chan-blocked') && r.includes(`[Ln ${PROGRAM_BLOCKING_LINE},`) && r.includes('confirmed at run time'),
      30_000,
    );
    assert.match(hint, /confirmed at run time: \d+ goroutines leaked here, proven by the Go runtime/);

    await h.runCommand('Debug: Stop');
    const ended = pid;
    await h.waitFor(() => !existsSync(`/proc/${ended}`), 30_000, `the debuggee ${ended} to exit`);
    await frame.locator('section.session', { hasText: GO_LAUNCH }).waitFor({ state: 'detached', timeout: 30_000 });
  } finally {
    if (pid !== undefined && existsSync(`/proc/${pid}`)) await h.runCommand('Debug: Stop').catch(() => undefined);
  }
}

/** The same program run with leak watch from its func main lens: no debugger, the overlay sampler serves the profiles. */
async function leakWatchedProgram(h: Harness): Promise<void> {
  const editor = await h.openFile('leakdebug/main.go');
  const lens = await lensAbove(h, editor, 'Run with leak watch', 'func main()');
  await lens.click();
  // The arguments prompt (remembered per file): this program takes none.
  const input = h.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.press('Enter');
  let pid: number | undefined;
  try {
    // Leak watch brings the Handles view up by itself.
    const frame = await h.waitFor(() => handlesFrame(h), 60_000, 'the Handles webview');
    const section = frame.locator('section.session', { hasText: 'leak watch' }).first();
    await section.waitFor({ timeout: 60_000 });
    pid = Number(await h.waitFor(async () => /PID (\d+)/.exec(await section.innerText())?.[1], 120_000, 'the watched program\'s PID'));
    await h.waitFor(async () => ((await counterValue(section, 'leakedGoroutines')) ?? 0) >= 5, 60_000, 'the watched program\'s Proven leaks row');
    assert.equal(await section.locator('.proven-leaks button').first().getAttribute('data-line'), String(PROGRAM_BLOCKING_LINE));
    assert.ok(!existsSync(join(h.workspacePath, 'leakdebug', 'zz_leaklens_leakwatch.go')), 'the sampler is not written into the tree');

    await h.runCommand('LeakLens: Stop Leak Watch');
    const ended = pid;
    await h.waitFor(() => !existsSync(`/proc/${ended}`), 20_000, `the watched program ${ended} to exit`);
    await section.locator('.state', { hasText: 'exited' }).waitFor({ timeout: 10_000 });
  } finally {
    if (pid !== undefined && existsSync(`/proc/${pid}`)) await h.runCommand('LeakLens: Stop Leak Watch').catch(() => undefined);
  }
}

export async function run(h: Harness): Promise<void> {
  await leakCheckedTest(h);
  await h.resetUi();
  await debuggedProgram(h);
  await h.resetUi();
  await leakWatchedProgram(h);
}
