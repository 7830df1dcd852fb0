// pprof: parsing real Go output, reading and auto-detecting a real Go program's handler, and never hanging on a silent one.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { httpGet } from '../../shared/src/handles/http-get';
import { parseGoroutineProfile } from '../../shared/src/handles/pprof-parse';
import { normalizePprofBase, PprofReader } from '../../shared/src/handles/pprof-reader';
import { listeningLoopbackPorts, parseListeningPorts } from '../../shared/src/handles/procfs';
import { activeResources, buildLeakyGo, makeTempDir, pprofUrlOf, startLeakyGo, waitFor, waitForRelease, type Debuggee, type TempDir } from './processes';

describe('pprof against the leaky Go program', () => {
  let dir: TempDir;
  let go: Debuggee;
  before(async () => {
    dir = makeTempDir('leaklens-pprof-');
    go = await startLeakyGo(await buildLeakyGo(dir.path), ['-interval', '50ms']);
  });
  after(async () => {
    await go?.kill();
    dir?.remove();
  });

  test('parses the real goroutine profile: the leaking line is the top group', async () => {
    const profile = await waitFor('10 leaked goroutines', async () => {
      const { status, body } = await httpGet(`${pprofUrlOf(go)}/debug/pprof/goroutine?debug=1`, { timeoutMs: 2000 });
      assert.equal(status, 200);
      const parsed = parseGoroutineProfile(body);
      return parsed.groups[0].count >= 10 ? parsed : undefined;
    });
    assert.ok(profile.total >= profile.groups.reduce((n, g) => n + g.count, 0) - 1);
    const top = profile.groups[0];
    assert.equal(top.function, 'main.leakOne.func1');
    assert.match(top.location, /test\/fixtures\/leaky\/go\/main\.go:22$/);
    assert.equal(top.frames[0].line, 22);
  });

  test('finds the pprof port among the listening loopback ports and sees goroutines grow', async () => {
    const ports = listeningLoopbackPorts(go.pid);
    assert.ok(ports.some((p) => pprofUrlOf(go).endsWith(`:${p.port}`)), JSON.stringify(ports));
    const reader = new PprofReader({ listPorts: () => listeningLoopbackPorts(go.pid), timeoutMs: 2000 });
    const first = await reader.read();
    assert.ok(first, 'auto-detected');
    assert.equal(reader.baseUrl, pprofUrlOf(go));
    assert.equal(first.source, 'pprof');
    const later = await waitFor('10 more goroutines', async () => {
      const now = await reader.read();
      return now && now.total >= first.total + 10 ? now : undefined;
    });
    assert.equal(later.leaked, undefined, 'goroutineleak is not served without GOEXPERIMENT');
    assert.deepEqual(activeResources().filter((r) => r === 'TCPWrap'), [], 'no keep-alive socket is left open');
  });

  test('an explicit base URL, with or without /debug/pprof/', async () => {
    for (const url of [pprofUrlOf(go), `${pprofUrlOf(go)}/debug/pprof/`]) {
      const g = await new PprofReader({ baseUrl: url }).read();
      assert.ok(g && g.total > 0);
    }
  });
});

describe('pprof failure modes', () => {
  test('a server that accepts but never answers (a paused program): rejected within the timeout, nothing left open', async () => {
    const baseline = activeResources();
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    await assert.rejects(httpGet(`http://127.0.0.1:${port}/debug/pprof/goroutine?debug=1`, { timeoutMs: 300 }), /no answer within 300 ms/);
    assert.ok(Date.now() - started < 3000);
    const reader = new PprofReader({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    await assert.rejects(reader.read(), /no answer within 300 ms/);
    assert.match(reader.lastError ?? '', /no answer within 300 ms/, 'the view can say why goroutines are missing');
    for (const s of held) s.destroy();
    await new Promise((r) => silent.close(r));
    await waitForRelease(baseline);
  });

  test('an abort signal ends a request at once', async () => {
    const baseline = activeResources();
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s.on('error', () => undefined)));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    const controller = new AbortController();
    const pending = httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, /abort/i);
    for (const s of held) s.destroy();
    silent.close();
    await waitForRelease(baseline);
  });

  test('an oversized answer is cut off', async () => {
    const big = net.createServer((s) => s.on('error', () => undefined).resume().end(`HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n${'x'.repeat(3_000_000)}`));
    await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
    const { port } = big.address() as net.AddressInfo;
    await assert.rejects(httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 5000, maxBytes: 1_000_000 }), /larger than/);
    await new Promise((r) => big.close(r));
  });

  test('auto-detect skips ports that are not pprof and then waits before probing again', async () => {
    const other = net.createServer((s) => s.on('error', () => undefined).resume().end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const { port } = other.address() as net.AddressInfo;
    let clock = 0;
    const reader = new PprofReader({ listPorts: () => [{ host: '127.0.0.1', port }], redetectAfterMs: 10_000, now: () => clock });
    assert.equal(await reader.read(), null);
    assert.equal(reader.requests, 1);
    assert.equal(await reader.read(), null);
    assert.equal(reader.requests, 1, 'no probe before redetectAfterMs');
    clock = 10_000;
    assert.equal(await reader.read(), null);
    assert.equal(reader.requests, 2);
    await new Promise((r) => other.close(r));
  });

  test('bad URLs and bad profiles', async () => {
    assert.throws(() => normalizePprofBase('https://127.0.0.1:1'), /http:\/\//);
    assert.throws(() => normalizePprofBase('not a url'));
    assert.equal(normalizePprofBase(' http://127.0.0.1:6060/debug/pprof/ '), 'http://127.0.0.1:6060');
    await assert.rejects(httpGet('file:///etc/passwd', { timeoutMs: 100 }), /only http/);
    assert.throws(() => parseGoroutineProfile('<html>hello</html>'), /not a Go goroutine profile/);
  });

  test('/proc/net/tcp parsing: only listening sockets of the process that loopback reaches', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0',
      '   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0 100 0 0 10 0',
      '   2: 0A00000A:0051 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0 100 0 0 10 0',
      '   3: 0100007F:1F91 0100007F:9999 01 00000000:00000000 00:00000000 00000000     0        0 444 1 0 100 0 0 10 0',
      '   4: 0100007F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0 100 0 0 10 0',
    ].join('\n');
    const ports = parseListeningPorts(table, new Set(['111', '222', '333', '444']), false);
    assert.deepEqual(ports, [
      { port: 8080, host: '127.0.0.1' },
      { port: 80, host: '127.0.0.1' },
    ]);
  });
});
