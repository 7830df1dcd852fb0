// `leaklens health` as a real child process (dist/cli.js) against loopback servers: formats, exit codes, the JSON
// shape, filters, timeouts, HTTPS with --ca, usage errors, check files that do not parse, and secrets.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeWorkspace, removeWorkspace, runCli } from '../cli/run-cli';
import { closedPort, makeSelfSignedCertificate, startHttpServer, startHttpsServer, type TestServer } from './servers';

const SECRET = 'cli-secret-7d1e0b-value';

describe('leaklens health', () => {
  let plain: TestServer;
  let tls: TestServer;
  let workspace: string;
  let refusedUrl: string;

  before(async () => {
    const certificate = makeSelfSignedCertificate();
    [plain, tls] = await Promise.all([startHttpServer(), startHttpsServer(certificate)]);
    refusedUrl = `http://127.0.0.1:${await closedPort()}/health`;
    workspace = makeWorkspace({
      'api.checks': `@var base = ${plain.url}\n### up\nGET {{base}}/ok\n@expect body contains "ok"\n\n### down\nGET {{base}}/unavailable\n`,
      'healthy.checks': `### up\nGET ${plain.url}/ok\n### moved\n${plain.url}/moved\n`,
      'broken.checks': `### a\nGET ${plain.url}/ok\n@retry 3\n### b\nGET {{nope}}/x\n`,
      'slow.checks': `### slow\nGET ${plain.url}/slow\n`,
      'secret.checks': `### s\nGET ${plain.url}/unavailable?token={{env:LEAKLENS_CLI_SECRET}}\nAuthorization: Bearer {{env:LEAKLENS_CLI_SECRET}}\nCookie: session=cookie-value-42\n\n### refused\nGET ${refusedUrl}\nX-Secret-Token: {{env:LEAKLENS_CLI_SECRET}}\n`,
      'ca.pem': certificate.cert,
    });
  });
  after(async () => {
    await Promise.all([plain.close(), tls.close()]);
    removeWorkspace(workspace);
  });

  it('prints one line per check and exits 1 when any is unhealthy or failed', async () => {
    const { code, stdout, stderr } = await runCli(['health', 'api.checks', '--url', refusedUrl], workspace);
    assert.equal(code, 1, stderr);
    const lines = stdout.trimEnd().split('\n').map((l) => l.replace(/\(\d+ ms\)/, '(N ms)'));
    assert.deepEqual(lines, [
      `✅ up: ${plain.url}/ok — 200 (N ms)`,
      `⚠️ down: ${plain.url}/unavailable — 503 (N ms)`,
      '    status 503 is not in 200-399',
      `❌ ${refusedUrl} — connection refused (N ms)`,
    ]);
    assert.match(stderr, /1 healthy, 1 unhealthy, 1 failed/);
  });

  it('exits 0 when every check is healthy', async () => {
    const { code, stdout } = await runCli(['health', 'healthy.checks'], workspace);
    assert.equal(code, 0);
    assert.equal(stdout.trimEnd().split('\n').length, 2);
  });

  it('writes the JSON report in the documented shape', async () => {
    const { code, stdout } = await runCli(['health', 'api.checks', '--url', refusedUrl, '--format', 'json'], workspace);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { version: number; results: Array<Record<string, unknown>> };
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report), ['version', 'results']);
    const [up, down, refused] = report.results;
    assert.deepEqual(Object.keys(up), ['name', 'method', 'url', 'outcome', 'status', 'latencyMs', 'error', 'redirects', 'file', 'line', 'failedAssertions']);
    assert.deepEqual({ ...up, latencyMs: 0 }, {
      name: 'up', method: 'GET', url: `${plain.url}/ok`, outcome: 'healthy', status: 200, latencyMs: 0, error: null, redirects: 0,
      file: 'api.checks', line: 2, failedAssertions: [],
    });
    assert.equal(typeof up.latencyMs, 'number');
    assert.deepEqual([down.outcome, down.status, down.failedAssertions], ['unhealthy', 503, ['status 503 is not in 200-399']]);
    assert.deepEqual([refused.name, refused.outcome, refused.status, refused.error, refused.file, refused.line], [refusedUrl, 'failed', null, 'connection refused', null, null]);
  });

  it('--name keeps only matching checks; no match is a usage error', async () => {
    const { code, stdout } = await runCli(['health', 'api.checks', 'healthy.checks', '--name', 'u*', '--format', 'json'], workspace);
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(stdout) as { results: Array<{ name: string }> }).results.map((r) => r.name), ['up', 'up']);
    const none = await runCli(['health', 'api.checks', '--name', 'zzz'], workspace);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no check matches --name zzz/);
  });

  it('--timeout bounds each check', async () => {
    const { code, stdout } = await runCli(['health', 'slow.checks', '--timeout', '300'], workspace);
    assert.equal(code, 1);
    assert.match(stdout, /^❌ slow: .*\/slow — timeout after 300 ms \(\d+ ms\)$/m);
  });

  it('HTTPS: a self-signed certificate fails unless --ca trusts it', async () => {
    const untrusted = await runCli(['health', '--url', `${tls.url}/ok`], workspace);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stdout, /TLS certificate error: self-signed certificate/);
    const trusted = await runCli(['health', '--url', `${tls.url}/moved`, '--ca', 'ca.pem', '--format', 'json'], workspace);
    assert.equal(trusted.code, 0, trusted.stdout + trusted.stderr);
    assert.deepEqual((JSON.parse(trusted.stdout) as { results: Array<{ status: number; redirects: number }> }).results.map((r) => [r.status, r.redirects]), [[200, 1]]);
  });

  it('a check file with mistakes exits 2 with file:line:col for each, and runs nothing', async () => {
    const seen = plain.seenHeaders.length;
    const { code, stdout, stderr } = await runCli(['health', 'broken.checks'], workspace);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trimEnd().split('\n'), [
      'broken.checks:3:1: unknown directive @retry (expected @var, @expect or @timeout)',
      'broken.checks:5:5: undefined variable nope (define it with "@var nope = …")',
    ]);
    assert.equal(plain.seenHeaders.length, seen);
  });

  it('usage errors exit 2 with a message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['health'], /name at least one \.checks file or --url URL/],
      [['health', 'api.checks', '--format', 'xml'], /--format must be one of text, json, not "xml"/],
      [['health', 'api.checks', '--timeout', 'soon'], /--timeout needs a whole number ≥ 1, not "soon"/],
      [['health', 'api.checks', '--concurrency', '0'], /--concurrency needs a whole number ≥ 1, not "0"/],
      [['health', '--url', 'ftp://x'], /expected an http:\/\/ or https:\/\/ URL/],
      [['health', 'missing.checks'], /cannot read missing\.checks: no such file or folder \(ENOENT\)/],
      [['health', 'api.checks', '--bogus'], /unknown option --bogus/],
      [['health', '--url'], /--url needs a value/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args, workspace);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message, args.join(' '));
    }
    const help = await runCli(['health', '--help'], workspace);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: leaklens health/);
  });

  it('never prints a secret: environment values, Authorization, Cookie, *token* headers', async () => {
    process.env.LEAKLENS_CLI_SECRET = SECRET;
    try {
      for (const format of ['text', 'json']) {
        const { code, stdout, stderr } = await runCli(['health', 'secret.checks', '--format', format], workspace);
        assert.equal(code, 1);
        for (const secret of [SECRET, 'cookie-value-42']) {
          assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `${format} output leaks ${secret}`);
        }
        assert.ok(stdout.includes('token={{env:LEAKLENS_CLI_SECRET}}'), stdout);
      }
      const seen = plain.seenHeaders[plain.seenHeaders.length - 1];
      assert.equal(seen.authorization, `Bearer ${SECRET}`);
    } finally {
      delete process.env.LEAKLENS_CLI_SECRET;
    }
    const unset = await runCli(['health', 'secret.checks'], workspace);
    assert.match(unset.stdout, /❌ s: .* — environment variable LEAKLENS_CLI_SECRET is not set/);
  });

  it('reads check files given by absolute path and reports them with / separators', async () => {
    const { stdout } = await runCli(['health', path.join(workspace, 'healthy.checks'), '--format', 'json'], path.dirname(workspace));
    const results = (JSON.parse(stdout) as { results: Array<{ file: string }> }).results;
    assert.ok(results.every((r) => r.file === path.join(workspace, 'healthy.checks').split(path.sep).join('/')));
  });
});
