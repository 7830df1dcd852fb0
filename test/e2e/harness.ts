// The end-to-end harness: ONE code-server (VS Code 1.100.3) with the built leaklens.vsix (and the test-only Go
// debugger of ./go-debug.ts) installed into a fresh extensions folder, and ONE headless Debian Chromium driven by
// playwright-core, shared by every scenario because cold start dominates (the workbench needs ~10 s, the first
// diagnostic another 6-9 s).
//
// SCENARIO CONTRACT (test/e2e/scenarios/<name>.ts, discovered automatically by esbuild.mjs, run in file-name order by
// test/e2e/e2e.test.ts, each as its own test):
//   export const name = 'what the scenario shows';          // the test's title
//   export async function run(h: Harness): Promise<void>    // throws (assert, waitFor timeout) to fail
// - Files a scenario needs go under test/e2e/workspace/ (keep it small); the harness opens a temp copy of that folder,
//   h.workspacePath, so scenarios may edit files freely. Name your files so they do not collide with other scenarios.
// - Wait on conditions with h.waitFor (or Playwright's auto-waiting locators), never on fixed sleeps; every wait has a
//   timeout. Servers a scenario starts listen on 127.0.0.1 only and are closed in a `finally`.
// - The workspace is trusted (trust stays enabled, the harness answers the trust prompt at start). Before each scenario
//   the harness closes all editors (discarding unsaved changes) and the panel and clears notifications; a scenario stops
//   the debug sessions, terminals and processes it started.
// - On failure the harness saves test-results/e2e/failed-<scenario>.png and prints the end of the code-server log.
// - Screenshots for the README: h.screenshot('name', { target }) writes test-results/e2e/name.png, and with
//   LEAKLENS_SCREENSHOTS=1 also docs/images/name.png, which must stay ≤ 150 KB: clip to the relevant region.
// - Set LEAKLENS_E2E_SCENARIOS=diagnostics,handles (file names without .ts) to run only some scenarios.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CodeServer } from './code-server';
import { packGoDebugExtension } from './go-debug';
import { findOwnedProcesses, survivors, type ProcessInfo } from './processes';
import { waitFor } from './wait';

export interface Scenario {
  readonly name: string;
  run(h: Harness): Promise<void>;
}

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
/** Upper bound of one README picture. */
export const MAX_DOC_IMAGE_BYTES = 150 * 1024;

export interface ScreenshotOptions {
  /** Element to capture (recommended: keeps README pictures small). Default: the whole window. */
  target?: Locator;
}

export class Harness {
  private stopped = false;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly codeServer: CodeServer,
    /** The temp folder that holds code-server's data, the browser profile and the workspace copy. */
    readonly home: string,
    /** Absolute path of the workspace folder open in VS Code (a temp copy of test/e2e/workspace). */
    readonly workspacePath: string,
  ) {}

  /** Starts code-server with the built VSIX installed, opens the workspace copy in Chromium, waits for the workbench. */
  static async start(): Promise<Harness> {
    const vsix = join(REPO_ROOT, 'leaklens.vsix');
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run node esbuild.mjs && npm run package first`);
    const home = mkdtempSync(join(tmpdir(), 'leaklens-e2e-'));
    try {
      return await Harness.launch(home, vsix);
    } catch (error) {
      rmSync(home, { recursive: true, force: true, maxRetries: 3 });
      throw error;
    }
  }

  private static async launch(home: string, vsix: string): Promise<Harness> {
    const workspacePath = join(home, 'workspace');
    cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspacePath, { recursive: true });
    const paths = { repoRoot: REPO_ROOT, home };
    await CodeServer.installExtension(paths, vsix);
    // The `go` debug type (real Delve) for Go debugging scenarios: the Go extension cannot be installed here.
    await CodeServer.installExtension(paths, await packGoDebugExtension(REPO_ROOT, home));
    const codeServer = await CodeServer.start(paths, workspacePath);
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(join(home, 'chromium-profile'), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: VIEWPORT,
        args: CHROMIUM_ARGS,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const harness = new Harness(page, context, codeServer, home, workspacePath);
      await harness.openWorkbench(codeServer.url);
      return harness;
    } catch (error) {
      await context?.close().catch(() => undefined);
      await codeServer.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server log:\n${codeServer.logTail()}`);
    }
  }

  private async openWorkbench(url: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(this.workspacePath)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.trustWorkspace();
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /**
   * Workspace trust stays enabled (health checks depend on it), so the fresh profile asks once whether to trust the
   * folder: trust the workspace copy, and wait until the workbench has left Restricted Mode.
   */
  private async trustWorkspace(): Promise<void> {
    const trustButton = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Yes, I trust the authors/ });
    await trustButton.waitFor({ timeout: 60_000 });
    await trustButton.click();
    await this.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'hidden', timeout: 10_000 });
  }

  waitFor<T>(condition: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
    return waitFor(condition, timeoutMs, what);
  }

  /** Runs a command from the Command Palette by its exact label, e.g. 'LeakLens: Restart Server'. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    // Fuzzy matching may rank other commands first: click the row whose label is exactly the title.
    const label = this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const row = rows.filter({ has: label }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      const offered = (await rows.locator('.label-name').allInnerTexts()).join(' | ');
      await this.page.keyboard.press('Escape');
      throw new Error(`no command labelled "${title}" in the Command Palette; it offers: ${offered || 'nothing'}`);
    }
    await row.click();
  }

  /** Opens a workspace file by its path relative to the workspace (Quick Open) and waits for its editor. */
  async openFile(relativePath: string): Promise<Locator> {
    if (!existsSync(join(this.workspacePath, relativePath))) {
      throw new Error(`openFile: ${relativePath} is not in the e2e workspace`);
    }
    const segments = relativePath.split('/');
    const baseName = segments[segments.length - 1];
    const folder = segments.slice(0, -1).join('/');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relativePath);
    // Quick Open matches fuzzily (healthcheck/main.go also finds health-checker/main.go): pick the row whose name and
    // folder are exactly these.
    const exact = (text: string) => new RegExp(`^${escapeRegExp(text)}$`);
    const description = this.page.locator('.label-description', { hasText: folder ? exact(folder) : /./ });
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact(baseName) }) })
      .filter(folder ? { has: description } : { hasNot: description })
      .first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    // The breadcrumbs of the active editor start with the file's path.
    const breadcrumbs = this.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
    await this.waitFor(
      async () => (await breadcrumbs.allInnerTexts()).slice(0, segments.length).join('/') === relativePath,
      10_000,
      `the editor of ${relativePath}`,
    );
    const editor = this.activeEditor();
    await editor.locator('.view-lines').waitFor({ timeout: 10_000 });
    return editor;
  }

  /** The editor that has focus or was focused last. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The text of the Problems panel's rows (file, marker and related-information rows), opening the panel if needed. */
  async problemsRows(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('Problems: Focus on Problems View');
    await panel.waitFor({ timeout: 10_000 });
    const rows = await panel.locator('.monaco-list-row').allInnerTexts();
    return rows.map((r) => r.replace(/\s+/g, ' ').trim());
  }

  /**
   * Hovers over `target` and returns the text of the hover widget once it shows, or once it matches `expected`: hovers
   * fill in parts as their providers answer (the Problems part first, then a language server's part).
   */
  async hoverText(target: Locator, expected?: RegExp): Promise<string> {
    // Squiggles are decorations under the text layer: hover their position rather than require them to be on top.
    await target.hover({ force: true });
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
    await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    const text = async () => (await hover.allInnerTexts()).join('\n');
    if (!expected) return text();
    let last = '';
    return this.waitFor(
      async () => {
        last = await text();
        return expected.test(last) ? last : undefined;
      },
      10_000,
      `hover text matching ${expected}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the hover shows: ${last}`);
    });
  }

  /** Saves a PNG to test-results/e2e/<name>.png and, with LEAKLENS_SCREENSHOTS=1, to docs/images/<name>.png. */
  async screenshot(name: string, options: ScreenshotOptions = {}): Promise<string> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot name "${name}": use lowercase letters, digits and dashes`);
    const resultsDir = join(REPO_ROOT, 'test-results', 'e2e');
    mkdirSync(resultsDir, { recursive: true });
    const png = options.target ? await options.target.screenshot() : await this.page.screenshot();
    const file = join(resultsDir, `${name}.png`);
    writeFileSync(file, png);
    if (process.env.LEAKLENS_SCREENSHOTS === '1') {
      if (png.length > MAX_DOC_IMAGE_BYTES) {
        throw new Error(`screenshot ${name} is ${png.length} bytes, over ${MAX_DOC_IMAGE_BYTES}: clip it to a smaller target`);
      }
      mkdirSync(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
      writeFileSync(join(REPO_ROOT, 'docs', 'images', `${name}.png`), png);
    }
    return file;
  }

  /** Brings the workbench back to a known state between scenarios: no quick input, editors, panel or toasts. */
  async resetUi(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('View: Close All Editors');
    // An editor with unsaved changes asks first: discard them.
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Don't Save$/ });
    const tabs = this.page.locator('.tab');
    await this.waitFor(
      async () => {
        if (await dontSave.isVisible()) await dontSave.click();
        return (await tabs.count()) === 0;
      },
      10_000,
      'all editors to close',
    );
    await this.runCommand('Notifications: Clear All Notifications');
    if (await this.page.locator('.part.panel').isVisible()) await this.runCommand('View: Hide Panel');
  }

  logTail(): string {
    return this.codeServer.logTail();
  }

  /** What stop() will have to end: code-server's session, Chromium, anything started under the harness's temp folder. */
  ownedProcesses(): ProcessInfo[] {
    return findOwnedProcesses(this.processCriteria());
  }

  /**
   * Closes the browser, stops code-server's whole process group, deletes the temp folder and returns the processes
   * of ours that are still alive afterwards (the test asserts that none is).
   */
  async stop(): Promise<ProcessInfo[]> {
    if (this.stopped) return [];
    this.stopped = true;
    const before = this.ownedProcesses();
    await this.context.close().catch(() => undefined);
    await this.codeServer.stop();
    const left = await waitFor(
      () => {
        const alive = survivors(before, this.processCriteria());
        return alive.length === 0 ? [] : undefined;
      },
      10_000,
      'the harness processes to exit',
    ).catch(() => survivors(before, this.processCriteria()));
    rmSync(this.home, { recursive: true, force: true, maxRetries: 3 });
    return left;
  }

  private processCriteria() {
    return { session: this.codeServer.pid, ancestorPid: process.pid, marker: this.home };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
