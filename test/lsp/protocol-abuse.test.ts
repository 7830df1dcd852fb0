// The language server against a hostile or broken client (issue 11, items 20, 27, 28, 33, 40, 41), through the real
// server process: malformed notifications, a framing error on stdin, malformed trust, FIFOs and oversized Go files in
// discovery. Each test is the reproduction of what went wrong; after it the server must still serve.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LEAKY_BODY, LEAKY_BODY_LINE } from '../cli/run-cli';
import { startHttpServer, type TestServer } from '../checks/servers';
import { LspTestClient, SERVER, withTimeout, type LspDiagnostic } from './lspClient';

const rules = (diagnostics: LspDiagnostic[] | undefined): string[] => (diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${d.code}`);

function logMessages(client: LspTestClient): string[] {
  return client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
}

describe('malformed document notifications (item 33) and the start-up line (item 20)', () => {
  let client: LspTestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-abuse-'));
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir, settings: { maxFileSize: 3_000_000 } });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs one start-up line with version, PID, Node, folders and the settings that differ from the defaults', async () => {
    const line = await client.waitFor('the start-up line', () => logMessages(client).find((m) => m.includes('language server started')));
    assert.match(line, /^LeakLens \d+\.\d+\.\d+\S* language server started: PID \d+, Node v\d+/);
    assert.ok(line.includes(pathToFileURL(dir).href), line);
    assert.ok(line.includes('leaklens.maxFileSize=3000000'), line);
  });

  it('a didOpen with uri null is rejected and logged; Go files on disk still get diagnostics', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: null, languageId: 'go', version: 1, text: LEAKY_BODY } });
    await client.waitFor('the rejection in the log', () => logMessages(client).find((m) => m.startsWith('Ignored a malformed textDocument/didOpen')));
    fs.writeFileSync(path.join(dir, 'helper.go'), 'package main\n\nfunc helper() {}\n');
    const uri = pathToFileURL(path.join(dir, 'main.go')).href;
    fs.writeFileSync(path.join(dir, 'main.go'), LEAKY_BODY);
    await client.open(uri, LEAKY_BODY);
    const diagnostics = await client.waitFor('diagnostics of main.go', () => client.published.get(uri));
    assert.deepEqual(rules(diagnostics).filter((r) => r.endsWith('unclosed-body')), [`${LEAKY_BODY_LINE}:unclosed-body`]);
  });

  it('a change with one malformed change is rejected whole; the next good change applies to the text as it was', async () => {
    const uri = pathToFileURL(path.join(dir, 'edited.go')).href;
    await client.open(uri, LEAKY_BODY);
    await client.waitFor('first diagnostics', () => client.published.get(uri));
    const rejectedBefore = logMessages(client).filter((m) => m.includes('malformed textDocument/didChange')).length;
    // A good change (insert two lines at the top) followed by a bad one: neither may be applied.
    await client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n' },
      { range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' },
    ]);
    await client.waitFor('the rejection', () =>
      logMessages(client).filter((m) => m.includes('malformed textDocument/didChange')).length > rejectedBefore ? true : undefined,
    );
    client.published.delete(uri);
    // One line inserted at the top of the text the server holds: the finding moves down by exactly one.
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// only one\n' }]);
    const diagnostics = await client.waitFor('diagnostics after the good change', () => client.published.get(uri));
    assert.deepEqual(rules(diagnostics).filter((r) => r.endsWith('unclosed-body')), [`${LEAKY_BODY_LINE + 1}:unclosed-body`]);
    // And the syntax tree is in step with that text: a quick fix edits the right line.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: LEAKY_BODY_LINE, character: 16 },
    });
    assert.ok(hover && /unclosed-body/.test(hover.contents.value));
  });
});

describe('trust fails closed (item 41)', () => {
  let client: LspTestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-trust-'));
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const params of [{ trusted: 'no' }, {}, null, { trusted: 1 }]) {
    it(`workspaceTrust ${JSON.stringify(params)} counts as untrusted`, async () => {
      await client.connection.sendNotification('leaklens/checks/workspaceTrust', { trusted: true });
      await client.connection.sendNotification('leaklens/checks/workspaceTrust', params);
      await assert.rejects(
        client.request('leaklens/checks/run', { checks: [{ kind: 'url', url: 'http://127.0.0.1:9/' }] }),
        /only in a trusted workspace/,
      );
    });
  }
});

describe('discovery reads only regular files within the size limit (items 27, 28)', () => {
  let client: LspTestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-discover-'));
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir, settings: { maxFileSize: 4000 } });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('five FIFO .checks files get an answer, and Go files on disk still get diagnostics afterwards', async () => {
    const fifos = Array.from({ length: 5 }, (_, i) => {
      const fifo = path.join(dir, `pipe${i}.checks`);
      execFileSync('mkfifo', [fifo]);
      return pathToFileURL(fifo).href;
    });
    const answer = await client.request<{ checks: unknown[] }>('leaklens/checks/discover', { uris: fifos }, 10_000);
    assert.deepEqual(answer.checks, []);
    assert.equal(logMessages(client).filter((m) => /cannot list checks of .*not a regular file/.test(m)).length, 5);
    // The sibling summaries read the folder's .go files from disk: the I/O pool must be free.
    fs.writeFileSync(path.join(dir, 'sibling.go'), 'package main\n\nfunc sibling() {}\n');
    const uri = pathToFileURL(path.join(dir, 'main.go')).href;
    await client.open(uri, LEAKY_BODY);
    const diagnostics = await client.waitFor('diagnostics of main.go', () => client.published.get(uri));
    assert.deepEqual(rules(diagnostics).filter((r) => r.endsWith('unclosed-body')), [`${LEAKY_BODY_LINE}:unclosed-body`]);
  });

  it('a Go file over leaklens.maxFileSize is not parsed for URLs; one under it is', async () => {
    const urls = (n: number): string => `package main\n\nvar endpoints = []string{\n${'\t"http://127.0.0.1:9/health",\n'.repeat(n)}}\n`;
    fs.writeFileSync(path.join(dir, 'small.go'), urls(3));
    fs.writeFileSync(path.join(dir, 'big.go'), urls(200));
    const discover = (name: string) =>
      client.request<{ checks: unknown[] }>('leaklens/checks/discover', { uris: [pathToFileURL(path.join(dir, name)).href] });
    assert.ok((await discover('small.go')).checks.length > 0);
    assert.equal((await discover('big.go')).checks.length, 0);
  });
});

describe('a framing error on stdin (item 40)', () => {
  it('is logged and ends the server with exit code 1, so the client restarts it', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.write('Content-Length: abc\r\n\r\n{"jsonrpc":"2.0"}');
    try {
      assert.equal(await withTimeout(exited, 10_000, 'server exit'), 1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    assert.match(stderr, /cannot read the client's messages \(Content-Length value must be a number/);
    assert.match(stdout, /window\/logMessage/);
  });
});

describe('hostile .checks documents (items 26, 31)', () => {
  let client: LspTestClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-hostile-checks-'));
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir, settings: { maxFileSize: 100_000 } });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const openChecks = (uri: string, text: string): Promise<void> =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'healthchecks', version: 1, text } });

  it('variables that expand each other get a diagnostic on the variable; lenses and other requests answer', async () => {
    const lines = ['@var v0 = aaaa', ...Array.from({ length: 14 }, (_, i) => `@var v${i + 1} = {{v${i}}}{{v${i}}}{{v${i}}}{{v${i}}}`)];
    const uri = pathToFileURL(path.join(dir, 'bomb.checks')).href;
    await openChecks(uri, `${lines.join('\n')}\n### bomb\nGET http://127.0.0.1:9/{{v14}}\n`);
    const diagnostics = await client.waitFor('bomb diagnostics', () => client.published.get(uri), 10_000);
    assert.deepEqual(
      diagnostics.filter((d) => /expands to more than/.test(d.message)).map((d) => [d.range.start.line, d.range.start.character]),
      [[6, 5]],
    );
    const lenses = await client.request<unknown[]>('textDocument/codeLens', { textDocument: { uri } }, 10_000);
    assert.equal(lenses.length, 2);
  });

  it('a document over leaklens.maxFileSize gets one diagnostic, not one per line', async () => {
    const uri = pathToFileURL(path.join(dir, 'huge.checks')).href;
    await openChecks(uri, 'garbage line\n'.repeat(20_000));
    const diagnostics = await client.waitFor('huge diagnostics', () => client.published.get(uri), 10_000);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /more than 100,000 bytes/);
  });
});

describe('URL passwords in what the server sends (item 34)', () => {
  let client: LspTestClient;
  let dir: string;
  let server: TestServer;
  before(async () => {
    server = await startHttpServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-masked-'));
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir });
  });
  after(async () => {
    await client.dispose();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lenses and results carry the URL masked; running the masked ref still sends the real password', async () => {
    const url = server.url.replace('http://', 'http://deploy:p@ss-SECRET@') + '/ok';
    const uri = pathToFileURL(path.join(dir, 'main.go')).href;
    const text = `package main\n\nimport "net/http"\n\nfunc main() {\n\tresp, err := http.Get("${url}")\n\tif err == nil {\n\t\tresp.Body.Close()\n\t}\n}\n`;
    fs.writeFileSync(path.join(dir, 'main.go'), text);
    await client.open(uri, text);
    const lenses = await client.request<{ command: { arguments: [unknown[]] } }[]>('textDocument/codeLens', { textDocument: { uri } });
    const refs = lenses.flatMap((l) => l.command.arguments[0] ?? []);
    assert.equal(refs.length, 1);
    assert.ok(!JSON.stringify(lenses).includes('ss-SECRET'), JSON.stringify(lenses));
    const before = client.notifications.length;
    const answer = await client.request<{ results: { outcome: string; url: string }[] }>('leaklens/checks/run', { checks: refs });
    assert.deepEqual(answer.results.map((r) => r.outcome), ['healthy']);
    assert.equal(server.seenHeaders[server.seenHeaders.length - 1].authorization, `Basic ${Buffer.from('deploy:p@ss-SECRET').toString('base64')}`);
    assert.ok(!JSON.stringify(answer).includes('ss-SECRET'), JSON.stringify(answer));
    assert.ok(!JSON.stringify(client.notifications.slice(before)).includes('ss-SECRET'));
  });
});
