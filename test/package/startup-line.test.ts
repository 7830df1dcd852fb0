// The LeakLens output's start-up line: version, server PID, Node, folders, settings that differ from the manifest's
// defaults (credentials in URLs masked).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
