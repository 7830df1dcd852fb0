// The "New Automation Script…" templates: each is gofmt-clean, passes go vet, builds, has no LeakLens findings, and
// does what its header promises in a short real run (loopback servers and temp folders only).
import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SCRIPT_TEMPLATES } from '../../client/src/authoring/catalogue';
import { goModContent } from '../../client/src/authoring/go-module';
import { GoProcess } from './go-process';
import { describeFindings, leakLensFindings, REPO_ROOT, runCommand } from './toolchain';

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');
/** Bound of one short run of a built template. */
const RUN_TIMEOUT_MS = 20_000;

let work: string;
let binaries: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'leaklens-templates-'));
  const module = join(work, 'module');
  binaries = join(work, 'bin');
  mkdirSync(binaries);
  cpSync(TEMPLATES_DIR, module, { recursive: true });
  writeFileSync(join(module, 'go.mod'), goModContent('templates'));
  const build = await runCommand('go', ['build', '-o', `${binaries}/`, './...'], module);
  assert.equal(build.code, 0, `go build:\n${build.stderr}`);
});

after(() => rmSync(work, { recursive: true, force: true }));

function binary(id: string): string {
  return join(binaries, id);
}

test('every catalogue entry has a template folder and every template folder is in the catalogue', () => {
  const folders = readdirSync(TEMPLATES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(SCRIPT_TEMPLATES.map((t) => t.id).sort(), folders.sort());
  for (const id of folders) assert.deepEqual(readdirSync(join(TEMPLATES_DIR, id)), ['main.go'], `${id} is one main.go`);
});

test('templates are gofmt-clean', async () => {
  const result = await runCommand('gofmt', ['-l', '.'], TEMPLATES_DIR);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '', `gofmt would change: ${result.stdout}`);
});

test('templates pass go vet', async () => {
  const result = await runCommand('go', ['vet', './...'], join(work, 'module'));
  assert.equal(result.code, 0, `go vet:\n${result.stderr}`);
});

test('templates have no LeakLens findings', async () => {
  const findings = await leakLensFindings(TEMPLATES_DIR, ['.']);
  assert.equal(findings.length, 0, `findings:\n${describeFindings(findings)}`);
});

test('every template offers -pprof', () => {
  for (const t of SCRIPT_TEMPLATES) {
    const source = readFileSync(join(TEMPLATES_DIR, t.id, 'main.go'), 'utf8');
    assert.match(source, /flag\.String\("pprof"/, `${t.id} has a -pprof flag`);
  }
});

test('health checker: ✅ for 200, ⚠️ for 503, ❌ for a closed port, exit code 2', async () => {
  const server = await listen(
    createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 503).end('body');
    }),
  );
  const closedPort = await freePort();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closedUrl = `http://127.0.0.1:${closedPort}/`;
  const checker = new GoProcess(binary('health-checker'), ['-timeout', '3s', `${base}/ok`, `${base}/down`, closedUrl]);
  try {
    const { code } = await checker.exited(RUN_TIMEOUT_MS);
    const lines = checker.stdout.trim().split('\n');
    assert.equal(code, 2, checker.stdout + checker.stderr);
    assert.equal(lines.length, 3, checker.stdout);
    assert.match(lines[0], new RegExp(`^✅ 200 ${base}/ok \\(\\d+ ms\\)$`));
    assert.match(lines[1], new RegExp(`^⚠️ 503 ${base}/down \\(\\d+ ms\\)$`));
    assert.match(lines[2], new RegExp(`^❌ ${closedUrl}: connection refused`));
  } finally {
    await checker.dispose();
    await close(server);
  }
});

test('health checker: no URL is a usage error, not a hang', async () => {
  const checker = new GoProcess(binary('health-checker'), []);
  try {
    const { code } = await checker.exited(RUN_TIMEOUT_MS);
    assert.equal(code, 125);
    assert.match(checker.stderr, /usage: .* URL\.\.\./);
  } finally {
    await checker.dispose();
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`periodic job: runs on every tick and stops cleanly on ${signal}`, async () => {
    const job = new GoProcess(binary('periodic-job'), ['-every', '50ms']);
    try {
      await job.waitForOutput(/run 3 done/, RUN_TIMEOUT_MS);
      job.signal(signal);
      const { code } = await job.exited(5_000);
      assert.equal(code, 0, job.stderr);
      assert.match(job.stderr, /stopped after \d+ runs/);
    } finally {
      await job.dispose();
    }
  });
}

test('-pprof serves the goroutine profile on loopback while the program runs', async () => {
  const port = await freePort();
  const job = new GoProcess(binary('periodic-job'), ['-every', '1s', '-pprof', `127.0.0.1:${port}`]);
  try {
    await job.waitForOutput(/run 1 done/, RUN_TIMEOUT_MS);
    const response = await fetch(`http://127.0.0.1:${port}/debug/pprof/goroutine?debug=1`, { signal: AbortSignal.timeout(5_000) });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^goroutine profile: total \d+/);
    job.signal('SIGTERM');
    assert.equal((await job.exited(5_000)).code, 0, job.stderr);
  } finally {
    await job.dispose();
  }
});

test('-pprof refuses an address that is not loopback', async () => {
  const job = new GoProcess(binary('periodic-job'), ['-pprof', '0.0.0.0:6060']);
  try {
    const { code } = await job.exited(RUN_TIMEOUT_MS);
    assert.notEqual(code, 0);
    assert.match(job.stderr, /not a loopback address/);
  } finally {
    await job.dispose();
  }
});

test('batch runner: every host runs, failures and timeouts are collected, exit code 1', async () => {
  const failing = new GoProcess(binary('batch-runner'), ['-cmd', 'test {host} = ok', '-concurrency', '2', 'ok', 'bad', 'ok', 'worse']);
  const slow = new GoProcess(binary('batch-runner'), ['-cmd', 'sleep {host}', '-timeout', '300ms', '0', '30']);
  try {
    assert.equal((await failing.exited(RUN_TIMEOUT_MS)).code, 1);
    assert.equal(failing.stdout.match(/\[ok\] ok/g)?.length, 2, failing.stdout);
    assert.match(failing.stderr, /bad: exit status 1/);
    assert.match(failing.stderr, /worse: exit status 1/);

    assert.equal((await slow.exited(RUN_TIMEOUT_MS)).code, 1);
    assert.match(slow.stdout, /\[0\] ok/);
    assert.match(slow.stderr, /30: timed out after 300ms/);
  } finally {
    await failing.dispose();
    await slow.dispose();
  }
});

test('log watcher: prints matching lines and keeps following across a rotation', async () => {
  const dir = mkdtempSync(join(work, 'logs-'));
  const log = join(dir, 'app.log');
  writeFileSync(log, 'ERROR before start\nINFO skipped\n');
  const watcher = new GoProcess(binary('log-watcher'), ['-match', 'ERROR', '-poll', '30ms', '-from-start', log]);
  try {
    await watcher.waitForOutput(/ERROR before start\n/, RUN_TIMEOUT_MS);
    appendFileSync(log, 'INFO still skipped\nERROR appended\n');
    await watcher.waitForOutput(/ERROR appended\n/, RUN_TIMEOUT_MS);
    appendFileSync(log, 'ERROR last of the old file\n');
    renameSync(log, `${log}.1`);
    writeFileSync(log, 'ERROR in the new file\n');
    await watcher.waitForOutput(/ERROR in the new file\n/, RUN_TIMEOUT_MS);
    watcher.signal('SIGTERM');
    assert.equal((await watcher.exited(5_000)).code, 0, watcher.stderr);
    assert.deepEqual(watcher.stdout.trim().split('\n'), [
      'ERROR before start',
      'ERROR appended',
      'ERROR last of the old file',
      'ERROR in the new file',
    ]);
  } finally {
    await watcher.dispose();
  }
});

test('file syncer: copies new and changed files, then finds everything up to date', async () => {
  const src = mkdtempSync(join(work, 'src-'));
  const dst = join(work, `dst-${Date.now()}`);
  mkdirSync(join(src, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(src, 'top.txt'), 'top');
  writeFileSync(join(src, 'nested', 'deeper', 'leaf.txt'), 'leaf');
  const sync = async (): Promise<string> => {
    const syncer = new GoProcess(binary('file-syncer'), ['-src', src, '-dst', dst]);
    try {
      assert.equal((await syncer.exited(RUN_TIMEOUT_MS)).code, 0, syncer.stderr);
      return syncer.stdout;
    } finally {
      await syncer.dispose();
    }
  };
  assert.match(await sync(), /^2 copied, 0 up to date$/m);
  assert.equal(readFileSync(join(dst, 'nested', 'deeper', 'leaf.txt'), 'utf8'), 'leaf');
  assert.match(await sync(), /^0 copied, 2 up to date$/m);
  writeFileSync(join(src, 'top.txt'), 'top, changed');
  assert.match(await sync(), /^1 copied, 1 up to date$/m);
  assert.equal(readFileSync(join(dst, 'top.txt'), 'utf8'), 'top, changed');
  assert.deepEqual(readdirSync(dst).sort(), ['nested', 'top.txt'], 'no temporary files are left behind');
});

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A loopback port that nothing listens on (taken and released right away). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
