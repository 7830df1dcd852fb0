// End to end in real VS Code: one code-server + one Chromium (test/e2e/harness.ts) shared by every scenario module of
// test/e2e/scenarios/, each run as its own test; the last test proves that stopping leaves no process of ours behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import scenarioModules from 'virtual:e2e-scenarios';
import { Harness, type Scenario } from './harness';

const HARNESS_START_TIMEOUT_MS = 240_000;
const SCENARIO_TIMEOUT_MS = 300_000;

/** LEAKLENS_E2E_SCENARIOS=diagnostics,handles runs only those scenario files. */
const only = process.env.LEAKLENS_E2E_SCENARIOS?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = scenarioModules.filter(({ file }) => !only || only.includes(file.replace(/\.ts$/, '')));

function asScenario(file: string, module: Record<string, unknown>): Scenario {
  const { name, run } = module;
  if (typeof name !== 'string' || typeof run !== 'function') {
    throw new Error(`test/e2e/scenarios/${file} must export \`name\` (string) and \`run(h: Harness)\` (see harness.ts)`);
  }
  return { name, run: run as Scenario['run'] };
}

let harness: Harness | undefined;
let startSeconds = 0;

before(async () => {
  const startedAt = Date.now();
  harness = await Harness.start();
  startSeconds = (Date.now() - startedAt) / 1000;
}, { timeout: HARNESS_START_TIMEOUT_MS });

after(async () => {
  await harness?.stop(); // a no-op when the last test already stopped it
});

for (const { file, module } of selected) {
  const base = file.replace(/\.ts$/, '');
  const title = typeof module.name === 'string' ? `${base}: ${module.name}` : base;
  test(title, { timeout: SCENARIO_TIMEOUT_MS }, async (t) => {
    const scenario = asScenario(file, module);
    const h = harness;
    assert.ok(h, 'the harness did not start');
    const startedAt = Date.now();
    try {
      await h.resetUi();
      await scenario.run(h);
    } catch (error) {
      const shot = await h.screenshot(`failed-${base}`).catch(() => 'no screenshot');
      t.diagnostic(`screenshot: ${shot}\ncode-server log (end):\n${h.logTail()}`);
      throw error;
    }
    t.diagnostic(`${base} took ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  });
}

test('stopping the harness leaves no code-server or Chromium process behind', async (t) => {
  const h = harness;
  assert.ok(h, 'the harness did not start');
  t.diagnostic(`harness start (VSIX install, code-server, Chromium, trusted workbench): ${startSeconds.toFixed(1)} s`);
  const owned = h.ownedProcesses();
  assert.ok(owned.some((p) => /code-server/.test(p.commandLine)), 'code-server should be running before stop');
  assert.ok(owned.some((p) => /chromium/.test(p.commandLine)), 'Chromium should be running before stop');
  const left = await h.stop();
  assert.deepEqual(left.map((p) => `${p.pid} ${p.commandLine.slice(0, 120)}`), []);
});
