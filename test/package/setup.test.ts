// test/setup.sh on a machine that already has everything (run-all.sh runs it before the tests) must install nothing:
// it neither calls apt-get or npm nor `go install`, prints nothing and succeeds. Installers are replaced by recording
// shims that fail, so an unexpected install shows up as a failure instead of a download.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { test } from 'node:test';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

function goBinDir(): string {
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8', timeout: 30_000 }).stdout.trim();
  return join(gopath, 'bin');
}

test('setup.sh installs nothing when everything is present', () => {
  const shims = mkdtempSync(join(tmpdir(), 'leaklens-setup-shims-'));
  const calls = join(shims, 'calls.log');
  try {
    const realGo = spawnSync('bash', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
    const shim = (name: string, body: string) => {
      writeFileSync(join(shims, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(shims, name), 0o755);
    };
    shim('apt-get', `echo "apt-get $*" >> '${calls}'; exit 1`);
    shim('npm', `echo "npm $*" >> '${calls}'; exit 1`);
    shim('go', `if [ "$1" = install ]; then echo "go $*" >> '${calls}'; exit 1; fi; exec '${realGo}' "$@"`);
    const result = spawnSync('bash', [join(REPO_ROOT, 'test', 'setup.sh')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH: [shims, process.env.PATH, goBinDir()].join(delimiter) },
    });
    const recorded = existsSync(calls) ? readFileSync(calls, 'utf8').trim() : '';
    assert.equal(recorded, '', 'installers called on a provisioned machine');
    assert.equal(result.status, 0, `setup.sh failed: ${result.stderr}`);
    assert.equal(result.stdout, '', 'a provisioned machine needs no setup output');
  } finally {
    rmSync(shims, { recursive: true, force: true });
  }
});
