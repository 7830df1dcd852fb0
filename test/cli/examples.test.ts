// The README's first command, `npx leaklens check examples`, from the repository root: each example program compiles
// and vets clean (leaks are not vet errors) and shows the leaks it was written to show.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, runCli, type JsonReport } from './run-cli';

const run = promisify(execFile);
const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** The findings each example exists to show with the default rules (more may appear; these must). */
const EXPECTED: Record<string, string[]> = {
  'health-checker': ['unclosed-body', 'no-timeout', 'chan-blocked'],
  poller: ['ticker-not-stopped', 'time-tick-leak'],
  'file-syncer': ['unclosed-file'],
  'deploy-helper': ['signal-not-stopped'],
};

/** What the examples show once the rules that are off by default are turned on with `--rules`. */
const EXPECTED_WHEN_ON: Record<string, string[]> = { poller: ['loop-ignores-ctx'], 'deploy-helper': ['lost-cancel', 'cmd-not-waited'] };

describe('examples', () => {
  it('every example folder has a go.mod, builds and passes go vet', async () => {
    const folders = fs.readdirSync(EXAMPLES).filter((f) => fs.statSync(path.join(EXAMPLES, f)).isDirectory());
    assert.deepEqual(folders.sort(), Object.keys(EXPECTED).sort());
    for (const folder of folders) {
      const cwd = path.join(EXAMPLES, folder);
      assert.ok(fs.existsSync(path.join(cwd, 'go.mod')), `${folder}/go.mod`);
      // GOTOOLCHAIN=local: never download another toolchain for an example's go directive.
      await run('go', ['vet', './...'], { cwd, timeout: 180_000, env: { ...process.env, GOTOOLCHAIN: 'local' } });
    }
  });

  it('each example shows the leaks it was written for', async () => {
    const r = await runCli(['check', '--format', 'json', 'examples'], REPO_ROOT);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    for (const [folder, rules] of Object.entries(EXPECTED)) {
      const found = new Set(report.findings.filter((f) => f.file.startsWith(`examples/${folder}/`)).map((f) => f.rule));
      for (const rule of rules) assert.ok(found.has(rule), `examples/${folder}: expected a ${rule} finding, got ${[...found].join(', ')}`);
      for (const rule of Object.values(EXPECTED_WHEN_ON).flat()) assert.ok(!found.has(rule), `examples/${folder}: ${rule} is off by default`);
    }
  });

  it('the rules that are off by default report in the examples once --rules turns them on', async () => {
    const r = await runCli(['check', '--format', 'json', '--rules', Object.values(EXPECTED_WHEN_ON).flat().join(','), 'examples'], REPO_ROOT);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    for (const [folder, rules] of Object.entries(EXPECTED_WHEN_ON)) {
      const found = report.findings.filter((f) => f.file.startsWith(`examples/${folder}/`)).map((f) => f.rule);
      for (const rule of rules) assert.ok(found.includes(rule), `examples/${folder}: expected a ${rule} finding with --rules, got ${found.join(', ')}`);
    }
  });

  it('`npx leaklens check examples` works from the repository root (npx resolves the package\'s own bin)', async () => {
    const r = await run('npx', ['leaklens', 'check', 'examples'], { cwd: REPO_ROOT, timeout: 180_000 }).then(
      (ok) => ({ code: 0, ...ok }),
      (err: { code?: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^examples\/file-syncer\/main\.go:\d+:\d+: unclosed-file: /m);
    assert.match(r.stderr, /leaklens: \d+ findings in 4 files \(4 files analysed\)/);
  });
});
