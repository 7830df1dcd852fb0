// Unreadable folders and files. Permissions do not apply to root, so when the tests run as root the CLI is run as
// nobody; otherwise as the current user. Either way the folder and file really cannot be read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LEAKY_FILE, makeWorkspace, NOBODY, removeWorkspace, runCli, type JsonReport } from '../cli/run-cli';

const asUser = process.getuid?.() === 0 ? NOBODY : undefined;

let ws: string;
before(() => {
  ws = makeWorkspace({ 'ok/leak.go': LEAKY_FILE, 'locked/hidden.go': LEAKY_FILE, 'files/secret.go': LEAKY_FILE, 'files/open.go': LEAKY_FILE });
  for (const dir of ['', 'ok', 'locked', 'files']) fs.chmodSync(path.join(ws, dir), 0o755);
  for (const file of ['ok/leak.go', 'files/open.go']) fs.chmodSync(path.join(ws, file), 0o644);
  fs.chmodSync(path.join(ws, 'locked'), 0o000);
  fs.chmodSync(path.join(ws, 'files', 'secret.go'), 0o000);
});
after(() => {
  fs.chmodSync(path.join(ws, 'locked'), 0o755);
  removeWorkspace(ws);
});

describe('unreadable input', () => {
  it('skips an unreadable folder and an unreadable file with a message, and analyses the rest', async () => {
    const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-file', '.'], ws, 60_000, asUser);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /skipped locked: permission denied \(EACCES\)/);
    assert.match(r.stderr, /skipped files\/secret\.go: permission denied \(EACCES\)/);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => f.file), ['files/open.go', 'ok/leak.go']);
  });

  it('exits 2 when a named folder cannot be read at all', async () => {
    const r = await runCli(['check', 'locked'], ws, 60_000, asUser);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /locked: permission denied \(EACCES\)/);
  });
});
