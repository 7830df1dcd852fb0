// The CLI against bad input and hostile peers (issue 11, items 23, 32, 34, 35, 36, 37, 38, 39, 41), through the built
// dist/cli.js where the behaviour is the command's, in-process where it is a sampler's logic.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHandlesArgs } from '../../server/src/cli/handles';
import { PprofReader } from '../../shared/src/handles/pprof-reader';
import { readTargets } from '../../shared/src/handles/procfs';
import { sampleToJson, sampleToText } from '../../shared/src/handles/sample-format';
import { CLI, LEAKY_BODY, makeWorkspace, NOBODY, removeWorkspace, runCli } from './run-cli';

const PROFILE = 'goroutine profile: total 3\n3 @ 0x1 0x2\n#\t0x1\tmain.worker+0x1\t/src/app/main.go:10\n\n';

/** An HTTP server on loopback answering every request with `handler`; closed with all its sockets. */
async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('one parser, one usage error, one set of exit codes (item 23)', () => {
  for (const command of ['check', 'health', 'handles']) {
    it(`${command}: an unknown option and a missing value are worded alike and exit 2; --help exits 0`, async () => {
      const unknown = await runCli([command, '--bogus'], process.cwd());
      assert.equal(unknown.code, 2);
      assert.equal(unknown.stderr, `leaklens ${command}: unknown option --bogus\nRun "leaklens ${command} --help" for usage.\n`);
      const missing = await runCli([command, '--format'], process.cwd());
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, new RegExp(`^leaklens ${command}: --format needs a value\\n`));
      const help = await runCli([command, '--help'], process.cwd());
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: leaklens ${command}`));
    });
  }
});

describe('leaklens check on a named file that cannot be read (item 35)', () => {
  let root: string;
  before(() => {
    root = makeWorkspace({ 'secret.go': LEAKY_BODY, 'fine.go': LEAKY_BODY });
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, 'secret.go'), 0o000);
    fs.chmodSync(path.join(root, 'fine.go'), 0o644);
    execFileSync('mkfifo', [path.join(root, 'pipe.go')]);
  });
  after(() => removeWorkspace(root));

  it('exits 2 for an unreadable named file, as for an unreadable folder', async () => {
    const user = process.getuid?.() === 0 ? NOBODY : undefined;
    const r = await runCli(['check', 'secret.go'], root, 60_000, user);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /secret\.go: permission denied \(EACCES\)/);
  });

  it('exits 2 for a named FIFO without reading it, and still reports the other files', async () => {
    const r = await runCli(['check', 'pipe.go', 'fine.go'], root);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pipe\.go: not a regular file/);
    assert.match(r.stdout, /^fine\.go:\d+:\d+: unclosed-body/m);
  });
});

describe('leaklens health: secrets, warnings, --ca (items 34, 38, 41)', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let root: string;
  before(async () => {
    server = await serve((_req, res) => res.end('ok'));
    root = makeWorkspace({
      'broken.checks': '### deploy\nGET ftp://deploy:hunter2-SECRET@files.example/x\n',
      'notpem.txt': 'this is not a certificate\n',
    });
  });
  after(async () => {
    await server.close();
    removeWorkspace(root);
  });

  it('a parse error about a URL does not print its password (CI logs keep stderr)', async () => {
    const r = await runCli(['health', 'broken.checks'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.checks:2:5: bad URL "ftp:\/\/deploy:\*\*\*@files\.example\/x"/);
    assert.ok(!r.stderr.includes('hunter2-SECRET'));
  });

  it('a password with @ in it is masked whole in text and JSON results', async () => {
    const url = server.url.replace('http://', 'http://user:p@ss-SECRET@') + '/ok';
    for (const format of ['text', 'json']) {
      const r = await runCli(['health', '--url', url, '--format', format], root);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('user:***@127.0.0.1'), r.stdout);
      assert.ok(!`${r.stdout}${r.stderr}`.includes('ss-SECRET'), r.stdout);
    }
  });

  it('eleven or more checks print no EventTarget memory-leak warning', async () => {
    const urls = Array.from({ length: 12 }, (_, i) => ['--url', `${server.url}/ok?n=${i}`]).flat();
    const r = await runCli(['health', ...urls], root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '12 healthy, 0 unhealthy, 0 failed\n');
  });

  it('--ca with a file that is not PEM is an error, not silently ignored', async () => {
    const r = await runCli(['health', '--url', `${server.url}/ok`, '--ca', 'notpem.txt'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ca notpem\.txt: not a PEM file of certificates/);
  });
});

describe('leaklens handles: pprof answers and addresses (items 32, 39, 41)', () => {
  it('a pprof answer cut short is reported on stderr and sampling goes on', async () => {
    const cut = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(PROFILE.length + 1000) });
      res.write(PROFILE);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const r = await runCli(['handles', '--pid', String(process.pid), '--pprof', cut.url, '--count', '3', '--interval', '100', '--format', 'json'], process.cwd(), 60_000);
      assert.equal(r.code, 0, r.stderr);
      const samples = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { goroutines: unknown });
      assert.equal(samples.length, 3);
      assert.deepEqual(samples.map((s) => s.goroutines), [null, null, null]);
      // Said once, not once per sample.
      assert.equal(r.stderr.match(/goroutines unknown in this sample: .*the answer was cut short/g)?.length, 1, r.stderr);
    } finally {
      await cut.close();
    }
  });

  it('terminal escape bytes in function names never reach the terminal in text output', async () => {
    const evil = await serve((_req, res) => res.end(PROFILE.replace('main.worker', 'main.\u001b]0;owned\u0007\u001b[2Jworker')));
    try {
      const r = await runCli(['handles', '--pid', String(process.pid), '--pprof', evil.url, '--count', '1'], process.cwd(), 60_000);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('main.?]0;owned??[2Jworker'), r.stdout);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout), JSON.stringify(r.stdout));
    } finally {
      await evil.close();
    }
  });

  it('a --pprof URL off loopback needs --allow-remote-pprof', async () => {
    const r = await runCli(['handles', '--pid', String(process.pid), '--pprof', 'http://10.1.2.3:6060', '--count', '1'], process.cwd());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--pprof http:\/\/10\.1\.2\.3:6060: not a loopback address; add --allow-remote-pprof/);
    // Parsed only (nothing is sent to that address here).
    assert.equal(parseHandlesArgs(['--pid', '1', '--pprof', 'http://10.1.2.3:6060', '--allow-remote-pprof']).pprof, 'http://10.1.2.3:6060');
    for (const loopback of ['http://127.0.0.1:6060', 'http://localhost:6060', 'http://[::1]:6060']) {
      assert.equal(parseHandlesArgs(['--pid', '1', '--pprof', loopback]).pprof, loopback);
    }
  });
});

describe('file descriptors whose target may not be read (item 36)', () => {
  it('are counted as unknown with the reason, never as closed', () => {
    const denied = (): string => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    const result = readTargets(['0', '1', '2'], denied);
    assert.deepEqual(result, { targets: [], unreadable: 3, reason: 'permission denied (EACCES): run as the same user as the process' });
    const gone = (): string => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    assert.deepEqual(readTargets(['7'], gone), { targets: [], unreadable: 0 });
  });

  it('show up in both output formats', () => {
    const sample = {
      timeMs: 0,
      pid: 1,
      fds: { total: 309, files: 0, sockets: 0, pipes: 0, other: 0, unknown: { count: 309, reason: 'permission denied (EACCES)' } },
      threads: 1,
      rssBytes: 0,
      goroutines: null,
    };
    assert.match(sampleToText(sample), /fds 309 \(files 0, sockets 0, pipes 0, other 0, unknown 309: permission denied \(EACCES\)\)/);
    assert.deepEqual(JSON.parse(sampleToJson(sample)).fds.unknown, { count: 309, reason: 'permission denied (EACCES)' });
  });
});

describe('pprof auto-detection (item 37)', () => {
  it('probes every loopback port at once, and remembers the answer', async () => {
    const silent: net.Server[] = [];
    const held: net.Socket[] = [];
    let connections = 0;
    for (let i = 0; i < 40; i++) {
      const s = net.createServer((socket) => {
        connections++;
        held.push(socket);
      });
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      silent.push(s);
    }
    let silentConnectionsWhenAsked = -1;
    let pprofRequests = 0;
    const pprof = await serve((_req, res) => {
      pprofRequests++;
      if (silentConnectionsWhenAsked < 0) silentConnectionsWhenAsked = connections;
      res.end(PROFILE);
    });
    try {
      const ports = [...silent.map((s) => (s.address() as net.AddressInfo).port), Number(new URL(pprof.url).port)];
      const reader = new PprofReader({ listPorts: () => ports.map((port) => ({ host: '127.0.0.1', port })), timeoutMs: 30_000 });
      const first = await reader.read();
      assert.equal(first?.total, 3);
      assert.equal(reader.baseUrl, pprof.url);
      // Sequential probing would reach the pprof port only after every silent port timed out.
      assert.equal(silentConnectionsWhenAsked, 40);
      const requestsAfterDetection = reader.requests;
      await reader.read();
      assert.equal(reader.requests - requestsAfterDetection, 2, 'the next read goes straight to pprof (goroutine + leak profile)');
      assert.ok(pprofRequests >= 2);
    } finally {
      for (const socket of held) socket.destroy();
      for (const s of silent) await new Promise<void>((resolve) => s.close(() => resolve()));
      await pprof.close();
    }
  });
});

describe('leaklens check whose reader goes away', () => {
  it('does not crash when stdout is closed before it writes (`leaklens check … | head -c 100`)', async () => {
    // Many findings, so that the output is far longer than what the reader takes.
    const source = ['package main', '', 'import "net/http"', ''];
    for (let i = 0; i < 400; i++) source.push(`func get${i}(u string) { resp, _ := http.Get(u); _ = resp }`);
    source.push('func main() { for { get0("x") } }');
    const dir = makeWorkspace({ 'go.mod': 'module example.com/pipe\n\ngo 1.22\n', 'main.go': source.join('\n') + '\n' });
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
        // The reader is gone before the CLI writes a byte, as when `head` has already exited.
        child.stdout.destroy();
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('close', (exitCode) => {
          clearTimeout(timer);
          resolve({ code: exitCode, stderr: err });
        });
      });
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|internal error/);
      assert.ok(code === 0 || code === 1, `exit code ${code}`);
    } finally {
      removeWorkspace(dir);
    }
  });
});
