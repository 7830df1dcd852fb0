// `leaklens test` on a real Go module with real go test: proven leaks at their exact lines, a package's own TestMain,
// build errors, os.Exit, a hang, megabytes of output, build tags, no Go, the fallback mode and cancellation, and
// after each run no process left and no temporary folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LeakTestReport, PackageLeakReport } from '../../shared/src/leaktest/report';
import { makeWorkspace, removeWorkspace } from '../cli/run-cli';
import {
  fakeGoWithoutExperiment,
  parseReport,
  processesStartedBy,
  runLeakTest,
  startLeakTest,
  tempFoldersOf,
  type LeakTestRun,
} from './run-leaklens-test';
import { lineOf, MODULE, SOURCES } from './workspace';

let ws: string;
before(() => {
  ws = makeWorkspace(SOURCES);
});
after(() => removeWorkspace(ws));

function pkg(report: LeakTestReport, name: string): PackageLeakReport {
  const found = report.packages.find((p) => p.package === `${MODULE}/${name}`);
  assert.ok(found, `no ${name} in ${report.packages.map((p) => p.package).join(', ')}`);
  return found;
}

function assertNothingLeftBehind(run: LeakTestRun): void {
  assert.deepEqual(processesStartedBy(run.pid), []);
  assert.deepEqual(tempFoldersOf(run.pid), []);
}

describe('leaklens test on a module with every situation', () => {
  let run: LeakTestRun;
  let report: LeakTestReport;
  before(async () => {
    run = await runLeakTest(['--format', 'json', '--timeout', '3s', './...', '--', '-tags', 'leaky', '-v'], ws);
    report = parseReport(run);
  });

  it('exits 1, proven mode, the Go version, and leaves no process and no temporary folder', () => {
    assert.equal(run.code, 1, run.stderr);
    assert.equal(report.version, 1);
    assert.equal(report.mode, 'proven');
    assert.match(report.go, /^go1\.\d+/);
    assertNothingLeftBehind(run);
  });

  it('reports a leak at its exact blocking line, with the go statement and the test', () => {
    const leak = pkg(report, 'leak');
    assert.equal(leak.ok, true);
    assert.equal(leak.dir, 'leak');
    assert.deepEqual(leak.leaks, [
      {
        test: 'TestFetch',
        state: 'chan send',
        count: 1,
        blockedAt: { file: 'leak/leak.go', line: lineOf('leak/leak.go', 'blocked'), function: `${MODULE}/leak.Fetch.func1` },
        createdAt: { file: 'leak/leak.go', line: lineOf('leak/leak.go', 'go'), function: `${MODULE}/leak.Fetch` },
      },
    ]);
  });

  it('reports nothing for a clean package', () => {
    assert.deepEqual(pkg(report, 'clean'), { ...pkg(report, 'clean'), ok: true, leaks: [], hang: null, buildError: null });
  });

  it("runs a package's own TestMain (with os.Exit) and still reads the profile", () => {
    const own = pkg(report, 'ownmain');
    assert.equal(own.ok, true, 'the test checks that TestMain ran');
    assert.deepEqual(own.leaks.map((l) => [l.test, l.state, l.blockedAt.line, l.createdAt?.line]), [
      ['TestNeedsSetUp', 'chan receive', lineOf('ownmain/ownmain_test.go', 'blocked'), lineOf('ownmain/ownmain_test.go', 'go')],
    ]);
  });

  it('reports a package that does not build, with the compiler message, and the others still', () => {
    const bad = pkg(report, 'bad');
    assert.equal(bad.ok, false);
    assert.match(bad.buildError ?? '', /bad_test\.go:5:\d+: undefined: undefinedThing/);
    assert.doesNotMatch(bad.buildError ?? '', /leaklens-test-/);
  });

  it('reports a test that calls os.Exit as failed, says why leaks were not checked', () => {
    const exit = pkg(report, 'exit');
    assert.equal(exit.ok, false);
    assert.equal(exit.buildError, null);
    assert.deepEqual(exit.leaks, []);
    assert.match(run.stderr, /example\.com\/ws\/exit: the test binary ended before LeakLens read the leak profile/);
  });

  it('reports a test that never ends as a hang at its blocking line', () => {
    const hang = pkg(report, 'hang');
    assert.equal(hang.ok, false);
    assert.equal(hang.hang?.afterMs, 3000);
    assert.deepEqual(hang.hang?.goroutines, [
      {
        state: 'chan receive',
        blockedAt: { file: 'hang/hang_test.go', line: lineOf('hang/hang_test.go', 'blocked'), function: `${MODULE}/hang.TestHang` },
        createdAt: null,
      },
    ]);
  });

  it('finds the leak of a test that prints megabytes', () => {
    assert.deepEqual(pkg(report, 'loud').leaks.map((l) => [l.test, l.blockedAt.file, l.blockedAt.line]), [
      ['TestLoud', 'loud/loud_test.go', lineOf('loud/loud_test.go', 'blocked')],
    ]);
  });

  it('passes build tags through to go list and go test', () => {
    assert.deepEqual(pkg(report, 'tagged').leaks.map((l) => [l.test, l.blockedAt.line]), [['TestTagged', lineOf('tagged/tagged_test.go', 'blocked')]]);
  });

  it('finds the leak in a cgo package', () => {
    assert.deepEqual(pkg(report, 'cgo').leaks.map((l) => [l.test, l.blockedAt.line]), [['TestTwice', lineOf('cgo/cgo.go', 'blocked')]]);
  });

  it('shows the end of a failing test binary\'s output on stderr', () => {
    assert.match(run.stderr, /example\.com\/ws\/exit: tests failed; the end of go test's output:\n(.*\n)*? +=== RUN +TestExit\n/);
  });

  it('leaves out packages without test files', () => {
    assert.equal(report.packages.some((p) => p.package.endsWith('/notests')), false);
  });
});

describe('leaklens test: exit codes and formats', () => {
  it('exits 0 on a clean package, text format', async () => {
    const run = await runLeakTest(['./clean'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /mode proven/);
    assert.match(run.stdout, /^ok +example\.com\/ws\/clean /m);
    assertNothingLeftBehind(run);
  });

  it('exits 2 when no package builds', async () => {
    const run = await runLeakTest(['--format', 'json', './bad'], ws);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(parseReport(run).packages[0].ok, false);
  });

  it('names the test of each leak with --isolate, and honours --run', async () => {
    const run = await runLeakTest(['--format', 'json', '--isolate', '--run', 'Fetch|Clean', './leak', './clean'], ws);
    assert.equal(run.code, 1, run.stderr);
    const report = parseReport(run);
    assert.deepEqual(pkg(report, 'leak').leaks.map((l) => l.test), ['TestFetch']);
    assert.deepEqual(pkg(report, 'clean').leaks, []);
  });

  it('--count N runs each test N times: N goroutines in one group', async () => {
    const run = await runLeakTest(['--format', 'json', '--count', '3', './leak'], ws);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(parseReport(run).packages[0].leaks.map((l) => [l.test, l.count]), [['TestFetch', 3]]);
  });

  it('prints SARIF with a runtime-goroutine-leak result at the blocking line', async () => {
    const run = await runLeakTest(['--format', 'sarif', './leak'], ws);
    assert.equal(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout).runs[0].results[0];
    assert.equal(result.ruleId, 'runtime-goroutine-leak');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: lineOf('leak/leak.go', 'blocked') });
    assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, lineOf('leak/leak.go', 'go'));
  });

  it('exits 2 on a bad flag or value', async () => {
    for (const args of [['--count', '0'], ['--timeout', 'soon'], ['--format', 'xml'], ['--bogus']]) {
      const run = await runLeakTest(args, ws);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /leaklens test: .*\nRun "leaklens test --help"/);
    }
  });

  it('exits 2 with a clear message when go is not on PATH', async () => {
    const run = await runLeakTest(['./clean'], ws, { ...process.env, PATH: path.join(ws, 'no-such-bin') });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the go command was not found on PATH/);
    assert.deepEqual(tempFoldersOf(run.pid), []);
  });
});

describe('leaklens test with a Go that rejects the experiment', () => {
  it('falls back to suspected leaks: goroutines still running after the tests', async () => {
    const realGo = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim() + '/bin/go';
    const bin = fakeGoWithoutExperiment(ws, realGo);
    const run = await runLeakTest(['--format', 'json', './leak', './clean'], ws, { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    assert.equal(run.code, 1, run.stderr);
    const report = parseReport(run);
    assert.equal(report.mode, 'suspected');
    assert.deepEqual(pkg(report, 'leak').leaks.map((l) => [l.test, l.state, l.blockedAt.line]), [['TestFetch', 'chan send', lineOf('leak/leak.go', 'blocked')]]);
    assert.deepEqual(pkg(report, 'clean').leaks, []);
    assertNothingLeftBehind(run);
  });
});

describe('leaklens test: cancel', () => {
  it('SIGTERM in the middle ends every go test process group and removes the temporary folder', async () => {
    const started = startLeakTest(['--timeout', '10m', './hang'], ws);
    // Bounded wait for the hung test binary to be running.
    for (let i = 0; i < 600 && !processesStartedBy(started.pid).some((p) => p.includes('hang.test')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(processesStartedBy(started.pid).some((p) => p.includes('hang.test')), 'the test binary never started');
    process.kill(started.pid, 'SIGTERM');
    const run = await started.done;
    assert.equal(run.code, 143);
    assert.match(run.stderr, /cancelled/);
    assertNothingLeftBehind(run);
  });

  it("SIGKILL to the CLI's process group (how the editor cancels): the test binary ends its own group", async () => {
    const started = startLeakTest(['--timeout', '10m', './hang'], ws, process.env, true);
    for (let i = 0; i < 600 && !processesStartedBy(started.pid).some((p) => p.includes('hang.test')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-started.pid, 'SIGKILL');
    await started.done;
    for (let i = 0; i < 50 && processesStartedBy(started.pid).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(processesStartedBy(started.pid), []);
    // The next run sweeps the folder the killed one could not remove.
    assert.equal(tempFoldersOf(started.pid).length, 1);
    const next = await runLeakTest(['./clean'], ws);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(tempFoldersOf(started.pid), []);
    assert.ok(fs.existsSync(ws));
  });
});
