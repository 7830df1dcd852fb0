// DapObserver on the message sequences real adapters send (Delve, js-debug), including Delve's 1024-goroutine cap.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DapObserver, DELVE_THREADS_CAP } from '../../shared/src/handles/dap-observer';
import { pidFromConfiguration, pidFromSessionName } from '../../shared/src/handles/pid-discovery';

const event = (name: string, body: Record<string, unknown> = {}) => ({ type: 'event', event: name, body });
const response = (command: string, body: Record<string, unknown> = {}, success = true) => ({ type: 'response', command, success, body });

describe('DapObserver', () => {
  test('launch → running → stopped → threads → continued → exited', () => {
    const o = new DapObserver();
    let changes = 0;
    o.onChange(() => changes++);
    o.fromAdapter(event('initialized'));
    assert.equal(o.state, 'starting');
    o.fromAdapter(event('process', { name: 'leaky', systemProcessId: 4242 }));
    assert.equal(o.processEventPid, 4242);
    o.fromAdapter(response('configurationDone'));
    assert.equal(o.state, 'running');
    // Delve while running answers threads with one placeholder: it must not count as goroutines.
    o.fromAdapter(response('threads', { threads: [{ id: -1, name: 'Current' }] }));
    assert.equal(o.stoppedGoroutines(), undefined);
    o.fromAdapter(event('stopped', { reason: 'pause', threadId: 1, allThreadsStopped: true }));
    assert.equal(o.state, 'stopped');
    o.fromAdapter(response('threads', { threads: Array.from({ length: 37 }, (_, i) => ({ id: i + 1, name: `g${i}` })) }));
    assert.deepEqual(o.stoppedGoroutines(), { total: 37, atLeast: false, groups: [], source: 'dap-threads' });
    o.fromAdapter(response('continue', { allThreadsContinued: true }));
    assert.equal(o.state, 'running');
    assert.equal(o.stoppedGoroutines(), undefined, 'a stale stop count is not reused');
    o.fromAdapter(event('stopped', { reason: 'breakpoint' }));
    o.fromAdapter(event('continued', {}));
    assert.equal(o.state, 'running');
    o.fromAdapter(event('terminated'));
    assert.equal(o.state, 'exited');
    o.fromAdapter(event('stopped'));
    assert.equal(o.state, 'exited', 'exited is final');
    assert.equal(changes, 8);
  });

  test("Delve's cap: 1024 threads means at least 1024 goroutines", () => {
    const o = new DapObserver();
    o.fromAdapter(response('configurationDone'));
    o.fromAdapter(event('stopped'));
    o.fromAdapter(response('threads', { threads: Array.from({ length: DELVE_THREADS_CAP }, (_, i) => ({ id: i, name: '' })) }));
    assert.equal(o.stoppedGoroutines()?.atLeast, true);
  });

  test("other adapters' threads are OS threads, not goroutines", () => {
    const o = new DapObserver(false);
    o.fromAdapter(response('configurationDone'));
    o.fromAdapter(event('stopped'));
    o.fromAdapter(response('threads', { threads: [{ id: 1, name: 'main' }] }));
    assert.equal(o.stoppedGoroutines(), undefined);
  });

  test('failed responses and junk change nothing', () => {
    const o = new DapObserver();
    for (const junk of [null, 42, 'x', {}, { type: 'event' }, response('continue', {}, false), event('process', { systemProcessId: 'nope' })]) {
      o.fromAdapter(junk);
    }
    assert.equal(o.state, 'starting');
    assert.equal(o.processEventPid, undefined);
  });

  test('end() stops notifying', () => {
    const o = new DapObserver();
    let changes = 0;
    o.onChange(() => changes++);
    o.end();
    o.fromAdapter(response('configurationDone'));
    assert.equal(changes, 1);
  });
});

describe('PID hints', () => {
  test("js-debug child session names end in '[PID]'", () => {
    assert.equal(pidFromSessionName('leaky.js [12345]'), 12345);
    assert.equal(pidFromSessionName('Launch Program'), undefined);
    assert.equal(pidFromSessionName('[1] worker'), undefined);
  });

  test('attach configuration processId', () => {
    assert.equal(pidFromConfiguration(77), 77);
    assert.equal(pidFromConfiguration('77'), 77);
    assert.equal(pidFromConfiguration('${command:pickProcess}'), undefined);
    assert.equal(pidFromConfiguration(-3), undefined);
    assert.equal(pidFromConfiguration(undefined), undefined);
  });
});
