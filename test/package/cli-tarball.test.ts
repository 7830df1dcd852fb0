// The CI path the README and the walkthrough document, as written: `npm run pack:cli` builds leaklens-cli-<version>.tgz
// (the CLI alone), a fresh folder installs it with `npm install --global` (no registry needed: it has no dependencies)
// and runs `leaklens check` on a copy of examples/, far from this repository's node_modules. Also the README's first
// command, `npx leaklens check examples`, in the repository.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '../cli/run-cli';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The file names in a tar archive (512-byte headers; names are NUL-padded in the first 100 bytes). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    names.push(name);
    const size = parseInt(tar.subarray(offset + 124, offset + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('the CLI tarball for CI', () => {
  const work = mkdtempSync(join(tmpdir(), 'leaklens-cli-tarball-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('npm run pack:cli builds leaklens-cli-<version>.tgz with the CLI bundle, its analysis worker and its grammar only', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'pack:cli', '--', work], { cwd: REPO_ROOT, timeout: 120_000 });
    assert.equal(stdout.trim().split('\n').pop(), join(work, `leaklens-cli-${VERSION}.tgz`));
    const names = tarNames(gunzipSync(readFileSync(join(work, `leaklens-cli-${VERSION}.tgz`)))).sort();
    assert.deepEqual(names, [
      'package/LICENSE',
      'package/README.md',
      'package/dist/analysis-worker.js',
      'package/dist/cli-commands.js',
      'package/dist/cli-test.js',
      'package/dist/cli.js',
      'package/dist/tree-sitter-go.wasm',
      'package/dist/tree-sitter.cjs',
      'package/dist/tree-sitter.wasm',
      'package/leaklens.js',
      'package/package.json',
    ]);
  });

  it('installs offline into a fresh prefix and checks a copy of examples/ from a folder outside the repository', async () => {
    const prefix = join(work, 'prefix');
    const project = join(work, 'project');
    cpSync(join(REPO_ROOT, 'examples'), join(project, 'examples'), { recursive: true });
    // The documented step, with --prefix so the test leaves the machine's global packages alone.
    await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, `leaklens-cli-${VERSION}.tgz`)], {
      cwd: project,
      timeout: 120_000,
    });
    const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, NODE_PATH: '' };
    const version = await run('leaklens', ['--version'], { cwd: project, env, timeout: 60_000 });
    assert.match(version.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
    const sarif = await run('leaklens', ['check', '--format', 'sarif', '.'], { cwd: project, env, timeout: 120_000 }).then(
      () => assert.fail('findings must exit 1'),
      (err: { code: number; stdout: string }) => err,
    );
    assert.equal(sarif.code, 1);
    const report = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    assert.equal(report.version, '2.1.0');
    const rules = new Set(report.runs[0].results.map((r) => r.ruleId));
    for (const rule of ['unclosed-body', 'ticker-not-stopped', 'unclosed-file']) assert.ok(rules.has(rule), `no ${rule} finding`);
    assert.ok(!rules.has('cmd-not-waited'), 'cmd-not-waited is off by default');
  });

  it('the README first command works in the repository: npx leaklens check examples', async () => {
    const answer = await run('npx', ['--no-install', 'leaklens', 'check', 'examples'], { cwd: REPO_ROOT, timeout: 120_000 }).then(
      () => assert.fail('the examples have findings: exit 1'),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    assert.equal(answer.code, 1);
    assert.match(answer.stderr, /leaklens: \d+ findings in 4 files/);
  });
});
