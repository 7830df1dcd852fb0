// The /proc sampler against real processes: a leaking Node program, one that exits mid-sample, PIDs that may not be read.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { ProcessGoneError, ProcessUnreadableError } from '../../shared/src/handles/errors';
import { identifyProcess, readOsCounts } from '../../shared/src/handles/os-counts';
import { classifyFdTarget, listChildPids, parseStat, readStat } from '../../shared/src/handles/procfs';
import type { FdCounts } from '../../shared/src/handles/types';
import { startLeakyNode, startProcess, waitFor, type Debuggee } from './processes';

describe('procfs sampler on a leaking Node process', () => {
  let node: Debuggee;
  before(async () => {
    node = await startLeakyNode(50);
  });
  after(async () => {
    await node.kill();
  });

  test('sees sockets growing while the other counts stay sane', async () => {
    const identity = await identifyProcess(node.pid);
    const first = await readOsCounts(identity);
    assert.ok(first.threads >= 1, `threads ${first.threads}`);
    assert.ok(first.rssBytes > 1024 * 1024, `rss ${first.rssBytes}`);
    assert.ok(first.fdLimit === undefined || first.fdLimit > 0);
    const { fds } = first;
    assert.equal(fds.total, fds.files + fds.sockets + fds.pipes + fds.other);
    // Each tick opens a client socket and accepts a server socket: +2 sockets per tick.
    const grown = await waitFor('sockets to grow by 20', async () => {
      const now = await readOsCounts(identity);
      return now.fds.sockets >= first.fds.sockets + 20 ? now : undefined;
    });
    assert.ok(grown.fds.total > first.fds.total);
    assert.ok(grown.fds.other >= 1, 'node has an epoll/eventfd anon inode');
  });
});

describe('processes that exit or may not be read', () => {
  test('a process that exits mid-sampling: ProcessGoneError, not a crash', async () => {
    const child = await startProcess('sh', ['-c', 'echo up; exec sleep 30'], /^up$/);
    const identity = await identifyProcess(child.pid);
    await readOsCounts(identity);
    await child.kill();
    await assert.rejects(readOsCounts(identity), ProcessGoneError);
  });

  test('many samples racing a process that exits: every result is a full sample or ProcessGoneError', async () => {
    const child = await startLeakyNode(10);
    const identity = await identifyProcess(child.pid);
    // Reads are synchronous, the kill is delivered by the kernel meanwhile: samples land before, during and after exit.
    const results: PromiseSettledResult<Awaited<ReturnType<typeof readOsCounts>>>[] = [];
    for (let i = 0; i < 400; i++) {
      if (i === 50) child.child.kill('SIGKILL');
      results.push(await readOsCounts(identity).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
    }
    await child.kill();
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof ProcessGoneError, String(r.reason));
      else assert.equal(r.value.fds.total, r.value.fds.files + r.value.fds.sockets + r.value.fds.pipes + r.value.fds.other);
    }
    assert.ok(results.some((r) => r.status === 'fulfilled'));
    await assert.rejects(readOsCounts(identity), ProcessGoneError);
  });

  test('a PID that does not exist', async () => {
    const max = Number((await import('node:fs')).readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    // pid_max itself is never handed out (PIDs are < pid_max).
    await assert.rejects(identifyProcess(max), (err: Error) => err instanceof ProcessGoneError && /does not exist/.test(err.message));
  });

  test('nonsense PIDs are rejected before touching /proc', async () => {
    await assert.rejects(identifyProcess(0), RangeError);
    await assert.rejects(identifyProcess(-1), RangeError);
    await assert.rejects(identifyProcess(1.5), RangeError);
  });

  test('a kernel thread (PID 2, kthreadd) has no handles of its own: a clear error', async () => {
    // Tests run as root, so "permission denied" cannot be produced here; a kernel thread is the readable-but-empty case.
    const stat = readStat(2);
    if (!(stat.flags & 0x00200000)) {
      // In a PID namespace PID 2 is an ordinary process; then this machine has no kernel thread to look at.
      assert.notEqual(stat.state, '');
      return;
    }
    await assert.rejects(identifyProcess(2), (err: Error) => err instanceof ProcessUnreadableError && /kernel thread/.test(err.message));
  });

  test('a zombie is reported as exited', async () => {
    // `sleep 0.1 &` becomes a child of `exec sleep 30`, which never waits for it: a zombie once it ends.
    const parent = await startProcess('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], /^\d+$/);
    try {
      const zombie = Number(parent.readyLine);
      await waitFor('the child to become a zombie', () => readStat(zombie).state === 'Z', 5000);
      await assert.rejects(identifyProcess(zombie), (err: Error) => err instanceof ProcessGoneError && /zombie/.test(err.message));
      assert.deepEqual(listChildPids(parent.pid), [], 'zombies are not counted as children');
    } finally {
      await parent.kill();
    }
  });

  test('PID reuse: a sample for an identity whose start time differs is refused', async () => {
    const child = await startProcess('sh', ['-c', 'echo up; exec sleep 30'], /^up$/);
    try {
      const identity = await identifyProcess(child.pid);
      const impostor = { pid: identity.pid, startTime: String(Number(identity.startTime) - 1) };
      await assert.rejects(readOsCounts(impostor), (err: Error) => err instanceof ProcessGoneError && /reused/.test(err.message));
    } finally {
      await child.kill();
    }
  });

  test('listChildPids finds a real child', async () => {
    const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    try {
      const [child] = await waitFor('sh to start sleep', () => {
        const kids = listChildPids(parent.pid!);
        return kids.length > 0 ? kids : undefined;
      });
      assert.equal(readStat(child).ppid, parent.pid);
    } finally {
      parent.kill('SIGKILL');
      await new Promise((r) => parent.once('exit', r));
    }
  });
});

describe('procfs parsing', () => {
  test('stat: a command name with spaces and parentheses', () => {
    const fields = ['S', '42', '7', '7', '0', '-1', '4194560', ...Array.from({ length: 12 }, () => '0'), '123456', '0'];
    const stat = parseStat(`77 (a) b (c)) ${fields.join(' ')}`);
    assert.deepEqual([stat.pid, stat.state, stat.ppid, stat.startTime], [77, 'S', 42, '123456']);
  });

  test('stat: garbage is an error', () => {
    assert.throws(() => parseStat('nonsense'), /unexpected/);
  });

  test('fd targets by kind', () => {
    const counts: FdCounts = { total: 0, files: 0, sockets: 0, pipes: 0, other: 0 };
    for (const t of ['/dev/null', '/tmp/x (deleted)', 'socket:[1]', 'pipe:[2]', 'anon_inode:[eventpoll]', 'anon_inode:[eventfd]', 'net:[4026531840]']) {
      classifyFdTarget(t, counts);
    }
    assert.deepEqual(counts, { total: 7, files: 2, sockets: 1, pipes: 1, other: 3 });
  });
});
