// The Handles view's proven leaks: the goroutineleak profile's count marks its row at once (no trend needed), its
// grouped stacks render as links to their source lines, and the reader takes them from a real HTTP answer.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { computeCounters } from '../../client/src/debug/counters';
import { dueAlerts, type AlertsSent } from '../../client/src/debug/leak-notice';
import { latestProvenLeaks } from '../../client/src/debug/proven-leaks';
import { renderSessions, type SessionModel } from '../../client/src/debug/render';
import { PprofReader } from '../../shared/src/handles/pprof-reader';
import type { HandleSample, StackGroup } from '../../shared/src/handles/types';

const leakGroup: StackGroup = { count: 7, function: 'main.leak.func1', location: '/src/app/main.go:12', frames: [{ function: 'main.leak.func1', file: '/src/app/main.go', line: 12 }] };

function sample(i: number, leaked: number | undefined): HandleSample {
  return {
    timeMs: 1_700_000_000_000 + i * 1000,
    pid: 42,
    fds: { total: 9, files: 3, sockets: 2, pipes: 2, other: 2 },
    threads: 5,
    rssBytes: 10 * 1024 * 1024,
    goroutines: { total: 20, groups: [], source: 'pprof', ...(leaked === undefined ? {} : { leaked, leakedGroups: leaked ? [leakGroup] : [] }) },
  };
}

describe('proven leaks in the Handles view', () => {
  test('one proven leak marks the row without waiting for growth; zero does not', () => {
    const marked = computeCounters([sample(0, 0), sample(1, 7)]).find((c) => c.id === 'leakedGoroutines');
    assert.equal(marked?.label, 'Proven leaks');
    assert.equal(marked?.current, 7);
    assert.equal(marked?.possibleLeak, true);
    assert.equal(computeCounters([sample(0, 0), sample(1, 0)]).find((c) => c.id === 'leakedGoroutines')?.possibleLeak, false);
  });

  test('a proven leak is told once with its count, apart from the possible-leak message of the other counters', () => {
    const sent: AlertsSent = new Set();
    const counters = computeCounters([sample(0, 0), sample(1, 7)]);
    assert.deepEqual(dueAlerts(sent, 'leaky', counters), { provenGoroutines: 7 }, 'no other counter is growing: no possible-leak message');
    assert.deepEqual(dueAlerts(sent, 'leaky', counters), {}, 'told once');
    const growing = computeCounters(Array.from({ length: 40 }, (_, i) => ({ ...sample(i, 3), fds: { total: 10 + i, files: 7 + i, sockets: 1, pipes: 1, other: 1 } })));
    const due = dueAlerts(new Set(), 'leaky', growing);
    assert.equal(due.provenGoroutines, 3);
    assert.match(due.possibleLeak ?? '', /^LeakLens: possible leak in "leaky": File descriptors \(\+\d+\/min\) keeps growing\.$/);
  });

  test('the latest leak stacks render as links to the blocking line, escaped', () => {
    const samples = [sample(0, 7), sample(1, undefined)];
    const groups = latestProvenLeaks(samples);
    assert.deepEqual(groups, [leakGroup], 'a later sample without the profile does not hide the last known stacks');
    const model: SessionModel = { id: 's<1>', name: 'leaky', type: 'go', state: 'running', counters: computeCounters(samples), topStacks: [], provenLeaks: groups };
    const html = renderSessions([model]);
    assert.match(html, /Proven leaks: 7 goroutines blocked forever \(Go runtime\)/);
    assert.match(html, /<tr data-counter="leakedGoroutines"[^]*?<span class="leak" role="status">leak proven<\/span>/);
    assert.match(html, /data-action="openStack" data-session="s&#60;1&#62;" data-file="\/src\/app\/main.go" data-line="12"/);
    assert.equal(renderSessions([{ ...model, provenLeaks: [] }]).includes('Proven leaks:'), false);
  });

  test('the reader returns the goroutineleak profile stacks from a real server', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/debug/pprof/goroutineleak')) {
        res.end('goroutineleak profile: total 3\n3 @ 0x1 0x2\n#\t0x1\tmain.leak.func1+0x1d\t/src/app/main.go:12\n\n');
      } else if (req.url?.startsWith('/debug/pprof/goroutine')) {
        res.end('goroutine profile: total 5\n5 @ 0x1\n#\t0x1\tmain.main+0x1\t/src/app/main.go:30\n\n');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reader = new PprofReader({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const summary = await reader.read();
      assert.equal(summary?.leaked, 3);
      assert.deepEqual(summary?.leakedGroups?.map((g) => [g.count, g.frames[0].file, g.frames[0].line]), [[3, '/src/app/main.go', 12]]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
