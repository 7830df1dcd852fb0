// The Handles view's pure parts: counters and their leak marks, the rendered HTML (escaped, readable as text), the
// sparkline, export formats, workspace hotspots, and reading js-debug's answer about Node's active resources.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { computeCounters, formatRate, nodeResourceLabel } from '../../client/src/debug/counters';
import { possibleLeakMessage } from '../../client/src/debug/leak-notice';
import { samplesToCsv, samplesToJson } from '../../client/src/debug/export-format';
import { findHotspots } from '../../client/src/debug/hotspots';
import { renderSessions, stateLabel, type SessionModel } from '../../client/src/debug/render';
import { parseViewMessage } from '../../client/src/debug/webview-messages';
import { sparklinePoints } from '../../client/src/debug/sparkline';
import { NODE_RESOURCES_EXPRESSION, parseNodeResources } from '../../shared/src/handles/node-resources';
import type { HandleSample, StackGroup } from '../../shared/src/handles/types';
import { LEAKY_NODE_SCRIPT } from './processes';

const T0 = 1_700_000_000_000;

function sample(i: number, fds: number, goroutines: number | null, extra: Partial<HandleSample> = {}): HandleSample {
  return {
    timeMs: T0 + i * 1000,
    pid: 99,
    fds: { total: fds, files: fds - 3, sockets: 1, pipes: 1, other: 1 },
    threads: 7,
    rssBytes: 50 * 1024 * 1024,
    goroutines: goroutines === null ? null : { total: goroutines, groups: [], source: 'pprof' },
    ...extra,
  };
}

const group = (count: number, fn: string, file: string, line: number): StackGroup => ({
  count,
  function: fn,
  location: `${file}:${line}`,
  frames: [{ function: fn, file, line }],
});

describe('counters', () => {
  test('a steadily growing fd count is marked, a flat goroutine count is not', () => {
    const samples = Array.from({ length: 40 }, (_, i) => sample(i, 10 + i, 20));
    const counters = computeCounters(samples);
    const fds = counters.find((c) => c.id === 'fds')!;
    const goroutines = counters.find((c) => c.id === 'goroutines')!;
    assert.equal(fds.possibleLeak, true);
    assert.equal(fds.current, 49);
    assert.equal(Math.round(fds.slopePerMinute), 60);
    assert.match(fds.detail!, /files 46, sockets 1, pipes 1, other 1/);
    assert.equal(goroutines.possibleLeak, false);
    assert.equal(counters.some((c) => c.id === 'leakedGoroutines'), false, 'absent without the goroutineleak profile');
  });

  test("Node resource types become counters; Delve's cap shows as at-least", () => {
    const samples = [
      sample(0, 10, null, { nodeResources: { Timeout: 2 } }),
      sample(1, 10, null, { nodeResources: { Timeout: 3, TCPSocketWrap: 1 } }),
      sample(2, 10, 1024, { goroutines: { total: 1024, atLeast: true, groups: [], source: 'dap-threads' } }),
    ];
    const counters = computeCounters(samples);
    assert.deepEqual(counters.find((c) => c.id === 'node:TCPSocketWrap')?.recent, [0, 1]);
    assert.equal(counters.find((c) => c.id === 'goroutines')?.atLeast, true);
  });

  test('rates read as +N/min', () => {
    assert.equal(formatRate(60, 'count'), '+60/min');
    assert.equal(formatRate(-2.5, 'count'), '−2.5/min');
    assert.equal(formatRate(0, 'count'), '±0/min');
    assert.equal(formatRate(3 * 1024 * 1024, 'bytes'), '+3.0 MiB/min');
  });
});

describe('rendered view', () => {
  const model = (overrides: Partial<SessionModel> = {}): SessionModel => ({
    id: 's1',
    name: 'Launch <poller>',
    type: 'go',
    pid: 4242,
    pidSource: 'process event',
    state: 'running',
    counters: computeCounters(Array.from({ length: 40 }, (_, i) => sample(i, 10 + i, 5))),
    topStacks: [group(46, 'main.worker.func1', '/src/app/main.go', 23), group(1, 'evil<script>', '/src/"x".go', 1)],
    ...overrides,
  });

  test('name, type, PID, state, values, rates and the possible-leak mark, as text', () => {
    const html = renderSessions([model()]);
    assert.match(html, /<h2>Launch &#60;poller&#62;<\/h2>/);
    assert.match(html, /PID 4242 \(process event\)/);
    assert.match(html, /data-state="running">running</);
    assert.match(html, /<tr data-counter="fds" class="leaking" title="[^"]*"><th scope="row">File descriptors.*<td class="value">49<\/td>.*\+60\/min <span class="leak" role="status">possible leak<\/span>/);
    assert.doesNotMatch(html, /data-counter="goroutines" class="leaking"/);
    assert.match(html, /<svg class="spark"[^>]*aria-hidden="true">/);
  });

  test('stack entries are buttons that carry file and line; debuggee strings are escaped', () => {
    const html = renderSessions([model()]);
    assert.match(html, /data-action="openStack" data-session="s1" data-file="\/src\/app\/main.go" data-line="23"/);
    assert.match(html, /<span class="count">46<\/span> <span class="fn">main.worker.func1<\/span> <span class="loc">main.go:23<\/span>/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /evil&#60;script&#62;/);
    assert.match(html, /data-file="\/src\/&#34;x&#34;.go"/);
  });

  test('no sessions, and a session without a PID yet', () => {
    assert.match(renderSessions([]), /No debug session is running/);
    const html = renderSessions([model({ pid: undefined, pidSource: undefined, counters: [], topStacks: [], notice: 'Looking for the debuggee process…' })]);
    assert.match(html, /PID unknown/);
    assert.match(html, /Looking for the debuggee process/);
    assert.doesNotMatch(html, /<table>/);
  });

  test('sparkline points span the box; a flat line sits in the middle', () => {
    assert.equal(sparklinePoints([1, 2, 3], 100, 20), '0.0,19.0 50.0,10.0 100.0,1.0');
    assert.equal(sparklinePoints([5, 5], 100, 20), '0.0,10.0 100.0,10.0');
    assert.equal(sparklinePoints([]), '');
  });
});

describe('export', () => {
  const samples = [sample(0, 10, 3), sample(1, 11, null, { nodeResources: { Timeout: 4 } })];

  test('CSV: a header and one row per sample', () => {
    const lines = samplesToCsv(samples).trimEnd().split('\n');
    assert.equal(lines[0], 'time,pid,fds_total,fds_files,fds_sockets,fds_pipes,fds_other,threads,rss_bytes,goroutines,goroutines_source,goroutines_at_least,leaked_goroutines,node_Timeout');
    assert.equal(lines[1], `${new Date(T0).toISOString()},99,10,7,1,1,1,7,52428800,3,pprof,false,,`);
    assert.equal(lines[2], `${new Date(T0 + 1000).toISOString()},99,11,8,1,1,1,7,52428800,,,,,4`);
  });

  test('JSON: an array of samples', () => {
    const parsed = JSON.parse(samplesToJson(samples)) as { goroutines: { total: number } | null; nodeResources?: unknown }[];
    assert.equal(parsed.length, 2);
    assert.equal(parsed[0].goroutines?.total, 3);
    assert.deepEqual(parsed[1].nodeResources, { Timeout: 4 });
  });
});

describe('runtime evidence hotspots', () => {
  test('the innermost workspace frame of each group, summed per line, above the minimum', () => {
    const groups: StackGroup[] = [
      { count: 30, function: 'net/http.(*conn).serve', location: '/usr/local/go/src/net/http/server.go:2000', frames: [
        { function: 'net/http.(*conn).serve', file: '/usr/local/go/src/net/http/server.go', line: 2000 },
        { function: 'main.handler', file: '/ws/app/main.go', line: 40 },
      ] },
      group(8, 'main.worker', '/ws/app/main.go', 40),
      group(50, 'main.other', '/elsewhere/main.go', 1),
      group(3, 'main.rare', '/ws/app/rare.go', 7),
    ];
    assert.deepEqual(findHotspots(groups, ['/ws/app']), [{ file: '/ws/app/main.go', line: 40, goroutines: 38 }]);
    assert.deepEqual(findHotspots(groups, ['/ws/ap']), [], 'a folder prefix is not a parent folder');
  });
});

describe('Node active resources', () => {
  test('the evaluated expression, run in the leaky Node program, counts its leaking timers and sockets', () => {
    // The same expression js-debug evaluates, here run inside the real leaky script after a few ticks.
    const probe = `setTimeout(() => { console.log(JSON.stringify(${NODE_RESOURCES_EXPRESSION})); process.exit(0); }, 600);`;
    const out = execFileSync(process.execPath, ['-e', `process.argv[2] = '50'; require(${JSON.stringify(LEAKY_NODE_SCRIPT)}); ${probe}`], { timeout: 10_000, encoding: 'utf8' });
    const counts = parseNodeResources(JSON.parse(out.trim().split('\n').pop()!) as string);
    assert.ok(counts, out);
    assert.ok((counts.Timeout ?? 0) >= 5, JSON.stringify(counts));
    assert.ok((counts.TCPSocketWrap ?? 0) + (counts.TCPWrap ?? 0) >= 5, JSON.stringify(counts));
  });

  test("js-debug's quoted answers and junk", () => {
    assert.deepEqual(parseNodeResources("'Timeout:3,TCPWrap:2'"), { Timeout: 3, TCPWrap: 2 });
    assert.deepEqual(parseNodeResources('"FSReqCallback:1"'), { FSReqCallback: 1 });
    assert.deepEqual(parseNodeResources("''"), {});
    assert.equal(parseNodeResources('ReferenceError: process is not defined'), undefined);
  });
});

describe('a narrow side bar, one notification, plain words', () => {
  test('Node resource types read as words that wrap between words', () => {
    assert.equal(nodeResourceLabel('TCPServerWrap'), 'TCP server');
    assert.equal(nodeResourceLabel('TCPSocketWrap'), 'TCP socket');
    assert.equal(nodeResourceLabel('FSReqCallback'), 'FS req callback');
    assert.equal(nodeResourceLabel('Timeout'), 'Timeout');
    assert.equal(nodeResourceLabel('Wrap'), 'Wrap');
    const counters = computeCounters([sample(0, 10, null, { nodeResources: { TCPServerWrap: 1 } })]);
    assert.equal(counters.find((c) => c.id === 'node:TCPServerWrap')?.label, 'Node TCP server');
  });

  test('the fd breakdown is the row tooltip (and screen-reader text), not lines of its own', () => {
    const html = renderSessions([
      { id: 's', name: 'n', type: 'go', state: 'running', counters: computeCounters([sample(0, 12, 3)]), topStacks: [] },
    ]);
    assert.match(html, /<tr data-counter="fds" class="" title="File descriptors: files 9, sockets 1, pipes 1, other 1">/);
    assert.doesNotMatch(html, /class="detail"/);
    assert.doesNotMatch(html, /<svg class="spark" width=/, 'the sparkline has no fixed width: it shrinks with the view');
  });

  test('a stopped session reads "paused", as VS Code\'s call stack says', () => {
    assert.equal(stateLabel('stopped', false), 'paused');
    assert.equal(stateLabel('running', true), 'running · sampling');
    assert.equal(stateLabel('running', false), 'running');
  });

  test('one possible-leak message per session names every marked counter', () => {
    const leaking = computeCounters(Array.from({ length: 40 }, (_, i) => sample(i, 10 + i, 5 + i)));
    assert.equal(possibleLeakMessage('poller', leaking), 'LeakLens: possible leak in "poller": Goroutines (+60/min) and File descriptors (+60/min) keep growing.');
    assert.equal(possibleLeakMessage('poller', computeCounters([sample(0, 10, 5)])), undefined);
  });

  test('webview messages are checked before use', () => {
    assert.deepEqual(parseViewMessage({ action: 'openStack', file: '/src/a.go', line: 3 }), { action: 'openStack', file: '/src/a.go', line: 3 });
    assert.deepEqual(parseViewMessage({ action: 'ready' }), { action: 'ready' });
    for (const bad of [null, 'ready', { action: 'openStack', file: 3, line: 1 }, { action: 'openStack', file: '/a', line: 1.5 }, { action: 'rm' }]) {
      assert.equal(parseViewMessage(bad), undefined);
    }
  });
});
