// `leaklens handles` as a real process: this bundled test file doubles as the CLI host when LEAKLENS_HANDLES_CLI is set,
// so the command is tested end to end (stdout, stderr, exit code, Ctrl-C) whether or not cli.ts dispatches to it yet.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { runHandles } from '../../server/src/cli/handles';
import { buildLeakyGo, makeTempDir, pprofUrlOf, startLeakyGo, startLeakyNode, type Debuggee, type TempDir } from './processes';

if (process.env.LEAKLENS_HANDLES_CLI) {
  void runHandles(process.argv.slice(2)).then((code) => (process.exitCode = code));
} else {
  interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
  }

  /** Runs `leaklens handles ARGS`; `interruptWhen` sends SIGINT once stdout satisfies it. */
  const cli = (args: string[], interruptWhen?: (stdout: string) => boolean): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [__filename, ...args], { env: { ...process.env, LEAKLENS_HANDLES_CLI: '1' } });
      let stdout = '';
      let stderr = '';
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
        if (interruptWhen?.(stdout)) child.kill('SIGINT');
      });
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr });
      });
    });

  const EXACT_KEYS = ['time', 'pid', 'fds', 'threads', 'rssBytes', 'goroutines'];

  describe('leaklens handles', () => {
    let dir: TempDir;
    let go: Debuggee;
    before(async () => {
      dir = makeTempDir('leaklens-cli-handles-');
      go = await startLeakyGo(await buildLeakyGo(dir.path), ['-interval', '50ms']);
    });
    after(async () => {
      await go?.kill();
      dir?.remove();
    });

    test('JSON: one object per line, exactly the documented shape, goroutines auto-detected from pprof', async () => {
      const run = await cli(['--pid', String(go.pid), '--interval', '300', '--count', '3', '--format', 'json']);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.equal(lines.length, 3);
      const samples = lines.map((l) => JSON.parse(l) as Record<string, any>);
      for (const s of samples) {
        assert.deepEqual(Object.keys(s), EXACT_KEYS);
        assert.equal(s.pid, go.pid);
        assert.match(s.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.deepEqual(Object.keys(s.fds), ['total', 'files', 'sockets', 'pipes', 'other']);
        assert.equal(s.fds.total, s.fds.files + s.fds.sockets + s.fds.pipes + s.fds.other);
        assert.ok(s.threads >= 1 && s.rssBytes > 0);
        assert.deepEqual(Object.keys(s.goroutines), ['total', 'top']);
        assert.deepEqual(Object.keys(s.goroutines.top[0]), ['count', 'function', 'location']);
      }
      assert.ok(samples[2].fds.files > samples[0].fds.files, 'the leaky program opens a file every 50 ms');
      assert.ok(samples[2].goroutines.total > samples[0].goroutines.total);
      assert.equal(samples[2].goroutines.top[0].function, 'main.leakOne.func1');
      assert.match(samples[2].goroutines.top[0].location, /main\.go:22$/);
    });

    test('text with an explicit --pprof URL, until Ctrl-C', async () => {
      const run = await cli(['--pid', String(go.pid), `--pprof=${pprofUrlOf(go)}/debug/pprof/`, '--interval', '100'], (out) => out.split('\n').filter((l) => l.includes('pid ')).length >= 2);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`pid ${go.pid}  fds \\d+/?\\d* \\(files \\d+, sockets \\d+, pipes \\d+, other \\d+\\)  threads \\d+  rss [\\d.]+ MiB  goroutines \\d+`));
      assert.match(run.stdout, /\n {2}\d+\tmain\.leakOne\.func1\t.*main\.go:22/);
    });

    test('a Node process: no pprof, goroutines null', async () => {
      const node = await startLeakyNode(50);
      try {
        const run = await cli(['--pid', String(node.pid), '--count', '1', '--format', 'json']);
        assert.equal(run.code, 0, run.stderr);
        const sample = JSON.parse(run.stdout) as { goroutines: unknown; fds: { sockets: number } };
        assert.equal(sample.goroutines, null);
        assert.ok(sample.fds.sockets >= 1);
      } finally {
        await node.kill();
      }
    });

    test('a process that exits during sampling: a note on stderr, the samples so far, exit 0', async () => {
      const node = await startLeakyNode(50);
      const running = cli(['--pid', String(node.pid), '--interval', '100', '--format', 'json'], (out) => {
        if (out.split('\n').length > 2) void node.kill();
        return false;
      });
      const run = await running;
      await node.kill();
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.trim().split('\n').length >= 2);
      assert.match(run.stderr, new RegExp(`process ${node.pid} .*stopping after \\d+ samples`));
    });
  });

  describe('leaklens handles: bad input', () => {
    test('a PID that does not exist: exit 2 and a clear message', async () => {
      const run = await cli(['--pid', '4194304']);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /process 4194304 does not exist/);
    });

    test('a kernel thread: exit 2 and a clear message (or, inside a PID namespace, a readable process)', async () => {
      const run = await cli(['--pid', '2', '--count', '1']);
      if (run.code === 2) assert.match(run.stderr, /process 2 may not be read: it is a kernel thread/);
      else assert.equal(run.code, 0, run.stderr);
    });

    test('usage errors: exit 2 with the message and where the help is', async () => {
      for (const args of [[], ['--pid'], ['--pid', 'abc'], ['--pid', '1', '--format', 'xml'], ['--pid', '1', '--interval', '5'], ['--pid', '1', '--pprof', 'ftp://x'], ['--bogus']]) {
        const run = await cli(args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, /^leaklens handles: .+\nRun "leaklens handles --help" for usage\.\n$/);
      }
    });

    test('a --pprof URL that never answers (like a paused program): the sample comes without goroutines, no hang', async () => {
      const net = await import('node:net');
      const held: import('node:net').Socket[] = [];
      const silent = net.createServer((s) => held.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const node = await startLeakyNode(1000);
      try {
        const url = `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}`;
        const started = Date.now();
        const run = await cli(['--pid', String(node.pid), '--pprof', url, '--count', '1', '--format', 'json']);
        assert.equal(run.code, 0, run.stderr);
        assert.equal((JSON.parse(run.stdout) as { goroutines: unknown }).goroutines, null);
        assert.ok(Date.now() - started < 10_000, 'bounded by the pprof timeout');
      } finally {
        for (const s of held) s.destroy();
        silent.close();
        await node.kill();
      }
    });
  });
}
