// A leak in an exported helper of a module package is settled from the helper's callers across the whole module:
// silent when every call runs once per process (main, a command's entry, a helper only those call once), reported when
// one runs in a loop, in a handler, or uses the helper as a value; the same on one thread and on several. An exported
// method likewise, from every call of its name in the module, unless the standard library calls methods of that name.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzePaths } from '../../server/src/cli/analyze-paths';
import { parseCheckArgs, ruleSettings } from '../../server/src/cli/check-options';
import { REPO_ROOT, runCli, type JsonReport } from './run-cli';

const MODULE = path.join(REPO_ROOT, 'test/fixtures/callers');
const STORE = 'internal/store/store.go';
const TOOLS = 'internal/tools/tools.go';
const IMAGES = 'cmd/app/images/images.go';

/** The unclosed-file findings of `file` by line, from `leaklens check --format json <paths>` run in the module. */
async function linesOf(file: string, paths: string[]): Promise<number[]> {
  const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-file', ...paths], MODULE);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return (JSON.parse(r.stdout) as JsonReport).findings.filter((f) => f.file === file).map((f) => f.line);
}

async function analyse(threads: number): Promise<Awaited<ReturnType<typeof analyzePaths>>> {
  return analyzePaths({
    paths: [MODULE],
    settings: { rules: ruleSettings(parseCheckArgs([]).enabled) },
    maxFileSize: 2_000_000,
    onSkipped: (file, reason) => assert.fail(`${file}: ${reason}`),
    onUnreadableRoot: (message) => assert.fail(message),
    threads,
  });
}

describe('leaklens check: callers across the packages of a module', () => {
  it('reports the helpers called in a loop (28), from a handler (40), as a value (64)', async () => {
    // Silent: read (9) through LoadConfig, called once from main; LoadForCommand (52) from a command table's Run entry;
    // LoadThroughPlugins (76) from plugins.Setup, which main calls once.
    assert.deepEqual((await linesOf(STORE, ['.'])).filter((line) => line < 90), [28, 40, 64]);
  });

  it('reports the methods called in a loop (105), kept as a value (117), or named as the standard library calls them (130)', async () => {
    // Silent: Load (91), called once from main through `store.New(".").Load(…)`; Sync (142), called once by the Start
    // method of main's server type, which main calls once.
    assert.deepEqual((await linesOf(STORE, ['.'])).filter((line) => line >= 90 && line < 150), [105, 117, 130]);
  });

  it('reports a helper that only an example program calls (155): an example runs in a process of its own', async () => {
    assert.deepEqual((await linesOf(STORE, ['.'])).filter((line) => line >= 150), [155]);
  });

  it('reports a helper a package imports with `.` (7) or instantiates (`tools.Prune[int]`, 19), even once each', async () => {
    assert.deepEqual(await linesOf(TOOLS, ['.']), [7, 19]);
  });

  it('reports an exported function of a command package that another package calls per hook (21) or a command calls per request (33), not one only its command calls once (9)', async () => {
    assert.deepEqual(await linesOf(IMAGES, ['.']), [21, 33]);
  });

  it('reports every helper when the run does not hold the whole module (their other callers are not seen)', async () => {
    assert.deepEqual(await linesOf(STORE, ['internal']), [9, 28, 40, 52, 64, 76, 91, 105, 117, 130, 142, 155]);
  });

  it('gives the same findings on worker threads as on one thread', async () => {
    const one = await analyse(1);
    assert.deepEqual(await analyse(2), one);
    const lines = one.filter((a) => a.file.endsWith(STORE)).flatMap((a) => a.findings.map((f) => f.range.start.line + 1));
    assert.deepEqual(lines, [28, 40, 64, 105, 117, 130, 155]);
  });
});

describe('leaklens check: an error passed up to the entry of a command package', () => {
  const COMMAND_MODULE = path.join(REPO_ROOT, 'test/fixtures/rules/unclosed-file/commandfolder');
  const SYNC = 'cmd/docs/internal/fs/sync.go';

  it("keeps a leak on error returns that reach an entry calling itself per subfolder (41): the callers in the module do not show it runs once, and the editor takes the entry on trust", async () => {
    const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-file', '.'], COMMAND_MODULE);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).findings.filter((f) => f.file === SYNC).map((f) => f.line), [41, 66]);
  });
});
