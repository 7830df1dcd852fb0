// The eval's marker scanning, report parsing and scoring (eval-scoring.ts), on inline Go text and hand-made reports:
// CI checks the arithmetic behind `npm run eval:runtime` without running Go.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  budgetFailures,
  formatScores,
  markerProblems,
  packageOf,
  parseLeakReport,
  scanMarkers,
  scoreRun,
  type CorpusPackage,
  type LeakReport,
  type ReportLeak,
} from './eval-scoring';

const ROOT = path.resolve('/corpus');
const STATES = ['chan send', 'select', 'sync.Mutex.Lock'];

const FETCH_GO = `// Package fetch abandons its result channel.
package fetch

func Fetch() {
	result := make(chan int)
	go func() { // created
		result <- 1 // leak: chan send
	}()
}
`;
const FETCH_TEST_GO = `package fetch

import "testing"

func TestFetch(t *testing.T) { Fetch() }

func helper(t *testing.T) {}
`;
const CLEAN_GO = `// Package ok does it right.
//
// clean: the result channel is buffered.
package ok
`;

function corpusPackage(name: string, files: Record<string, string>): CorpusPackage {
  const dir = path.join(ROOT, name);
  return packageOf(ROOT, dir, new Map(Object.entries(files).map(([f, text]) => [path.join(dir, f), text])));
}

const BUG = corpusPackage('bugs/fetch', { 'fetch.go': FETCH_GO, 'fetch_test.go': FETCH_TEST_GO });
const CLEAN = corpusPackage('clean/ok', { 'ok.go': CLEAN_GO, 'ok_test.go': 'package ok\n\nfunc TestOK(t *testing.T) {}\n' });

function leak(file: string, line: number, extra: Partial<ReportLeak> = {}): ReportLeak {
  return {
    test: 'TestFetch',
    state: 'chan send',
    count: 1,
    blockedAt: { file, line, function: 'fetch.Fetch.func1' },
    createdAt: { file: 'bugs/fetch/fetch.go', line: 6, function: 'fetch.Fetch' },
    ...extra,
  };
}

function report(bugLeaks: ReportLeak[], cleanLeaks: ReportLeak[] = []): LeakReport {
  const pkg = (dir: string, leaks: ReportLeak[]) => ({ package: `c/${dir}`, dir, ok: true, durationMs: 5, leaks, hang: null, buildError: null });
  return { version: 1, go: 'go1.26.8', mode: 'proven', packages: [pkg('bugs/fetch', bugLeaks), pkg('clean/ok', cleanLeaks)] };
}

describe('runtime eval: markers', () => {
  it('reads leak, created, clean markers and test names with 1-based lines', () => {
    const bug = scanMarkers('/x/fetch.go', FETCH_GO);
    assert.deepEqual(bug.leaks, [{ file: '/x/fetch.go', line: 7, state: 'chan send' }]);
    assert.deepEqual(bug.created, [6]);
    assert.equal(bug.clean, false);
    assert.deepEqual(scanMarkers('/x/fetch_test.go', FETCH_TEST_GO).tests, ['TestFetch']);
    assert.equal(scanMarkers('/x/ok.go', CLEAN_GO).clean, true);
  });

  it('does not take a mention of a marker inside a comment sentence for a marker', () => {
    const text = '// a leak: goroutines block\n// this is not clean: code\nx := 1 // created later\n';
    const m = scanMarkers('/x/a.go', text);
    assert.deepEqual(m.leaks, []);
    assert.equal(m.clean, false);
    assert.deepEqual(m.created, []);
  });

  it('gathers a package from its files and names it by its folder', () => {
    assert.equal(BUG.name, 'bugs/fetch');
    assert.deepEqual(BUG.created, [`${path.join(ROOT, 'bugs/fetch/fetch.go')}:6`]);
    assert.deepEqual(BUG.tests, ['TestFetch']);
    assert.equal(CLEAN.clean, true);
  });

  it('says what is wrong with a package’s markers', () => {
    assert.deepEqual(markerProblems(BUG, STATES), []);
    assert.deepEqual(markerProblems(CLEAN, STATES), []);
    const both = corpusPackage('bugs/both', { 'a.go': CLEAN_GO + 'x <- 1 // leak: chan snd\n' });
    assert.deepEqual(markerProblems(both, STATES), [
      'has both `// clean:` and `// leak:` markers',
      'has no func TestXxx(t *testing.T)',
      'a.go:5: unknown state "chan snd"',
    ]);
    const none = corpusPackage('bugs/none', { 'a_test.go': FETCH_TEST_GO });
    assert.deepEqual(markerProblems(none, STATES), ['has neither a `// clean:` nor a `// leak:` marker']);
  });
});

describe('runtime eval: report parsing', () => {
  it('accepts the documented shape and rejects what lacks the fields the eval reads', () => {
    const r = report([leak('bugs/fetch/fetch.go', 7)]);
    assert.deepEqual(parseLeakReport(JSON.stringify(r)), r);
    assert.throws(() => parseLeakReport('go: no Go files'), /not JSON/);
    assert.throws(() => parseLeakReport('{"version":2,"packages":[]}'), /version 1/);
    const noLine = { ...r, packages: [{ ...r.packages[0], leaks: [{ state: 'chan send', count: 1, blockedAt: { file: 'a.go' } }] }] };
    assert.throws(() => parseLeakReport(JSON.stringify(noLine)), /packages\[0\]\.leaks\[0\] lacks/);
  });
});

describe('runtime eval: scoring', () => {
  it('counts a marked site as found when a leak is blocked on its file and line, relative to the CLI’s folder', () => {
    const run = scoreRun([BUG, CLEAN], report([leak('bugs/fetch/fetch.go', 7)]), ROOT, 1);
    assert.equal(run.sitesFound, 1);
    assert.equal(run.sitesExpected, 1);
    assert.equal(run.bugPackagesFullyFound, 1);
    assert.equal(run.falseReports, 0);
    const bug = run.packages[0];
    assert.equal(bug.createdAgrees, 1);
    assert.equal(bug.testAgrees, 1);
    assert.deepEqual(bug.stateMismatches, []);
    assert.deepEqual(budgetFailures([run]), []);
  });

  it('misses a site reported on another line, and lists that report as unmarked', () => {
    const run = scoreRun([BUG, CLEAN], report([leak('bugs/fetch/fetch.go', 8)]), ROOT, 1);
    assert.equal(run.sitesFound, 0);
    assert.equal(run.packages[0].missed.length, 1);
    assert.equal(run.packages[0].unexpected.length, 1);
    assert.match(formatScores([run]), /bugs\/fetch +MISSED 1\/1 .*missed fetch\.go:7 \(chan send\).*unmarked bugs\/fetch\/fetch\.go:8/);
  });

  it('counts every leak in a clean package as a false report, and a missing package as not run', () => {
    const run = scoreRun([BUG, CLEAN], report([], [leak('clean/ok/ok.go', 3), leak('clean/ok/ok.go', 4)]), ROOT, 10);
    assert.equal(run.falseReports, 2);
    assert.equal(run.cleanPackagesWithReports, 1);
    assert.deepEqual(budgetFailures([run]), [
      'found 0.0 % of the leak sites at --count 10, budget 80.0 %',
      '2 reports on clean packages at --count 10, budget 0',
    ]);
    const missing = scoreRun([BUG, CLEAN], { ...report([]), packages: [] }, ROOT, 1);
    assert.equal(missing.packages[0].reported, false);
    assert.match(formatScores([missing]), /bugs\/fetch +not run/);
  });

  it('notes a wrong state, a createdAt elsewhere and another test without missing the site', () => {
    const odd = leak('bugs/fetch/fetch.go', 7, { state: 'select', test: null, createdAt: null });
    const bug = scoreRun([BUG], report([odd]), ROOT, 1).packages[0];
    assert.equal(bug.found.length, 1);
    assert.deepEqual(bug.stateMismatches, ['chan send → select']);
    assert.equal(bug.createdChecked, 1);
    assert.equal(bug.createdAgrees, 0);
    assert.equal(bug.testAgrees, 0);
    assert.deepEqual(bug.testMismatches, ['TestFetch → null']);
  });

  it('judges the found share on the highest count and false reports on every count', () => {
    const atOne = scoreRun([BUG, CLEAN], report([], [leak('clean/ok/ok.go', 3)]), ROOT, 1);
    const atTen = scoreRun([BUG, CLEAN], report([leak('bugs/fetch/fetch.go', 7)]), ROOT, 10);
    assert.deepEqual(budgetFailures([atOne, atTen]), ['1 reports on clean packages at --count 1, budget 0']);
    assert.deepEqual(budgetFailures([]), ['no run to judge']);
  });
});
