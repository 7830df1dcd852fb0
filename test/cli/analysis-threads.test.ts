// `leaklens check` on worker threads gives exactly what one thread gives, its threads end with the run, and a thread
// that dies on a file loses only that file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzePaths, type AnalyzePathsOptions } from '../../server/src/cli/analyze-paths';
import { displayPath } from '../../server/src/cli/check';
import { parseCheckArgs, ruleSettings } from '../../server/src/cli/check-options';
import { formatJson } from '../../server/src/cli/format-json';
import { LEAKY_BODY, LEAKY_FILE, makeWorkspace, removeWorkspace, REPO_ROOT, runCli } from './run-cli';

const GO_NET_HTTP = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src', 'net', 'http');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

interface Run {
  analyzed: Awaited<ReturnType<typeof analyzePaths>>;
  skipped: { file: string; reason: string }[];
}

async function analyse(paths: string[], options: Partial<AnalyzePathsOptions> = {}): Promise<Run> {
  const skipped: Run['skipped'] = [];
  const analyzed = await analyzePaths({
    paths,
    settings: { rules: ruleSettings(parseCheckArgs([]).enabled) },
    maxFileSize: 2_000_000,
    onSkipped: (file, reason) => skipped.push({ file, reason }),
    onUnreadableRoot: (message) => assert.fail(message),
    ...options,
  });
  return { analyzed, skipped };
}

/** What `leaklens check --format json .` prints for a single-thread run in `cwd`. */
function singleThreadJson(run: Run, cwd: string): string {
  const findings = run.analyzed.flatMap(({ file, findings }) => findings.map((finding) => ({ file: displayPath(file, cwd), finding })));
  return formatJson({ filesAnalyzed: run.analyzed.length, findings });
}

describe('analysis threads: the same findings as one thread', () => {
  it('on the examples, in walk order', async () => {
    const one = await analyse([EXAMPLES], { threads: 1 });
    const two = await analyse([EXAMPLES], { threads: 2 });
    assert.ok(one.analyzed.some((a) => a.findings.length > 0), 'the examples have findings');
    assert.deepEqual(two, one);
  });

  it('on a module whose package calls helpers of another: each package analysed with the summaries of its imports', async () => {
    const moduleRoot = path.join(REPO_ROOT, 'test/fixtures/rules/unclosed-file/modwide');
    const one = await analyse([moduleRoot], { threads: 1 });
    const lines = one.analyzed.flatMap((a) => a.findings.map((f) => `${path.basename(a.file)}:${f.range.start.line + 1}`));
    // The files from fsutil.OpenLocked (a returner of another package) and openState (through fsutil.OpenJournal) leak;
    // fsutil.CloseQuietly and fsutil.Finish close.
    assert.deepEqual(lines, ['chains.go:58', 'chains.go:88', 'chains.go:106']);
    assert.deepEqual(await analyse([moduleRoot], { threads: 2 }), one);
  });

  it("on Go's net/http (big packages cut into chunks), with more threads than cores too", async () => {
    const one = await analyse([GO_NET_HTTP], { threads: 1 });
    // Its program files; the test files are only read for the names they mention.
    assert.ok(one.analyzed.length > 40);
    assert.ok(one.analyzed.every((a) => !a.file.endsWith('_test.go')));
    assert.deepEqual(await analyse([GO_NET_HTTP], { threads: 2 }), one);
    assert.deepEqual(await analyse([GO_NET_HTTP], { threads: 5 }), one);
  });

  it("on Go's net/http with its test code too (every file parsed and analysed)", async () => {
    const settings = { rules: ruleSettings(parseCheckArgs([]).enabled), analyzeScaffolding: true };
    const one = await analyse([GO_NET_HTTP], { threads: 1, settings });
    assert.ok(one.analyzed.length > 100);
    assert.ok(one.analyzed.some((a) => a.findings.length > 0));
    assert.deepEqual(await analyse([GO_NET_HTTP], { threads: 2, settings }), one);
  });

  it('keeps walk order where a folder and its subfolder interleave, and sees the package of a file named alone', async () => {
    const ws = makeWorkspace({
      'a/a.go': LEAKY_BODY,
      'a/m/m.go': LEAKY_FILE,
      'a/z.go': LEAKY_FILE.replace('package main', 'package main // z'),
      'b/named.go': 'package main\n\nimport "net/http"\n\nfunc get(u string) { resp, _ := http.Get(u); closeIt(resp) }\n',
      'b/helper.go': 'package main\n\nimport "net/http"\n\nfunc closeIt(r *http.Response) { r.Body.Close() }\n',
    });
    try {
      for (const paths of [[ws], [path.join(ws, 'b', 'named.go')]]) {
        const one = await analyse(paths, { threads: 1 });
        assert.deepEqual(await analyse(paths, { threads: 2 }), one);
      }
      const order = (await analyse([ws], { threads: 2 })).analyzed.map((a) => path.relative(ws, a.file));
      assert.deepEqual(order, ['a/a.go', 'a/m/m.go', 'a/z.go', 'b/helper.go', 'b/named.go']);
    } finally {
      removeWorkspace(ws);
    }
  });
});

describe('analysis threads: packages cut into chunks and read ahead', () => {
  // Every caller's finding rests on its package's summaries (the helper that returns the body is in another file): a
  // chunk analysed without them would lose its findings. One package is big enough to be cut into several chunks; the
  // small ones after it are read ahead by a thread waiting for the rest of the big one.
  const helper = (pkg: string): string =>
    `package ${pkg}\n\nimport "net/http"\n\nfunc open(u string) (*http.Response, error) {\n\treturn http.Get(u)\n}\n`;
  const caller = (pkg: string, i: number): string =>
    `package ${pkg}\n\n// ${'padding so that the package is cut into chunks '.repeat(60)}\n\nfunc status${i}(u string) int {\n\tresp, err := open(u)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n`;
  let ws: string;
  before(() => {
    const files: Record<string, string> = { 'big/helper.go': helper('big') };
    for (let i = 0; i < 60; i++) files[`big/caller${i}.go`] = caller('big', i);
    for (const small of ['s1', 's2', 's3']) {
      files[`${small}/helper.go`] = helper(small);
      for (let i = 0; i < 3; i++) files[`${small}/caller${i}.go`] = caller(small, i);
    }
    ws = makeWorkspace(files);
  });
  after(() => removeWorkspace(ws));

  it('gives every chunk the summaries of its whole package, on any number of threads', async () => {
    const one = await analyse([ws], { threads: 1 });
    const callers = one.analyzed.filter((a) => /caller\d+\.go$/.test(a.file));
    assert.equal(callers.length, 69);
    assert.ok(
      callers.every((a) => a.findings.some((f) => f.rule === 'unclosed-body')),
      'each caller leaks the body its sibling helper returns',
    );
    for (const threads of [2, 3]) assert.deepEqual(await analyse([ws], { threads }), one, `${threads} threads`);
  });
});

describe('leaklens check on threads, as a process', () => {
  it('prints byte for byte what one thread prints, and exits by itself (no thread left running)', async () => {
    // net/http's findings are all in its test code (examples).
    const scaffolding = { rules: ruleSettings(parseCheckArgs([]).enabled), analyzeScaffolding: true };
    for (const [dir, settings, flags] of [[EXAMPLES, undefined, []], [GO_NET_HTTP, scaffolding, ['--include-scaffolding']]] as const) {
      const expected = singleThreadJson(await analyse([dir], { threads: 1, ...(settings && { settings }) }), dir);
      const cli = await runCli(['check', '--format', 'json', ...flags, '.'], dir, 300_000);
      assert.equal(cli.code, 1, cli.stderr);
      assert.equal(cli.stdout, expected);
    }
  });
});

describe('a thread that dies on a file', () => {
  const small = {
    'pkg/a.go': LEAKY_BODY,
    'pkg/z.go': LEAKY_FILE.replace('package main', 'package main // z'),
    'other/main.go': LEAKY_FILE,
  };
  let ws: string;
  let reference: string;
  before(() => {
    // One file whose analysis needs far more heap than the limit below, so the thread runs out of memory at once;
    // small files next to it. The reference run analyses the same small files without it, on one thread.
    const functions = Array.from({ length: 6_000 }, (_, i) => `func get${i}(u string) int {\n\tresp, err := http.Get(u)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n`);
    ws = makeWorkspace({ ...small, 'pkg/huge.go': `package main\n\nimport "net/http"\n\n${functions.join('\n')}` });
    reference = makeWorkspace(small);
  });
  after(() => {
    removeWorkspace(ws);
    removeWorkspace(reference);
  });

  it('is replaced; the file is reported as skipped and every other file is analysed as on one thread', async () => {
    const crashed = await analyse([ws], { threads: 2, threadHeapLimitMb: 12 });
    const huge = path.join(ws, 'pkg', 'huge.go');
    assert.deepEqual(crashed.skipped.map((s) => s.file), [huge]);
    assert.match(crashed.skipped[0].reason, /^analysis failed: /);
    const relative = (root: string, run: Run): unknown[] => run.analyzed.map((a) => ({ ...a, file: path.relative(root, a.file) }));
    assert.deepEqual(relative(ws, crashed), relative(reference, await analyse([reference], { threads: 1 })));
  });
});
