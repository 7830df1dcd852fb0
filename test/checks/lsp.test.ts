// The health-check feature through the real language server (dist/server.js --stdio): diagnostics of a broken check
// file, lenses in check files and Go files, run requests with progress, result notifications, cancellation, trust,
// discovery, and secrets kept out of everything the server sends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ProgressType } from 'vscode-jsonrpc/node';
import type { CheckRef, CheckResult, RunChecksResult } from '../../server/src/protocol/checks';
import { LspTestClient, withTimeout, type LspDiagnostic } from '../lsp/lspClient';
import { startHttpServer, type TestServer } from './servers';

interface Lens {
  range: { start: { line: number; character: number } };
  command: { title: string; command: string; arguments: [CheckRef[]] | [] };
}

const SECRET = 'tok-4f9a1c-very-secret';

describe('health checks over LSP', () => {
  let server: TestServer;
  let client: LspTestClient;
  let dir: string;

  before(async () => {
    server = await startHttpServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-lsp-checks-'));
    // The server inherits the environment: {{env:LEAKLENS_LSP_TEST_TOKEN}} resolves to the secret there.
    process.env.LEAKLENS_LSP_TEST_TOKEN = SECRET;
    client = await LspTestClient.start({ pull: false, workspaceFolder: dir });
  });
  after(async () => {
    await client.dispose();
    delete process.env.LEAKLENS_LSP_TEST_TOKEN;
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const openChecks = (uri: string, text: string): Promise<void> =>
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'healthchecks', version: 1, text } });
  const lenses = (uri: string): Promise<Lens[]> => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });

  it('publishes the mistakes of a broken check file with their ranges', async () => {
    const uri = pathToFileURL(path.join(dir, 'broken.checks')).href;
    await openChecks(uri, `### one\nGET ${server.url}/ok\n@retry 3\n@expect status 299-200\n\n### two\nGET {{nowhere}}/x\n`);
    const diagnostics = await client.waitFor('check-file diagnostics', () => client.published.get(uri));
    const compact = (d: LspDiagnostic) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.source, d.code, d.message];
    assert.deepEqual(diagnostics.map(compact), [
      [2, 0, 6, 1, 'leaklens', 'check-file', 'unknown directive @retry (expected @var, @expect or @timeout)'],
      [3, 15, 22, 1, 'leaklens', 'check-file', 'bad status range 299-200: the start is after the end'],
      [6, 4, 15, 1, 'leaklens', 'check-file', 'undefined variable nowhere (define it with "@var nowhere = …")'],
    ]);
  });

  it('offers "▶ Run all (N)" at the top and "▶ Run check" per block, and runs them with progress', async () => {
    const uri = pathToFileURL(path.join(dir, 'api.checks')).href;
    await openChecks(uri, `@var base = ${server.url}\n### up\nGET {{base}}/ok\n\n### down\nGET {{base}}/unavailable\n@expect status 200\n`);
    const found = await lenses(uri);
    assert.deepEqual(
      found.map((l) => [l.range.start.line, l.command.title, l.command.command]),
      [
        [0, '$(play) Run all (2)', 'leaklens.checks.runRefs'],
        [1, '$(play) Run check', 'leaklens.checks.runRefs'],
        [4, '$(play) Run check', 'leaklens.checks.runRefs'],
      ],
    );
    const refs = (found[0].command.arguments as [CheckRef[]])[0];
    assert.deepEqual(refs, [
      { kind: 'block', uri, name: 'up', line: 1 },
      { kind: 'block', uri, name: 'down', line: 4 },
    ]);
    const before = client.notifications.length;
    const progress: Array<{ kind: string }> = [];
    const listening = client.connection.onProgress(new ProgressType<{ kind: string }>(), 'run-1', (value) => {
      progress.push(value);
    });
    const { results, cancelled } = await client.request<RunChecksResult>('leaklens/checks/run', { checks: refs, workDoneToken: 'run-1' });
    listening.dispose();
    assert.equal(cancelled, false);
    assert.deepEqual(results.map((r) => [r.name, r.outcome, r.status, r.url]), [
      ['up', 'healthy', 200, `${server.url}/ok`],
      ['down', 'unhealthy', 503, `${server.url}/unavailable`],
    ]);
    assert.deepEqual(results[1].failedAssertions, ['status 503 is not in 200']);
    assert.deepEqual(results[0].anchor, {
      uri,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 15 } },
      blockRange: { start: { line: 1, character: 0 }, end: { line: 2, character: 15 } },
    });
    assert.deepEqual(results[0].ref, refs[0]);
    const sent = client.notifications.slice(before);
    assert.deepEqual(progress.map((p) => p.kind), ['begin', 'report', 'report', 'end']);
    const streamed = sent.filter((n) => n.method === 'leaklens/checks/result').map((n) => (n.params as CheckResult).name);
    assert.deepEqual(streamed.sort(), ['down', 'up']);
  });

  it('offers "▶ Check N endpoints" above a URL slice and "▶ Check URL" above a URL literal in Go', async () => {
    const uri = pathToFileURL(path.join(dir, 'main.go')).href;
    const text = [
      'package main',
      '',
      'import "net/http"',
      '',
      'func main() {',
      `\turls := []string{"${server.url}/ok", "${server.url}/unavailable"}`,
      '\tfor _, u := range urls {',
      '\t\t_, _ = http.Get(u)',
      '\t}',
      `\t_, _ = http.Get("${server.url}/moved")`,
      '\t_ = fmt.Sprintf("https://%s/health", "h")',
      '}',
      '',
    ].join('\n');
    await client.open(uri, text);
    const found = await lenses(uri);
    assert.deepEqual(
      found.map((l) => [l.range.start.line, l.command.title]),
      [
        [5, '$(play) Check 2 endpoints'],
        [9, '$(play) Check URL'],
      ],
    );
    const sliceRefs = (found[0].command.arguments as [CheckRef[]])[0];
    const { results } = await client.request<RunChecksResult>('leaklens/checks/run', { checks: sliceRefs });
    assert.deepEqual(results.map((r) => [r.outcome, r.status]), [['healthy', 200], ['unhealthy', 503]]);
    assert.equal(results[0].anchor?.range.start.line, 5);
    assert.equal(results[0].anchor?.range.start.character, 18);
  });

  it('gives a multi-line URL list one lens and one palette entry per URL, never two', async () => {
    const uri = pathToFileURL(path.join(dir, 'list.go')).href;
    const text = [
      'package main',
      '',
      'var urls = []string{',
      `\t"${server.url}/ok",`,
      `\t"${server.url}/unavailable",`,
      '}',
      '',
      `const lone = "${server.url}/moved"`,
      '',
    ].join('\n');
    await client.open(uri, text);
    assert.deepEqual((await lenses(uri)).map((l) => [l.range.start.line, l.command.title]), [
      [2, '$(play) Check 2 endpoints'],
      [7, '$(play) Check URL'],
    ]);
    const { checks } = await client.request<{ checks: Array<{ url: string }> }>('leaklens/checks/discover', { uris: [uri] });
    assert.deepEqual(checks.map((c) => c.url), [`${server.url}/ok`, `${server.url}/unavailable`, `${server.url}/moved`]);
  });

  it('turns the Go URL lenses off with leaklens.checks.goUrlLenses = false', async () => {
    const uri = pathToFileURL(path.join(dir, 'list.go')).href;
    client.settings = { checks: { goUrlLenses: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { leaklens: client.settings } });
    try {
      assert.deepEqual(await lenses(uri), []);
    } finally {
      client.settings = null;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { leaklens: null } });
    }
    assert.equal((await lenses(uri)).length, 2);
  });

  it('lists a block that cannot run with the reason, and gives it no run lens', async () => {
    const uri = pathToFileURL(path.join(dir, 'invalid.checks')).href;
    await openChecks(uri, `### fine\nGET ${server.url}/ok\n\n### broken\nGET {{nowhere}}/x\n`);
    assert.deepEqual((await lenses(uri)).map((l) => [l.range.start.line, l.command.title, l.command.command]), [
      [0, '$(play) Run all (1)', 'leaklens.checks.runRefs'],
      [0, '$(play) Run check', 'leaklens.checks.runRefs'],
      [3, '$(error) Cannot run: undefined variable nowhere (define it with "@var nowhere = …")', ''],
    ]);
    const { checks } = await client.request<{ checks: Array<{ name: string; invalid?: string }> }>('leaklens/checks/discover', { uris: [uri] });
    assert.deepEqual(checks.map((c) => [c.name, c.invalid]), [
      ['fine', undefined],
      ['broken', 'undefined variable nowhere (define it with "@var nowhere = …")'],
    ]);
  });

  it('completes {{variables}} defined in the file, @directives, methods and @expect forms in .checks files', async () => {
    const uri = pathToFileURL(path.join(dir, 'complete.checks')).href;
    const text = ['@var base = http://127.0.0.1:1', '@var token = x', '### one', 'GET {{', '@', '@expect ', '### two', 'PO', ''].join('\n');
    await openChecks(uri, text);
    type Item = { label: string; textEdit?: { newText: string; range: { start: { character: number } } } };
    const complete = (line: number, character: number) =>
      client.request<Item[] | { items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character } }).then((r) => (Array.isArray(r) ? r : r.items));
    assert.deepEqual((await complete(3, 6)).map((i) => [i.label, i.textEdit?.newText]), [
      ['base', 'base}}'],
      ['token', 'token}}'],
      ['env:NAME', 'env:${1:NAME}}}'],
    ]);
    assert.deepEqual((await complete(4, 1)).map((i) => i.label), ['@var', '@expect', '@timeout']);
    assert.deepEqual((await complete(5, 8)).map((i) => i.label), ['status 200-299', 'body contains "…"', 'latency < 500ms']);
    assert.deepEqual((await complete(7, 2)).map((i) => i.label), ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    assert.deepEqual(await complete(0, 12), []);
  });

  it('cancels a run on $/cancelRequest: the unfinished checks end as "cancelled", promptly', async () => {
    const source = new CancellationTokenSource();
    const started = Date.now();
    const run = client.connection.sendRequest<RunChecksResult>(
      'leaklens/checks/run',
      { checks: [{ kind: 'url', url: `${server.url}/slow` }], timeoutMs: 20_000 },
      source.token,
    );
    const cancelAfter = setTimeout(() => source.cancel(), 200);
    const answer = await withTimeout(run, 10_000, 'cancelled run');
    clearTimeout(cancelAfter);
    assert.equal(answer.cancelled, true);
    assert.equal(answer.results[0].error, 'cancelled');
    assert.ok(Date.now() - started < 5000);
  });

  it('lists the checks of a file on disk without running anything', async () => {
    const file = path.join(dir, 'disk.checks');
    fs.writeFileSync(file, `### a\nGET ${server.url}/ok\n### b\nPOST ${server.url}/ok?k={{env:LEAKLENS_LSP_TEST_TOKEN}}\n`);
    const seen = server.seenHeaders.length;
    const { checks } = await client.request<{ checks: Array<{ name: string; method: string; url: string }> }>('leaklens/checks/discover', {
      uris: [pathToFileURL(file).href, pathToFileURL(path.join(dir, 'missing.checks')).href],
    });
    assert.deepEqual(checks.map((c) => [c.name, c.method, c.url]), [
      ['a', 'GET', `${server.url}/ok`],
      ['b', 'POST', `${server.url}/ok?k={{env:LEAKLENS_LSP_TEST_TOKEN}}`],
    ]);
    assert.equal(server.seenHeaders.length, seen);
  });

  it('never sends a secret: env values and sensitive headers stay out of results, notifications and logs', async () => {
    const uri = pathToFileURL(path.join(dir, 'secret.checks')).href;
    await openChecks(
      uri,
      [
        `### with token`,
        `GET ${server.url}/unavailable?key={{env:LEAKLENS_LSP_TEST_TOKEN}}`,
        `Authorization: Bearer {{env:LEAKLENS_LSP_TEST_TOKEN}}`,
        `X-Api-Key: literal-key-value-123`,
        `@expect body contains "{{env:LEAKLENS_LSP_TEST_TOKEN}}"`,
        ``,
      ].join('\n'),
    );
    const from = client.notifications.length;
    const { results } = await client.request<RunChecksResult>('leaklens/checks/run', { checks: [{ kind: 'block', uri, name: 'with token', line: 0 }] });
    assert.equal(results[0].outcome, 'unhealthy');
    // The request really carried the secret…
    const seen = server.seenHeaders[server.seenHeaders.length - 1];
    assert.equal(seen.authorization, `Bearer ${SECRET}`);
    // …but nothing the server said does.
    const everything = JSON.stringify(results) + JSON.stringify(client.notifications.slice(from)) + client.stderr.join('');
    assert.ok(!everything.includes(SECRET), 'the environment secret leaked');
    assert.ok(!everything.includes('literal-key-value-123'), 'a sensitive header value leaked');
    assert.match(results[0].url, /key=\{\{env:LEAKLENS_LSP_TEST_TOKEN\}\}$/);
    assert.deepEqual(results[0].failedAssertions, ['status 503 is not in 200-399', 'body does not contain "{{env:LEAKLENS_LSP_TEST_TOKEN}}"']);
  });

  it('in an untrusted workspace: lenses say why and run requests are refused', async () => {
    const uri = pathToFileURL(path.join(dir, 'api.checks')).href;
    await client.connection.sendNotification('leaklens/checks/workspaceTrust', { trusted: false });
    const found = await lenses(uri);
    assert.deepEqual(found.map((l) => [l.command.title, l.command.command]), [
      ['$(lock) Checks disabled: this workspace is not trusted', 'leaklens.checks.explainUntrusted'],
    ]);
    await assert.rejects(client.request('leaklens/checks/run', { checks: [{ kind: 'url', url: `${server.url}/ok` }] }), /trusted workspace/);
    await assert.rejects(client.request('leaklens/checks/run', { checks: 'everything' }), /trusted workspace|expects/);
    await client.connection.sendNotification('leaklens/checks/workspaceTrust', { trusted: true });
    assert.equal((await lenses(uri)).length, 3);
    await assert.rejects(client.request('leaklens/checks/run', { checks: [{ kind: 'nonsense' }] }), /expects \{ checks: CheckRef\[\] \}/);
    await assert.rejects(
      client.request('leaklens/checks/run', { checks: [{ kind: 'url', url: `${server.url}/ok` }], timeoutMs: -1 }),
      /timeoutMs must be a whole number ≥ 1/,
    );
  });

  it('shuts down cleanly after runs', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
