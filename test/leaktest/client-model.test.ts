// The editor side of leak-checked runs without VS Code: reading the CLI's report, turning it into diagnostics text and
// proven evidence, keeping the latest result per package, finding lens targets, and the launch configuration edit.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evidenceWithoutStaticHint, withRuntimeEvidence, type MergeableDiagnostic } from '../../client/src/debug/evidence-merge';
import { RuntimeEvidenceStore } from '../../client/src/debug/evidence-store';
import { findingsByFile, findingsOfReport, reportSummary, RUNTIME_LEAK_SOURCE } from '../../client/src/leaktest/findings';
import { moduleRootOf, packagePattern } from '../../client/src/leaktest/module-root';
import { parseLeakTestReport, ReportFormatError } from '../../client/src/leaktest/report';
import { RunHistory, packageStatus } from '../../client/src/leaktest/run-history';
import { exactTestPattern, mainTarget, testTargets } from '../../client/src/leaktest/targets';
import { splitArgs } from '../../client/src/leakwatch/args';
import { NEW_GO_LAUNCH_CONFIG, withLeakDetection } from '../../client/src/leakwatch/launch-env';

const CWD = '/work/mod';

/** A report as `leaklens test --format json` prints it (the contract). */
function reportJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    go: 'go1.26.8',
    mode: 'proven',
    packages: [
      {
        package: 'example.com/mod/worker',
        dir: 'worker',
        ok: true,
        durationMs: 812,
        leaks: [
          {
            test: 'TestFetch',
            state: 'chan send',
            count: 3,
            blockedAt: { file: 'worker/fetch.go', line: 14, function: 'example.com/mod/worker.fetch.func1' },
            createdAt: { file: 'worker/fetch.go', line: 12, function: 'example.com/mod/worker.fetch' },
          },
        ],
        hang: null,
        buildError: null,
      },
      {
        package: 'example.com/mod/queue',
        dir: 'queue',
        ok: false,
        durationMs: 60_000,
        leaks: [],
        hang: {
          afterMs: 60_000,
          goroutines: [
            { state: 'sync.WaitGroup.Wait', blockedAt: { file: 'queue/pool.go', line: 30, function: 'example.com/mod/queue.Run' }, createdAt: null },
            { state: 'chan receive', blockedAt: { file: 'queue/pool.go', line: 22, function: 'example.com/mod/queue.worker' }, createdAt: { file: 'queue/pool.go', line: 27, function: 'example.com/mod/queue.Run' } },
            { state: 'chan receive', blockedAt: { file: 'queue/pool.go', line: 22, function: 'example.com/mod/queue.worker' }, createdAt: { file: 'queue/pool.go', line: 27, function: 'example.com/mod/queue.Run' } },
          ],
        },
        buildError: null,
      },
      { package: 'example.com/mod/broken', dir: 'broken', ok: false, durationMs: 90, leaks: [], hang: null, buildError: 'broken/x.go:3:1: syntax error' },
    ],
    ...overrides,
  });
}

describe('reading the report', () => {
  test('a report in the contract reads back whole', () => {
    const report = parseLeakTestReport(reportJson());
    assert.equal(report.mode, 'proven');
    assert.equal(report.packages.length, 3);
    assert.deepEqual(report.packages[0].leaks[0].createdAt, { file: 'worker/fetch.go', line: 12, function: 'example.com/mod/worker.fetch' });
    assert.equal(report.packages[2].buildError, 'broken/x.go:3:1: syntax error');
  });

  test('a wrong field is named by its path; other versions and non-JSON are refused', () => {
    const bad = JSON.parse(reportJson());
    bad.packages[0].leaks[0].blockedAt.line = 0;
    assert.throws(() => parseLeakTestReport(JSON.stringify(bad)), (err: Error) => err instanceof ReportFormatError && /packages\[0\]\.leaks\[0\]\.blockedAt\.line/.test(err.message));
    assert.throws(() => parseLeakTestReport(reportJson({ version: 2 })), /version should be 1/);
    assert.throws(() => parseLeakTestReport(reportJson({ mode: 'maybe' })), /mode should be/);
    assert.throws(() => parseLeakTestReport('{"version":1,'), SyntaxError);
  });
});

describe('findings', () => {
  const report = parseLeakTestReport(reportJson());
  const findings = findingsOfReport(report, CWD);

  test('a proven leak is one finding at its blocking line with the exact message and the go statement as related', () => {
    const leak = findings.find((f) => f.kind === 'leak');
    assert.ok(leak);
    assert.equal(leak.file, '/work/mod/worker/fetch.go');
    assert.equal(leak.line, 13, '0-based');
    assert.equal(leak.message, '3 goroutines leaked here in TestFetch: blocked forever on chan send — proven by the Go runtime');
    assert.doesNotMatch(leak.message, /`/, 'plain text, no markdown');
    assert.deepEqual(leak.createdAt, { file: '/work/mod/worker/fetch.go', line: 11, message: 'created by this go statement (in example.com/mod/worker.fetch)' });
    assert.equal(leak.proven, true);
    assert.equal(RUNTIME_LEAK_SOURCE, 'leaklens (runtime)');
  });

  test('a hang groups its goroutines by line and state', () => {
    const hangs = findings.filter((f) => f.kind === 'hang');
    assert.deepEqual(
      hangs.map((h) => [h.line, h.goroutines, h.message]),
      [
        [29, 1, 'the tests of example.com/mod/queue hung: 1 goroutine blocked here on sync.WaitGroup.Wait when the watchdog stopped them after 60 s'],
        [21, 2, 'the tests of example.com/mod/queue hung: 2 goroutines blocked here on chan receive when the watchdog stopped them after 60 s'],
      ],
    );
    assert.equal(findingsByFile(findings).get('/work/mod/queue/pool.go')?.length, 2);
  });

  test('without the leak profile the message says suspected, and no finding is proven', () => {
    const suspected = findingsOfReport(parseLeakTestReport(reportJson({ mode: 'suspected', go: 'go1.25.3' })), CWD);
    const leak = suspected.find((f) => f.kind === 'leak');
    assert.equal(leak?.message, '3 goroutines still blocked here in TestFetch after the tests ended: chan send — suspected (go1.25.3 has no leak profile)');
    assert.ok(suspected.every((f) => !f.proven));
  });

  test('a leak without a test names the package; the summary counts leaks, hangs and build errors', () => {
    const json = JSON.parse(reportJson());
    json.packages[0].leaks[0].test = null;
    json.packages[0].leaks[0].count = 1;
    const r = parseLeakTestReport(JSON.stringify(json));
    assert.match(findingsOfReport(r, CWD)[0].message, /^1 goroutine leaked here in package example\.com\/mod\/worker:/);
    assert.equal(reportSummary(r), '1 goroutine leaked, 1 package hung, 1 did not build (3 packages, proven, go1.26.8)');
    assert.deepEqual(r.packages.map(packageStatus), ['1 leaked', 'hung after 60 s', 'did not build']);
  });
});

describe('proven evidence on static hints', () => {
  const hint = (line: number, message: string): MergeableDiagnostic => ({ range: { start: { line }, end: { line } }, message, source: 'leaklens' });

  test('a hint on the blocking line says it was confirmed at run time; no standalone evidence diagnostic is made for it', () => {
    const store = new RuntimeEvidenceStore();
    const heard: string[][] = [];
    store.onDidChange((files) => heard.push([...files]));
    store.set('leaklens.leakCheck', 'leak check', [{ file: '/work/mod/worker/fetch.go', line: 14, goroutines: 3 }], 'proven');
    const evidence = store.forFile('/work/mod/worker/fetch.go');
    assert.deepEqual(evidence, [{ line: 13, goroutines: 0, sessionNames: [], provenLeaks: 3 }]);
    const merged = withRuntimeEvidence([hint(13, 'goroutine may block forever on send'), hint(20, 'other')], evidence);
    assert.equal(merged[0].message, 'goroutine may block forever on send — confirmed at run time: 3 goroutines leaked here, proven by the Go runtime');
    assert.equal(merged[1].message, 'other');
    assert.deepEqual(evidenceWithoutStaticHint([], evidence), [], 'the run has its own diagnostic');
    assert.deepEqual(heard, [['/work/mod/worker/fetch.go']]);
  });

  test('proven and seen evidence on one hint both show; clearing the run leaves the session evidence', () => {
    const store = new RuntimeEvidenceStore();
    store.set('s1', 'Launch', [{ file: '/a.go', line: 5, goroutines: 40 }]);
    store.set('run', 'leak check', [{ file: '/a.go', line: 5, goroutines: 1 }], 'proven');
    const merged = withRuntimeEvidence([hint(4, 'blocked send')], store.forFile('/a.go'));
    assert.equal(merged[0].message, 'blocked send — confirmed at run time: 1 goroutine leaked here, proven by the Go runtime; seen at runtime: 40 goroutines blocked here');
    store.set('run', 'leak check', [], 'proven');
    assert.deepEqual(store.forFile('/a.go'), [{ line: 4, goroutines: 40, sessionNames: ['Launch'] }]);
  });
});

describe('run history', () => {
  test('a rerun of one package replaces its findings and keeps the others; runs are newest first', () => {
    const history = new RunHistory();
    history.add({ cwd: CWD, packages: ['./...'], label: './...' }, parseLeakTestReport(reportJson()), new Date(0));
    assert.equal(history.currentFindings().length, 3);
    const clean = JSON.parse(reportJson());
    clean.packages = [{ ...clean.packages[0], leaks: [] }];
    history.add({ cwd: CWD, packages: ['./worker'], run: '^TestFetch$', label: 'TestFetch' }, parseLeakTestReport(JSON.stringify(clean)), new Date(1));
    assert.deepEqual(history.currentFindings().map((f) => f.package), ['example.com/mod/queue', 'example.com/mod/queue']);
    assert.deepEqual(history.runs.map((r) => r.request.label), ['TestFetch', './...']);
    history.clear();
    assert.deepEqual(history.currentFindings(), []);
    assert.equal(history.runs.length, 0);
  });
});

describe('lens targets', () => {
  const testFile = [
    '// Package worker_test …',
    'package worker',
    '',
    'import "testing"',
    '',
    'func TestFetch(t *testing.T) {',
    '}',
    '',
    'func Testhelper(t *testing.T) {}',
    'func TestMain(m *testing.M) {}',
    'func Test_Edge(tt *testing.T) {}',
    'func BenchmarkX(b *testing.B) {}',
    '\tfunc TestIndented(t *testing.T) {}',
  ].join('\n');

  test('the package clause and each test function (not helpers, TestMain or benchmarks)', () => {
    assert.deepEqual(testTargets(testFile), [
      { line: 1, kind: 'package' },
      { line: 5, kind: 'test', name: 'TestFetch' },
      { line: 10, kind: 'test', name: 'Test_Edge' },
    ]);
  });

  test('func main only in package main', () => {
    assert.deepEqual(mainTarget('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println()\n}\n'), { line: 4, kind: 'main' });
    assert.equal(mainTarget('package tools\n\nfunc main() {}\n'), undefined);
    assert.equal(mainTarget('package main\n\nfunc mainLoop() {}\n'), undefined);
  });

  test('one test exactly', () => {
    assert.equal(exactTestPattern('TestFetch'), '^TestFetch$');
    assert.ok(new RegExp(exactTestPattern('TestFetch')).test('TestFetch'));
    assert.ok(!new RegExp(exactTestPattern('TestFetch')).test('TestFetchAll'));
  });

  test('the module root is the nearest go.mod; the package pattern is relative to it', () => {
    const root = mkdtempSync(join(tmpdir(), 'leaklens-modroot-'));
    try {
      mkdirSync(join(root, 'a', 'b'), { recursive: true });
      writeFileSync(join(root, 'go.mod'), 'module m\n');
      assert.equal(moduleRootOf(join(root, 'a', 'b', 'x_test.go')), root);
      assert.equal(packagePattern(root, join(root, 'a', 'b')), './a/b');
      assert.equal(packagePattern(root, root), '.');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('leak watch inputs', () => {
  test('arguments split like a shell line, quotes kept together, nothing expanded', () => {
    assert.deepEqual(splitArgs(`-url "http://a b" --name='x y' plain\\ space $HOME`), ['-url', 'http://a b', '--name=x y', 'plain space', '$HOME']);
    assert.deepEqual(splitArgs('   '), []);
    assert.deepEqual(splitArgs('""'), ['']);
    assert.throws(() => splitArgs('"open'), /unclosed " quote/);
  });

  test('leak detection joins the launch configuration env without losing anything', () => {
    const config = { name: 'Launch', type: 'go', request: 'launch', env: { API: 'x', GOEXPERIMENT: 'jsonv2' } };
    assert.deepEqual(withLeakDetection(config).env, { API: 'x', GOEXPERIMENT: 'jsonv2,goroutineleakprofile' });
    assert.deepEqual(withLeakDetection(withLeakDetection(config)).env, { API: 'x', GOEXPERIMENT: 'jsonv2,goroutineleakprofile' }, 'twice is once');
    assert.deepEqual(config.env, { API: 'x', GOEXPERIMENT: 'jsonv2' }, 'the input is not modified');
    assert.deepEqual(NEW_GO_LAUNCH_CONFIG.env, { GOEXPERIMENT: 'goroutineleakprofile' });
  });
});
