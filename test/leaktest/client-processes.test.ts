// Real processes: the bundled CLI run the way the extension runs it (own process group, JSON on stdout), its failures
// turned into clear messages, cancel ending the whole group mid-run; and leak watch building a real leaky Go program
// with the overlay sampler, reading its proven leaks, and leaving nothing behind when stopped.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { startLeakTestCli } from '../../client/src/leaktest/cli-process';
import { WatchedProgram } from '../../client/src/leakwatch/watched-program';

const REPO = resolve(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const temps: string[] = [];

after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function goModule(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-leaktest-'));
  temps.push(dir);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.26\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** PIDs of live processes whose working directory is `dir` (the CLI, go test and the test binary run there). */
function processesIn(dir: string, commandMatches: (argv0: string) => boolean = () => true): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) !== dir) continue;
      if (commandMatches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0])) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LEAKY_TEST = `package m

import "testing"

func leak() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
}

func TestLeaky(t *testing.T) {
	leak()
}

func TestClean(t *testing.T) {}
`;

describe('the CLI as the extension runs it', () => {
  test('a leaky test: exit 1 and the report names the blocking line, the go statement and the test', async () => {
    const dir = goModule({ 'leak_test.go': LEAKY_TEST });
    const cli = startLeakTestCli({ node: process.execPath, cliPath: CLI, cwd: dir, args: ['--run', '^TestLeaky$', '.'] });
    const outcome = await cli.outcome;
    assert.equal(outcome.kind, 'report', JSON.stringify(outcome));
    if (outcome.kind !== 'report') return;
    assert.equal(outcome.exitCode, 1);
    const [pkg] = outcome.report.packages;
    assert.equal(pkg.package, 'example.com/m');
    assert.equal(outcome.report.mode, 'proven');
    assert.deepEqual(
      pkg.leaks.map((l) => [l.test, l.state, l.count, l.blockedAt.file, l.blockedAt.line, l.createdAt?.line]),
      [['TestLeaky', 'chan send', 1, 'leak_test.go', 8, 7]],
    );
    assert.deepEqual(processesIn(dir), []);
  });

  test('a usage error becomes a message with the CLI\'s own words; a node that does not exist too', async () => {
    const dir = goModule({ 'leak_test.go': LEAKY_TEST });
    const usage = await startLeakTestCli({ node: process.execPath, cliPath: CLI, cwd: dir, args: ['--count', 'zero'] }).outcome;
    assert.equal(usage.kind, 'failed');
    if (usage.kind === 'failed') {
      assert.equal(usage.exitCode, 2);
      assert.match(usage.message, /^leaklens test exited with code 2: .*count/s);
    }
    const missing = await startLeakTestCli({ node: join(dir, 'no-node'), cliPath: CLI, cwd: dir, args: [] }).outcome;
    assert.equal(missing.kind, 'failed');
    if (missing.kind === 'failed') assert.match(missing.message, /could not start .*no-node: .*ENOENT/);
  });

  test('output that is not a report is refused with a clear message', async () => {
    const dir = goModule({});
    const fake = join(dir, 'fake-cli.js');
    writeFileSync(fake, 'process.stdout.write("{\\"version\\": 7}"); process.exitCode = 1;');
    const outcome = await startLeakTestCli({ node: process.execPath, cliPath: fake, cwd: dir, args: [] }).outcome;
    assert.equal(outcome.kind, 'failed');
    if (outcome.kind === 'failed') assert.match(outcome.message, /version should be 1/);
  });

  test('cancel in the middle of a test that never ends: the outcome is cancelled and no go process is left', async () => {
    const dir = goModule({
      'hang_test.go': 'package m\n\nimport "testing"\n\nfunc TestForever(t *testing.T) {\n\tselect {}\n}\n',
    });
    const cli = startLeakTestCli({ node: process.execPath, cliPath: CLI, cwd: dir, args: ['--timeout', '10m', '.'] });
    // Wait until the test binary (`m.test`, run by go test in the package folder) is running, then cancel.
    await waitUntil('the test binary to run', () => processesIn(dir, (argv0) => argv0.endsWith('.test')).length > 0, 60_000);
    cli.cancel();
    assert.deepEqual(await cli.outcome, { kind: 'cancelled' });
    await waitUntil('every process of the run to end', () => processesIn(dir).length === 0, 10_000);
    assert.throws(() => process.kill(-cli.pid!, 0), /ESRCH/, 'the CLI\'s process group is gone');
  });
});

function watchTempDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('leaklens-leakwatch-'));
}

describe('leak watch', () => {
  const LEAKY_MAIN = `package main

import (
	"fmt"
	"os"
	"time"
)

func leak() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
}

func main() {
	fmt.Println("args", os.Args[1:])
	for {
		leak()
		time.Sleep(20 * time.Millisecond)
	}
}
`;

  test('builds with the experiment and the sampler, reads proven leaks at the blocking line, and stops cleanly', async () => {
    const dir = goModule({ 'main.go': LEAKY_MAIN });
    const tempsBefore = new Set(watchTempDirs());
    let output = '';
    const program = new WatchedProgram({ packageDir: dir, args: ['--flag', 'a b'], intervalMs: 200, onOutput: (t) => (output += t), onChange: () => undefined });
    await waitUntil('a sample with proven leaks', () => (program.samples.at(-1)?.goroutines?.leaked ?? 0) >= 5, 90_000);
    assert.equal(program.state, 'running');
    assert.match(output, /args \[--flag a b\]/, 'the arguments reach the program');
    const sample = program.samples.at(-1)!;
    const top = sample.goroutines?.leakedGroups?.[0];
    assert.equal(top?.frames[0].file, join(dir, 'main.go'));
    assert.equal(top?.frames[0].line, 12, 'the blocking send');
    assert.ok(sample.fds.total > 0);
    assert.ok(program.counters.some((c) => c.id === 'leakedGoroutines' && c.possibleLeak), 'a proven leak marks its row at once');
    assert.ok(!existsSync(join(dir, 'zz_leaklens_leakwatch.go')), 'nothing is written into the package');
    const pid = program.pid!;
    program.stop();
    await program.finished;
    assert.equal(program.state, 'exited');
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    assert.deepEqual(processesIn(dir), []);
    assert.deepEqual(watchTempDirs().filter((d) => !tempsBefore.has(d)), [], 'the overlay and binary folder is removed');
  });

  test('a program that does not build reports the compiler error and holds nothing', async () => {
    const dir = goModule({ 'main.go': 'package main\n\nfunc main() {\n\tundefinedCall()\n}\n' });
    let output = '';
    const program = new WatchedProgram({ packageDir: dir, args: [], intervalMs: 200, onOutput: (t) => (output += t), onChange: () => undefined });
    await program.finished;
    assert.equal(program.state, 'failed');
    assert.match(program.notice ?? '', /go build failed:[\s\S]*undefined: undefinedCall/);
    assert.match(output, /undefinedCall/);
    assert.equal(program.pid, undefined);
  });
});
