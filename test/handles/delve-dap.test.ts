// Real Delve: drive `dlv dap` over its socket like VS Code does (launch, run, pause, continue, disconnect), feed its
// messages to the same DapObserver and DebuggeeMonitor the extension uses, and check that the PID is found, that fds and
// goroutines are seen growing, that nothing is asked from pprof while the program is stopped, and that all is released.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DapObserver } from '../../shared/src/handles/dap-observer';
import { DebuggeeMonitor } from '../../shared/src/handles/debuggee-monitor';
import { identifyProcess } from '../../shared/src/handles/os-counts';
import { delveChildren } from '../../shared/src/handles/pid-discovery';
import { PprofReader } from '../../shared/src/handles/pprof-reader';
import { readStat } from '../../shared/src/handles/procfs';
import type { HandleSample } from '../../shared/src/handles/types';
import { DapClient } from './dap-client';
import { activeResources, buildLeakyGo, makeTempDir, waitFor, waitForRelease, type TempDir } from './processes';

function findDlv(): string {
  const gopath = process.env.GOPATH ?? join(process.env.HOME ?? '/root', 'go');
  for (const dir of [...(process.env.PATH ?? '').split(':'), join(gopath, 'bin')]) {
    if (dir && existsSync(join(dir, 'dlv'))) return join(dir, 'dlv');
  }
  throw new Error('dlv not found on PATH or in $GOPATH/bin: run test/setup.sh');
}

/** Forwards HTTP to the Go program and records when each request arrived, the ground truth of "asked while stopped". */
function countingProxy(target: () => string): Promise<{ server: http.Server; url: string; arrivals: number[] }> {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(Date.now());
    const upstream = http.get(target() + req.url, { agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals })),
  );
}

let dir: TempDir;
let binary: string;
before(async () => {
  dir = makeTempDir('leaklens-dlv-');
  binary = await buildLeakyGo(dir.path);
});
after(() => dir?.remove());

test('dlv dap: PID found, growth seen, no pprof request while stopped, everything released', { timeout: 120_000 }, async () => {
  const baseline = activeResources();
  const dlv: ChildProcess = spawn(findDlv(), ['dap', '--listen=127.0.0.1:0'], { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
  const dlvClosed = new Promise<void>((r) => dlv.once('close', () => r()));
  let dlvOutput = '';
  dlv.stdout!.setEncoding('utf8').on('data', (s: string) => (dlvOutput += s));
  dlv.stderr!.setEncoding('utf8').on('data', (s: string) => (dlvOutput += s));
  let client: DapClient | undefined;
  let monitor: DebuggeeMonitor | undefined;
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;
  try {
    const port = Number(await waitFor('dlv to listen', () => /listening at: 127\.0\.0\.1:(\d+)/.exec(dlvOutput)?.[1], 20_000));
    client = await DapClient.connect(port);
    const observer = new DapObserver();
    client.onMessage((m) => observer.fromAdapter(m));

    // Launch like vscode-go: exec a prebuilt binary, run to completion of configurationDone, no stop on entry.
    const addrFile = join(dir.path, 'addr');
    await client.request('initialize', { adapterID: 'go', clientID: 'leaklens-test', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await client.request('launch', { request: 'launch', mode: 'exec', program: binary, args: ['-interval', '100ms'], env: { LEAKY_ADDR_FILE: addrFile }, stopOnEntry: false });
    await client.waitFor('initialized', (m) => m.event === 'initialized');
    await client.request('configurationDone');
    assert.equal(observer.state, 'running');

    // The PID: the process event (Delve ≥ 1.24.1) and the child-of-dlv fallback must agree.
    const [childOfDlv] = await waitFor('the debuggee as a child of dlv', () => {
      const kids = delveChildren(dlv.pid!);
      return kids.length === 1 ? kids : undefined;
    });
    await client.waitFor('process event', (m) => m.event === 'process', 5000);
    assert.equal(observer.processEventPid, childOfDlv);
    assert.equal(readStat(childOfDlv).ppid, dlv.pid);
    const identity = await identifyProcess(childOfDlv);

    const goUrl = await waitFor('the program to write its pprof address', () => (existsSync(addrFile) ? readFileSync(addrFile, 'utf8') : undefined));
    proxy = await countingProxy(() => goUrl);
    const pprof = new PprofReader({ baseUrl: proxy.url, timeoutMs: 2000 });
    const samples: HandleSample[] = [];
    const failures: Error[] = [];
    monitor = new DebuggeeMonitor({ identity, observer, pprof, intervalMs: 100, onSample: (s) => samples.push(s), onFailure: (e) => failures.push(e) });
    assert.equal(monitor.sampling, false, 'not sampling while the view is hidden');
    monitor.setVisible(true);
    assert.equal(monitor.sampling, true);

    await waitFor('fds and goroutines to grow by 10', () => {
      const withGoroutines = samples.filter((s) => s.goroutines);
      if (withGoroutines.length < 2) return false;
      const [first, last] = [withGoroutines[0], withGoroutines[withGoroutines.length - 1]];
      return last.fds.files >= first.fds.files + 10 && last.goroutines!.total >= first.goroutines!.total + 10;
    }, 20_000);
    assert.equal(samples.at(-1)!.goroutines!.groups[0].function, 'main.leakOne.func1');

    // Pause: the loop stops at once; the goroutine count comes from DAP threads; pprof is not asked.
    let requestsAtStop = -1;
    let stoppedAt = 0;
    observer.onChange(() => {
      if (observer.state === 'stopped' && requestsAtStop < 0) {
        requestsAtStop = pprof.requests;
        stoppedAt = Date.now();
      }
    });
    await client.request('pause', { threadId: 1 });
    await client.waitFor('stopped', (m) => m.event === 'stopped');
    assert.equal(observer.state, 'stopped');
    assert.equal(monitor.sampling, false);
    const threads = await client.request('threads');
    const goroutinesWhileStopped = (threads.body!.threads as unknown[]).length;
    const stoppedSample = await waitFor('the one sample taken while stopped', () => samples.find((s) => s.goroutines?.source === 'dap-threads'));
    assert.equal(stoppedSample.goroutines!.total, goroutinesWhileStopped);
    assert.ok(goroutinesWhileStopped >= 10);
    // Stay stopped for several sampling intervals, then check that no request went out and none arrived.
    const samplesWhileStopped = samples.length;
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(pprof.requests, requestsAtStop, 'no pprof request sent while stopped');
    assert.equal(samples.length, samplesWhileStopped, 'no sampling while stopped');
    const continuedAt = Date.now();
    // A request sent just before the stop may reach the proxy a moment after it; 100 ms covers that delivery.
    assert.deepEqual(proxy.arrivals.filter((t) => t > stoppedAt + 100 && t < continuedAt), []);

    await client.request('continue', { threadId: 1 });
    assert.equal(observer.state, 'running');
    assert.equal(monitor.sampling, true);
    const afterContinue = samples.length;
    await waitFor('pprof samples again after continue', () => samples.slice(afterContinue).some((s) => s.goroutines?.source === 'pprof'));
    assert.deepEqual(failures, []);

    // Disconnect with terminateDebuggee: the program and dlv end; the monitor stops and releases everything.
    await client.request('disconnect', { terminateDebuggee: true });
    await waitFor('the debuggee to be gone', () => {
      try {
        return readStat(childOfDlv).state === 'Z';
      } catch {
        return true;
      }
    });
    observer.end();
    assert.equal(monitor.sampling, false);
  } finally {
    monitor?.dispose();
    client?.close();
    if (proxy) await new Promise((r) => proxy!.server.close(r));
    if (dlv.exitCode === null && dlv.signalCode === null) dlv.kill();
    await dlvClosed;
  }
  await waitForRelease(baseline);
});
