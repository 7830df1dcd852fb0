// The runner against real loopback HTTP and HTTPS servers: every outcome and every error category.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeRequestError } from '../../server/src/checks/errors';
import { Limiter } from '../../server/src/checks/limiter';
import { parseCheckFile } from '../../server/src/checks/parser';
import { isResolved, resolveBlock, resolveUrl } from '../../server/src/checks/resolve';
import { runMany } from '../../server/src/checks/run-many';
import { runCheck } from '../../server/src/checks/runner';
import {
  closedPort,
  makeSelfSignedCertificate,
  startHttpServer,
  startHttpsServer,
  startSlowloris,
  type Certificate,
  type TestServer,
} from './servers';

describe('health-check runner', () => {
  let plain: TestServer;
  let tls: TestServer;
  let slowloris: TestServer;
  let certificate: Certificate;

  before(async () => {
    certificate = makeSelfSignedCertificate();
    [plain, tls, slowloris] = await Promise.all([startHttpServer(), startHttpsServer(certificate), startSlowloris()]);
  });
  after(async () => {
    await Promise.all([plain.close(), tls.close(), slowloris.close()]);
  });

  it('200 is healthy, with status, latency and no error', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/ok`));
    assert.equal(result.outcome, 'healthy');
    assert.equal(result.status, 200);
    assert.equal(result.error, null);
    assert.equal(result.redirects, 0);
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 5000);
    assert.deepEqual(result.failedAssertions, []);
  });

  it('follows 301 to 200 and counts the redirect', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/moved`));
    assert.equal(result.outcome, 'healthy');
    assert.equal(result.status, 200);
    assert.equal(result.redirects, 1);
  });

  it('503 is unhealthy with the failed status assertion', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/unavailable`));
    assert.equal(result.outcome, 'unhealthy');
    assert.equal(result.status, 503);
    assert.deepEqual(result.failedAssertions, ['status 503 is not in 200-399']);
  });

  it('a server slower than the timeout fails with "timeout after N ms"', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/slow`), { timeoutMs: 300 });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'timeout after 300 ms');
    assert.equal(result.status, null);
    assert.ok(result.latencyMs >= 290, `latency ${result.latencyMs}`);
  });

  it('a reset in the middle of the body fails with "connection reset"', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/reset`));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'connection reset');
  });

  it('a redirect loop fails with "too many redirects" after following 5', async () => {
    const result = await runCheck(resolveUrl(`${plain.url}/loop`));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'too many redirects (more than 5)');
    assert.equal(result.redirects, 5);
  });

  it('a 100 MB body is cut after 1 MB: healthy, fast, and the process does not buffer it', async () => {
    const rssBefore = process.memoryUsage().rss;
    const result = await runCheck(resolveUrl(`${plain.url}/huge`), { timeoutMs: 10_000 });
    assert.equal(result.outcome, 'healthy');
    assert.equal(result.status, 200);
    const grown = process.memoryUsage().rss - rssBefore;
    assert.ok(grown < 50 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
  });

  it('a body assertion sees the body; a missing text is a failed assertion', async () => {
    const file = parseCheckFile(`### ok\nGET ${plain.url}/ok\n@expect body contains "status: ok"\n\n### missing\nGET ${plain.url}/ok\n@expect body contains "ready"\n`);
    assert.deepEqual(file.diagnostics, []);
    const [ok, missing] = file.blocks.map((b) => resolveBlock(file, b, 'file:///t.checks', () => undefined));
    assert.ok(isResolved(ok) && isResolved(missing));
    assert.equal((await runCheck(ok)).outcome, 'healthy');
    const result = await runCheck(missing);
    assert.equal(result.outcome, 'unhealthy');
    assert.deepEqual(result.failedAssertions, ['body does not contain "ready"']);
  });

  it('a latency bound that is exceeded is a failed assertion', async () => {
    const file = parseCheckFile(`GET ${plain.url}/delay?ms=150\n@expect latency < 50ms\n`);
    const check = resolveBlock(file, file.blocks[0], 'file:///t.checks', () => undefined);
    assert.ok(isResolved(check));
    const result = await runCheck(check);
    assert.equal(result.outcome, 'unhealthy');
    assert.match(result.failedAssertions[0], /^latency \d+ ms is not below 50 ms$/);
  });

  it('a slowloris trickling headers is cut by the same deadline', async () => {
    const result = await runCheck(resolveUrl(`${slowloris.url}/`), { timeoutMs: 400 });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'timeout after 400 ms');
    assert.ok(result.latencyMs < 2000, `latency ${result.latencyMs}`);
  });

  it('a port with nothing listening is "connection refused"', async () => {
    const port = await closedPort();
    const result = await runCheck(resolveUrl(`http://127.0.0.1:${port}/health`));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'connection refused');
  });

  it('HTTPS with a self-signed certificate is a TLS certificate error', async () => {
    const result = await runCheck(resolveUrl(`${tls.url}/ok`));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'TLS certificate error: self-signed certificate');
  });

  it('HTTPS with the certificate trusted: 200, 301→200, 503, reset, loop', async () => {
    const run = (route: string) => runCheck(resolveUrl(`${tls.url}${route}`), { ca: certificate.cert });
    const [ok, moved, down, reset, loop] = await Promise.all(['/ok', '/moved', '/unavailable', '/reset', '/loop'].map(run));
    assert.deepEqual([ok.outcome, ok.status], ['healthy', 200]);
    assert.deepEqual([moved.outcome, moved.status, moved.redirects], ['healthy', 200, 1]);
    assert.deepEqual([down.outcome, down.status], ['unhealthy', 503]);
    assert.deepEqual([reset.outcome, reset.error], ['failed', 'connection reset']);
    assert.deepEqual([loop.outcome, loop.error], ['failed', 'too many redirects (more than 5)']);
  });

  it('HTTPS with a trusted certificate for another host name is a TLS certificate error', async () => {
    const foreign = makeSelfSignedCertificate('DNS:elsewhere.invalid');
    const server = await startHttpsServer(foreign);
    try {
      const result = await runCheck(resolveUrl(`${server.url}/ok`), { ca: foreign.cert });
      assert.equal(result.error, 'TLS certificate error: the certificate is not for this host name');
    } finally {
      await server.close();
    }
  });

  it('maps DNS, unreachable and unknown errors to words (DNS is not exercised live: it would leave the machine)', () => {
    const error = (code: string): Error => Object.assign(new Error(`getaddrinfo ${code} secret.example`), { code });
    assert.equal(describeRequestError(error('ENOTFOUND')), 'DNS lookup failed');
    assert.equal(describeRequestError(error('EAI_AGAIN')), 'DNS lookup failed');
    assert.equal(describeRequestError(error('ECONNREFUSED')), 'connection refused');
    assert.equal(describeRequestError(new AggregateError([error('ECONNREFUSED')])), 'connection refused');
    assert.equal(describeRequestError(error('EHOSTUNREACH')), 'host unreachable');
    assert.equal(describeRequestError(error('HPE_INVALID_CONSTANT')), 'invalid HTTP response');
    assert.equal(describeRequestError(error('ERR_SSL_WRONG_VERSION_NUMBER')), 'TLS handshake failed');
    assert.equal(describeRequestError(error('EWHATEVER')), 'request failed (EWHATEVER)');
    assert.equal(describeRequestError('not an error'), 'request failed');
  });

  it('speaking HTTPS to a plain HTTP port is a TLS handshake failure', async () => {
    const result = await runCheck(resolveUrl(plain.url.replace('http:', 'https:') + '/ok'));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'TLS handshake failed');
  });

  it('cancelling a run fails running and waiting checks with "cancelled", promptly', async () => {
    const controller = new AbortController();
    const checks = Array.from({ length: 6 }, () => resolveUrl(`${plain.url}/slow`));
    const run = runMany(checks, { limiter: new Limiter(2), signal: controller.signal, timeoutMs: 20_000 });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const results = await run;
    assert.ok(performance.now() - started < 3000);
    assert.deepEqual(results.map((r) => r.error), Array(6).fill('cancelled'));
  });

  it('never runs more checks at once than the limiter allows', async () => {
    let active = 0;
    let peak = 0;
    const limiter = new Limiter(3);
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await runCheck(resolveUrl(`${plain.url}/delay?ms=30`));
          active--;
        }),
      ),
    );
    assert.equal(peak, 3);
  });

  it('a missing environment variable fails the check without sending it', async () => {
    const file = parseCheckFile(`GET ${plain.url}/ok\nAuthorization: Bearer {{env:LEAKLENS_TEST_UNSET}}\n`);
    const check = resolveBlock(file, file.blocks[0], 'file:///t.checks', () => undefined);
    const before = plain.seenHeaders.length;
    const [result] = await runMany([check], { limiter: new Limiter(1) });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error, 'environment variable LEAKLENS_TEST_UNSET is not set');
    assert.equal(plain.seenHeaders.length, before);
  });

  it('keeps credentials on same-origin redirects and drops them when the redirect leaves the origin', async () => {
    const other = await startHttpServer();
    try {
      const check = (target: string) => {
        const file = parseCheckFile(`GET ${plain.url}/redirect?to=${encodeURIComponent(target)}\nAuthorization: Bearer abc\nX-Trace: t\n`);
        const resolved = resolveBlock(file, file.blocks[0], 'file:///t.checks', () => undefined);
        assert.ok(isResolved(resolved));
        return runCheck(resolved);
      };
      assert.equal((await check('/ok')).redirects, 1);
      assert.equal(plain.seenHeaders[plain.seenHeaders.length - 1].authorization, 'Bearer abc');
      const away = await check(`${other.url}/ok`);
      assert.deepEqual([away.outcome, away.redirects], ['healthy', 1]);
      const seen = other.seenHeaders[other.seenHeaders.length - 1];
      assert.equal(seen.authorization, undefined);
      assert.equal(seen['x-trace'], 't');
    } finally {
      await other.close();
    }
  });

  it('sends a URL password as basic auth but shows it as ***', async () => {
    const result = await runCheck(resolveUrl(plain.url.replace('http://', 'http://deployer:pa55word-x@') + '/ok'));
    assert.equal(result.outcome, 'healthy');
    assert.equal(result.url, plain.url.replace('http://', 'http://deployer:***@') + '/ok');
    assert.ok(!JSON.stringify(result).includes('pa55word-x'));
    assert.equal(plain.seenHeaders[plain.seenHeaders.length - 1].authorization, `Basic ${Buffer.from('deployer:pa55word-x').toString('base64')}`);
  });

  it('POST sends the body with its length and the headers', async () => {
    const file = parseCheckFile(`POST ${plain.url}/ok\nContent-Type: application/json\nX-Trace: abc\n\n{"dry_run": true}\n`);
    const check = resolveBlock(file, file.blocks[0], 'file:///t.checks', () => undefined);
    assert.ok(isResolved(check));
    const result = await runCheck(check);
    assert.equal(result.outcome, 'healthy');
    const seen = plain.seenHeaders[plain.seenHeaders.length - 1];
    assert.equal(seen['x-trace'], 'abc');
    assert.equal(seen['content-length'], String(Buffer.byteLength('{"dry_run": true}')));
  });
});

describe('limiter', () => {
  it('rejects a concurrency that is not a whole number ≥ 1', () => {
    assert.throws(() => new Limiter(0), /concurrency must be a whole number ≥ 1, got 0/);
    assert.throws(() => new Limiter(1).setLimit(2.5), /got 2\.5/);
  });

  it('a task waiting for a slot leaves the queue when its signal aborts, and the slot goes to the next', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const cancelled = limiter.run(async () => 'ran', controller.signal);
    const third = limiter.run(async () => 'third');
    controller.abort(new Error('stop'));
    await assert.rejects(cancelled, /stop/);
    release();
    await first;
    assert.equal(await third, 'third');
  });
});
