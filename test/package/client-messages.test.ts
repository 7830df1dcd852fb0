// Client messages from their pure parts: the output's start-up line (version, server PID, Node, folders, settings that
// differ from the manifest's defaults, credentials masked) and the Scan Workspace summary (open files counted too).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanSummary } from '../../client/src/scan-summary';
import { changedSettings, startupLine } from '../../client/src/startup-line';
import { REPO_ROOT } from '../authoring/toolchain';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};
const defaults = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]));

describe('start-up line', () => {
  it('names only the settings that differ from the manifest defaults', () => {
    const current: Record<string, unknown> = { ...defaults, 'leaklens.checks.timeoutMs': 900, 'leaklens.exclude': ['**/vendor/**', '**/testdata/**'] };
    assert.deepEqual(changedSettings(defaults, (k) => current[k]), [['leaklens.checks.timeoutMs', 900]]);
    assert.deepEqual(changedSettings(defaults, (k) => defaults[k]), []);
  });

  it('reads as one line with every fact, and masks URL credentials', () => {
    const line = startupLine({
      version: '0.1.0',
      serverPid: 4242,
      nodeVersion: 'v20.19.0',
      folders: ['/w/a', '/w/b'],
      changedSettings: [['leaklens.debug.pprofUrl', 'http://admin:hunter2@127.0.0.1:6060']],
    });
    assert.equal(
      line,
      'LeakLens 0.1.0 · server PID 4242 · Node v20.19.0 · folders: /w/a, /w/b · settings changed from defaults: leaklens.debug.pprofUrl="http://***@127.0.0.1:6060"',
    );
    assert.doesNotMatch(line, /hunter2/);
    assert.match(startupLine({ version: '1', serverPid: undefined, nodeVersion: 'v20', folders: [], changedSettings: [] }), /server PID not running · Node v20 · folders: none · settings changed from defaults: none$/);
  });
});

describe('Scan Workspace summary', () => {
  it('counts the files open in editors (left out of the scan) with their live findings', () => {
    // The workspace: 6 Go files, 2 of them open; the CLI reports 11 findings in 4 files.
    const scan = { filesAnalyzed: 4, filesWithFindings: 3, findings: 9, skipped: 0, cancelled: false };
    assert.equal(
      scanSummary(scan, { files: 2, filesWithFindings: 1, findings: 2 }),
      'LeakLens: 11 findings in 4 of 6 files (2 open in editors, counted from their live diagnostics).',
    );
    assert.equal(scanSummary({ ...scan, skipped: 1, cancelled: true }, { files: 0, filesWithFindings: 0, findings: 0 }), 'LeakLens: 9 findings in 3 of 4 files, 1 skipped (cancelled before the end).');
    assert.equal(scanSummary({ filesAnalyzed: 1, filesWithFindings: 1, findings: 1, skipped: 0, cancelled: false }, { files: 0, filesWithFindings: 0, findings: 0 }), 'LeakLens: 1 finding in 1 of 1 file.');
  });
});
