// `leaklens test` is compared with a bare `go test`, so its start-up must not wait for Node to compile the other
// commands (analyser, language server): dist/cli.js dispatches to dist/cli-test.js and never loads dist/cli-commands.js
// for it. Proven by running the dispatcher with the command bundles beside it one at a time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from '../cli/run-cli';

const dist = path.dirname(CLI);
const folder = mkdtempSync(path.join(tmpdir(), 'leaklens-cli-bundle-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function runWith(bundles: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(path.join(folder, 'dist-'));
  for (const bundle of ['cli.js', ...bundles]) copyFileSync(path.join(dist, bundle), path.join(dir, bundle));
  return spawnSync(process.execPath, [path.join(dir, 'cli.js'), ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('the CLI bundles', () => {
  it('runs leaklens test without the other commands\' bundle', () => {
    const result = runWith(['cli-test.js'], ['test', '--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: leaklens test /);
  });

  it('runs the other commands from their own bundle, without the test bundle', () => {
    const result = runWith(['cli-commands.js'], ['check', '--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: leaklens check /);
  });
});
