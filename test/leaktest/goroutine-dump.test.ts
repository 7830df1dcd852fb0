// The debug=2 dump parser and the report's grouping, on a dump captured from a real Go 1.26.8 program
// (dumps/leak-profile-program.go.txt, run with GOEXPERIMENT=goroutineleakprofile GODEBUG=tracebackancestors=10).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseGoroutineDump } from '../../shared/src/leaktest/goroutine-dump';
import { groupLeaks, runningTest } from '../../shared/src/leaktest/summarize';
import { REPO_ROOT } from '../cli/run-cli';

const DUMP = fs.readFileSync(path.join(REPO_ROOT, 'test/leaktest/dumps/leak-profile-debug2.txt'), 'utf8');
/** Where the program ran when the dump was captured. */
const CAPTURE_DIR = '/tmp/rtc/cap';

describe('parseGoroutineDump on a real goroutineleak profile', () => {
  const goroutines = parseGoroutineDump(DUMP);

  it('reads every goroutine with its state and the leaked mark', () => {
    assert.deepEqual(
      goroutines.map((g) => [g.id, g.state, g.leaked]),
      [
        [1, 'running', false],
        [9, 'sync.WaitGroup.Wait', true],
        [10, 'sync.Mutex.Lock', true],
        [11, 'sync.Mutex.Lock', true],
        [12, 'select (no cases)', true],
      ],
    );
  });

  it('reads frames with and without a pc offset, and strips the arguments', () => {
    const mutex = goroutines.find((g) => g.id === 10)!;
    assert.deepEqual(mutex.frames.at(-1), { function: 'main.(*Pool).Stuck', file: `${CAPTURE_DIR}/main.go`, line: 14 });
    assert.equal(mutex.frames[0].function, 'internal/sync.runtime_SemacquireMutex');
  });

  it('reads "created by … in goroutine N" and the ancestors recorded by tracebackancestors', () => {
    const wait = goroutines.find((g) => g.id === 9)!;
    assert.deepEqual(wait.createdBy, { function: 'main.leak', file: `${CAPTURE_DIR}/main.go`, line: 28, goroutine: 1 });
    assert.deepEqual(wait.ancestors.map((a) => [a.goroutine, a.frames.map((f) => `${f.function}:${f.line}`)]), [[1, ['main.leak:29', 'main.main:38']]]);
  });

  it('ignores output around the dump and lines that are not frames', () => {
    const noisy = `PASS\nsome test output\n${DUMP.replace('main.leak.func5()\n', 'main.leak.func5()\n...additional frames elided...\n')}ok  \texample.com/m\t0.1s\n`;
    assert.deepEqual(parseGoroutineDump(noisy).map((g) => g.id), [1, 9, 10, 11, 12]);
  });
});

describe('grouping and attribution', () => {
  const leaked = parseGoroutineDump(DUMP).filter((g) => g.leaked);
  const scope = { moduleDir: CAPTURE_DIR, cwd: CAPTURE_DIR };

  it('blockedAt is the first frame in the module, skipping sync and runtime frames', () => {
    const groups = groupLeaks(leaked, scope);
    assert.deepEqual(
      groups.map((g) => [g.state, g.count, `${g.blockedAt.file}:${g.blockedAt.line}`, g.createdAt && `${g.createdAt.file}:${g.createdAt.line}`]),
      [
        ['sync.WaitGroup.Wait', 1, 'main.go:28', 'main.go:28'],
        ['sync.Mutex.Lock', 1, 'main.go:14', 'main.go:31'],
        ['sync.Mutex.Lock', 1, 'main.go:32', 'main.go:32'],
        ['select (no cases)', 1, 'main.go:33', 'main.go:33'],
      ],
    );
  });

  it('groups identical stacks into one entry with a count', () => {
    const twice = [...leaked, ...leaked.map((g) => ({ ...g, id: g.id + 100 }))];
    assert.deepEqual(groupLeaks(twice, scope).map((g) => g.count), [2, 2, 2, 2]);
  });

  it('frames outside the module count for nothing: no group without a module frame', () => {
    assert.deepEqual(groupLeaks(leaked, { moduleDir: '/somewhere/else', cwd: CAPTURE_DIR }), []);
  });

  it('maps -trimpath file names (module path + file) back to the module folder', () => {
    const trimmed = leaked.map((g) => ({ ...g, frames: g.frames.map((f) => ({ ...f, file: f.file.replace(CAPTURE_DIR, 'example.com/cap') })), createdBy: g.createdBy && { ...g.createdBy, file: g.createdBy.file.replace(CAPTURE_DIR, 'example.com/cap') } }));
    const groups = groupLeaks(trimmed, { moduleDir: '/src/cap', modulePath: 'example.com/cap', cwd: '/src' });
    assert.deepEqual(groups.map((g) => `${g.blockedAt.file}:${g.blockedAt.line} ${g.createdAt?.file}:${g.createdAt?.line}`)[0], 'cap/main.go:28 cap/main.go:28');
    assert.equal(groups.length, 4);
  });

  it('names the test found on the creation chain, a subtest closure as its top-level test', () => {
    const dump = `goroutine 20 [chan send (leaked)]:
example.com/m.Leak.func1()
	/w/m/m.go:6 +0x1e
created by example.com/m.Leak in goroutine 19
	/w/m/m.go:5 +0x5f
[originating from goroutine 19]:
example.com/m.Leak(...)
	/w/m/m.go:8 +0x5f
example.com/m.TestLeak.func2(...)
	/w/m/m_test.go:5 +0xf
testing.tRunner(...)
	/usr/local/go/src/testing/testing.go:2039 +0xea
`;
    const [g] = parseGoroutineDump(dump);
    assert.equal(runningTest(g, { moduleDir: '/w/m', cwd: '/w/m' }), 'TestLeak');
    assert.equal(runningTest({ ...g, ancestors: [] }, { moduleDir: '/w/m', cwd: '/w/m' }), null);
  });
});
