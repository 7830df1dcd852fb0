// What `leaklens check` knows only from the whole module (flow/test-code.ts, moduleTestCode): an internal package only
// tests import, and a code generator run by a go:generate line of another folder. The fixture module is the rule
// fixture of no-timeout, whose wants say what a run over the whole module reports.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli, type JsonReport } from './run-cli';

const MODULE = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'no-timeout', 'test-only-packages');

/** The module-relative files with findings, sorted. */
async function reported(args: string[]): Promise<string[]> {
  const result = await runCli(['check', '--format', 'json', ...args], MODULE);
  const report = JSON.parse(result.stdout) as JsonReport;
  return report.findings.map((f) => path.relative(MODULE, path.resolve(MODULE, f.file)).split(path.sep).join('/')).sort();
}

describe('check on a whole module', () => {
  it('leaves out internal packages only tests import and generators run from another folder', async () => {
    assert.deepEqual(await reported(['.']), ['cmd/relay/main.go', 'internal/upstream/client.go', 'pkg/fakes/client.go']);
  });

  it('analyses them when the run does not hold the tree above internal/, and with --include-scaffolding', async () => {
    assert.deepEqual(await reported(['internal/fakeproxy']), ['internal/fakeproxy/client.go']);
    assert.equal((await reported(['--include-scaffolding', '.'])).length, 7);
  });
});
