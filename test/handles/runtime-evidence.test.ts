// Runtime evidence on static hints: the pure merge of diagnostics and evidence, the per-session evidence store, and
// the language-client middleware that applies it (vscode is imported for types only, so all of it runs in Node).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evidenceWithoutStaticHint,
  standaloneEvidenceMessage,
  withRuntimeEvidence,
  type LineEvidence,
  type MergeableDiagnostic,
} from '../../client/src/debug/evidence-merge';
import { RuntimeEvidenceMiddleware } from '../../client/src/debug/evidence-middleware';
import { RuntimeEvidenceStore } from '../../client/src/debug/evidence-store';
import { findHotspots } from '../../client/src/debug/hotspots';
import { parseGoroutineProfile } from '../../shared/src/handles/pprof-parse';

/** Stands in for vscode.Diagnostic (a class with plain fields) and the language client's subclass with `data`. */
class FakeDiagnostic implements MergeableDiagnostic {
  data = { ruleId: 'goroutine-blocked-send' };
  constructor(
    public range: { start: { line: number }; end: { line: number } },
    public message: string,
    public source?: string,
  ) {}
}

const hint = (start: number, end: number, message: string): FakeDiagnostic => new FakeDiagnostic({ start: { line: start }, end: { line: end } }, message, 'leaklens');
const evidence = (line: number, goroutines: number, sessionNames = ['Launch leaky']): LineEvidence => ({ line, goroutines, sessionNames });

describe('merging runtime evidence into LeakLens hints', () => {
  test('the hint covering the line gets the exact text appended; the input is left alone; nothing stands alone', () => {
    const diagnostics = [hint(22, 22, 'goroutine may block forever on send'), hint(40, 40, 'ticker never stopped')];
    const merged = withRuntimeEvidence(diagnostics, [evidence(22, 46)]);
    assert.equal(merged[0].message, 'goroutine may block forever on send — seen at runtime: 46 goroutines blocked here');
    assert.equal(merged[1], diagnostics[1]);
    assert.equal(diagnostics[0].message, 'goroutine may block forever on send');
    assert.ok(merged[0] instanceof FakeDiagnostic, 'the copy keeps the class');
    assert.deepEqual(merged[0].data, { ruleId: 'goroutine-blocked-send' });
    assert.deepEqual(evidenceWithoutStaticHint(diagnostics, [evidence(22, 46)]), []);
  });

  test('a line without a LeakLens hint stays standalone; other sources do not count as hints', () => {
    const gopls = new FakeDiagnostic({ start: { line: 7 }, end: { line: 7 } }, 'the cancel function is not used', 'lostcancel');
    const diagnostics = [hint(22, 22, 'blocked send'), gopls];
    const lines = [evidence(7, 12), evidence(30, 15, ['a', 'b'])];
    assert.deepEqual(withRuntimeEvidence(diagnostics, lines).map((d) => d.message), ['blocked send', 'the cancel function is not used']);
    const alone = evidenceWithoutStaticHint(diagnostics, lines);
    assert.deepEqual(alone.map((e) => e.line), [7, 30]);
    assert.equal(
      standaloneEvidenceMessage(alone[1]),
      'seen at runtime: 15 goroutines blocked here (debug sessions "a", "b"); no static LeakLens hint on this line',
    );
  });

  test('the narrowest covering hint gets the text; lines under one hint add up', () => {
    const whole = hint(10, 30, 'function leaks');
    const statement = hint(20, 24, 'go statement leaks');
    const merged = withRuntimeEvidence([whole, statement], [evidence(21, 10), evidence(23, 5)]);
    assert.equal(merged[0].message, 'function leaks');
    assert.equal(merged[1].message, 'go statement leaks — seen at runtime: 15 goroutines blocked here');
  });

  test('merging the originals again with new evidence replaces the text instead of stacking it', () => {
    const originals = [hint(5, 5, 'blocked send')];
    withRuntimeEvidence(originals, [evidence(5, 10)]);
    assert.equal(withRuntimeEvidence(originals, [evidence(5, 20)])[0].message, 'blocked send — seen at runtime: 20 goroutines blocked here');
    assert.equal(withRuntimeEvidence(originals, [])[0].message, 'blocked send');
  });
});

describe('the runtime evidence store', () => {
  const profile = (count: number): string =>
    [
      `goroutine profile: total ${count + 1}`,
      `${count} @ 0x489ace 0x4195bc 0x6a657e 0x4911c1`,
      '#\t0x6a657d\tmain.worker+0x1d\t/work/app/main.go:12',
      '',
      '1 @ 0x4911c1 0x6a653e',
      '#\t0x6a653d\tnet/http.(*conn).serve+0x1d\t/usr/local/go/src/net/http/server.go:2067',
      '',
    ].join('\n');

  test('sums sessions per line, tells listeners only of changes, and forgets a session when it ends', () => {
    const store = new RuntimeEvidenceStore();
    const heard: string[][] = [];
    const subscription = store.onDidChange((files) => heard.push([...files]));
    const spots = findHotspots(parseGoroutineProfile(profile(46)).groups, ['/work/app']);
    store.set('s1', 'first', spots);
    store.set('s1', 'first', spots);
    store.set('s2', 'second', findHotspots(parseGoroutineProfile(profile(12)).groups, ['/work/app']));
    assert.deepEqual(heard, [['/work/app/main.go'], ['/work/app/main.go']]);
    assert.deepEqual(store.forFile('/work/app/main.go'), [{ line: 11, goroutines: 58, sessionNames: ['first', 'second'] }]);
    assert.deepEqual(store.forFile('/usr/local/go/src/net/http/server.go'), []);

    store.delete('s1');
    store.delete('s1');
    assert.equal(heard.length, 3);
    assert.deepEqual(store.forFile('/work/app/main.go'), [{ line: 11, goroutines: 12, sessionNames: ['second'] }]);
    store.set('s2', 'second', []);
    assert.deepEqual(store.files(), new Set());
    assert.equal(heard.length, 4);

    subscription.dispose();
    store.set('s3', 'third', spots);
    assert.equal(heard.length, 4, 'a disposed listener hears nothing');
  });
});

describe('the language-client middleware', () => {
  const file = '/work/app/main.go';
  const uri = { scheme: 'file', fsPath: file, toString: () => `file://${file}` } as unknown as import('vscode').Uri;
  const hotspot = (goroutines: number) => [{ file, line: 12, goroutines }];
  const serverDiagnostics = () => [hint(11, 11, 'blocked send'), hint(30, 30, 'ticker never stopped')] as unknown as import('vscode').Diagnostic[];
  const token = {} as import('vscode').CancellationToken;

  function fakeClient() {
    const client = { running: true, refreshes: 0, isRunning: () => client.running, getFeature: () => ({ refresh: () => void client.refreshes++ }) };
    return client;
  }

  test('push: the hint carries the evidence, is re-applied when it changes and loses it when the session ends', () => {
    const store = new RuntimeEvidenceStore();
    const evidence = new RuntimeEvidenceMiddleware(store);
    const client = fakeClient();
    const attached = evidence.attach(client);
    const applied: string[][] = [];
    store.set('s1', 'Launch leaky', hotspot(46));
    evidence.middleware.handleDiagnostics!(uri, serverDiagnostics(), (_u, d) => void applied.push(d.map((x) => x.message)));
    assert.deepEqual(applied.at(-1), ['blocked send — seen at runtime: 46 goroutines blocked here', 'ticker never stopped']);
    store.set('s1', 'Launch leaky', hotspot(58));
    assert.deepEqual(applied.at(-1), ['blocked send — seen at runtime: 58 goroutines blocked here', 'ticker never stopped']);
    store.delete('s1');
    assert.deepEqual(applied.at(-1), ['blocked send', 'ticker never stopped']);
    assert.equal(applied.length, 3);
    assert.equal(client.refreshes, 3, 'pull diagnostics are asked for again on each change');
    attached.dispose();
    store.set('s2', 'again', hotspot(10));
    assert.equal(applied.length, 3, 'nothing is re-applied after dispose');
    assert.equal(client.refreshes, 3);
  });

  test('pull: reports are merged, and forced full while evidence exists or was last shown', async () => {
    const store = new RuntimeEvidenceStore();
    const evidence = new RuntimeEvidenceMiddleware(store);
    const askedWith: (string | undefined)[] = [];
    const next = async (_d: unknown, previousResultId: string | undefined) => {
      askedWith.push(previousResultId);
      return { kind: 'full' as const, resultId: 'r', items: serverDiagnostics() };
    };
    const pull = async () => {
      const report = await evidence.middleware.provideDiagnostics!(uri, 'previous', token, next as never);
      assert.equal(report?.kind, 'full');
      return (report as { items: import('vscode').Diagnostic[] }).items.map((d) => d.message);
    };
    assert.deepEqual(await pull(), ['blocked send', 'ticker never stopped']);
    store.set('s1', 'Launch leaky', hotspot(46));
    assert.deepEqual(await pull(), ['blocked send — seen at runtime: 46 goroutines blocked here', 'ticker never stopped']);
    store.delete('s1');
    assert.deepEqual(await pull(), ['blocked send', 'ticker never stopped']);
    assert.deepEqual(await pull(), ['blocked send', 'ticker never stopped']);
    assert.deepEqual(askedWith, ['previous', undefined, undefined, 'previous']);
  });
});
