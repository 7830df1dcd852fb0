// leaklens/scanWorkspace on a real folder: what is scanned and skipped, progress, and cancellation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ProgressType } from 'vscode-jsonrpc/node';
import { CLEAN, LEAKY_POLLER } from './goSources';
import { LspTestClient, withTimeout } from './lspClient';

interface ScanResult {
  filesAnalyzed: number;
  filesSkipped: { uri: string; reason: string }[];
  files: { uri: string; diagnostics: { code: string; source: string }[] }[];
  cancelled: boolean;
}

function makeFolder(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-scan-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('workspace scan', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = makeFolder({
      'cmd/poller/main.go': LEAKY_POLLER,
      'clean.go': CLEAN,
      'open.go': LEAKY_POLLER,
      'vendor/lib/lib.go': LEAKY_POLLER,
      'gen/generated.go': LEAKY_POLLER,
      'big.go': `${LEAKY_POLLER}${'// filler\n'.repeat(1_000)}`,
      'binary.go': 'package main\u0000',
    });
    client = await LspTestClient.start({
      pull: true,
      workspaceFolder: root,
      // time-after-in-loop is off by default; this user turned it on, so LEAKY_POLLER's timer is reported.
      settings: { exclude: ['gen/**'], maxFileSize: 5_000, rules: { 'time-after-in-loop': 'warning' } },
    });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('finds the leaks of files not open, skips vendor/, excluded, oversize and binary files, and reports progress', async () => {
    await client.open(pathToFileURL(path.join(root, 'open.go')).href, LEAKY_POLLER);
    const progress: string[] = [];
    const listening = client.connection.onProgress(new ProgressType<{ kind: string }>(), 'scan-1', (v) => {
      progress.push(v.kind);
    });
    const result = await client.request<ScanResult>('leaklens/scanWorkspace', { workDoneToken: 'scan-1' }, 30_000);
    assert.equal(result.cancelled, false);
    assert.deepEqual(
      result.files.map((f) => f.uri),
      [pathToFileURL(path.join(root, 'cmd/poller/main.go')).href],
    );
    assert.ok(result.files[0].diagnostics.some((d) => d.code === 'time-after-in-loop' && d.source === 'leaklens'));
    assert.equal(result.filesAnalyzed, 2, 'cmd/poller/main.go and clean.go');
    assert.deepEqual(result.filesSkipped.map((s) => path.basename(new URL(s.uri).pathname)).sort(), ['big.go', 'binary.go']);
    // The end notification is sent before the response, so it has arrived by now.
    listening.dispose();
    assert.equal(progress[0], 'begin');
    assert.equal(progress.at(-1), 'end');
    assert.ok(progress.includes('report'));
  });

  test('a workspace folder added later is scanned too', async () => {
    const added = makeFolder({ 'svc/main.go': LEAKY_POLLER });
    try {
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: pathToFileURL(added).href, name: 'added' }], removed: [] },
      });
      const result = await client.request<ScanResult>('leaklens/scanWorkspace', {}, 30_000);
      assert.ok(result.files.some((f) => f.uri === pathToFileURL(path.join(added, 'svc/main.go')).href));
    } finally {
      fs.rmSync(added, { recursive: true, force: true });
    }
  });

  test('a cancelled scan stops early and says so', async () => {
    const many = makeFolder(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`pkg${i}/main.go`, LEAKY_POLLER])));
    const scanClient = await LspTestClient.start({ pull: true, workspaceFolder: many });
    try {
      const source = new CancellationTokenSource();
      const pending = scanClient.connection.sendRequest<ScanResult>('leaklens/scanWorkspace', {}, source.token);
      source.cancel();
      const result = await withTimeout(pending, 30_000, 'cancelled scan');
      assert.equal(result.cancelled, true);
      assert.ok(result.filesAnalyzed < 300, `analysed ${result.filesAnalyzed} of 300`);
      source.dispose();
    } finally {
      await scanClient.dispose();
      fs.rmSync(many, { recursive: true, force: true });
    }
  });
});
