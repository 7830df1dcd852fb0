// What `leaklens check` knows only from the whole module (flow/test-code.ts, moduleTestCode): an internal package only
// tests import, and a code generator run by a go:generate line of another folder. The fixture module is the rule
// fixture of no-timeout, whose wants say what a run over the whole module reports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli, type JsonReport } from './run-cli';

const MODULE = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'no-timeout', 'test-only-packages');

/** The module-relative files with findings, sorted, of a check run in `module`. */
async function reported(args: string[], module = MODULE): Promise<string[]> {
  const result = await runCli(['check', '--format', 'json', ...args], module);
  const report = JSON.parse(result.stdout) as JsonReport;
  return report.findings.map((f) => path.relative(module, path.resolve(module, f.file)).split(path.sep).join('/')).sort();
}

describe('check on a whole module', () => {
  it('leaves out internal packages only tests import, generators run from another folder and packages whose comment says they are for tests', async () => {
    assert.deepEqual(await reported(['.']), ['cmd/relay/main.go', 'internal/upstream/client.go', 'pkg/chaos/chaos.go', 'pkg/probe/client.go']);
  });

  it('analyses them when the run does not hold the tree above internal/, and with --include-scaffolding', async () => {
    assert.deepEqual(await reported(['internal/fakeproxy']), ['internal/fakeproxy/client.go']);
    assert.equal((await reported(['--include-scaffolding', '.'])).length, 10);
  });

  it('decides nothing for a tree with an entry the walk cannot read: it may hide an importer', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-test-only-'));
    try {
      fs.cpSync(MODULE, copy, { recursive: true });
      fs.symlinkSync(path.join(copy, 'missing'), path.join(copy, 'cmd', 'gone'));
      const found = await reported(['.'], copy);
      assert.ok(found.includes('internal/harness/harness.go') && found.includes('internal/fakeproxy/client.go'), found.join(', '));
      // A generator is known from the line that runs it, whatever else the run misses.
      assert.ok(!found.includes('cmd/tlsfetch/main.go'), found.join(', '));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
