// Lifecycle engine specifics the fixtures cannot show: severities by Go version, related locations, quick fixes that
// gofmt and go vet accept, parameter summaries, and robustness on deep or half-typed code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { forImporters, GoAnalyzer, summarizeFile } from '../../server/src/analysis/analyzer';
import { PackageSummaries } from '../../server/src/analysis/engine/summaries';
import { allResourceKinds, everyRuleOn } from '../../server/src/analysis/registry';
import type { Finding, TextEdit } from '../../server/src/analysis/types';

const run = promisify(execFile);
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');
const LIFECYCLE_RULES = new Set([
  'unclosed-body', 'unclosed-file', 'ticker-not-stopped', 'lost-cancel', 'time-tick-leak',
  'unclosed-conn', 'unclosed-rows', 'cmd-not-waited', 'signal-not-stopped',
]);

let analyzer: GoAnalyzer;
before(async () => {
  analyzer = await GoAnalyzer.create();
});
after(() => analyzer.dispose());

function fixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `no line contains ${needle}`);
  return index;
}

function at(findings: Finding[], rule: string, line: number): Finding {
  const f = findings.find((x) => x.rule === rule && x.range.start.line === line);
  assert.ok(f, `no ${rule} finding on line ${line + 1}; got ${findings.map((x) => `${x.range.start.line + 1} ${x.rule}`).join(', ')}`);
  return f;
}

/** Applies non-overlapping edits (LSP positions) to `text`. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('severity by Go version', () => {
  const text = fixture('ticker-not-stopped/go123/poller.go');

  it('says nothing about an unreferenced ticker from Go 1.23 on: it is collected without Stop', () => {
    const line = lineOf(text, 'NewTicker(time.Second)');
    const findings = analyzer.analyzeText(text, 'poller.go', { goVersion: { major: 1, minor: 23 } });
    assert.deepEqual(findings.filter((f) => f.rule === 'ticker-not-stopped' && f.range.start.line === line), []);
  });

  it('keeps the warning for a ticker that drives a goroutine forever', () => {
    const f = at(analyzer.analyzeText(text, 'poller.go', { goVersion: { major: 1, minor: 23 } }), 'ticker-not-stopped', lineOf(text, 'NewTicker(d)'));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /never ends/);
  });

  it('warns before Go 1.23 and when the version is unknown', () => {
    for (const goVersion of [{ major: 1, minor: 22 }, undefined]) {
      const f = at(analyzer.analyzeText(text, 'poller.go', { goVersion }), 'ticker-not-stopped', lineOf(text, 'NewTicker(time.Second)'));
      assert.equal(f.severity, 'warning');
    }
  });

  it('says nothing about time.Tick from Go 1.23 on, and warns before', () => {
    const tick = fixture('time-tick-leak/go123/ticks.go');
    const line = lineOf(tick, 'time.Tick(500');
    assert.deepEqual(analyzer.analyzeText(tick, 't.go', { goVersion: { major: 1, minor: 24 } }).filter((f) => f.rule === 'time-tick-leak'), []);
    assert.equal(at(analyzer.analyzeText(tick, 't.go', { goVersion: { major: 1, minor: 21 } }), 'time-tick-leak', line).severity, 'warning');
  });
});

describe('related locations', () => {
  it('points at the early return that leaks, not at the acquisition', () => {
    const text = fixture('unclosed-body/healthcheck.go');
    const findings = analyzer.analyzeText(text, 'healthcheck.go');
    const f = at(findings, 'unclosed-body', lineOf(text, 'func checkStatus') + 1);
    assert.deepEqual(f.related.map((r) => [r.range.start.line, r.message]), [[lineOf(text, 'return fmt.Errorf("%s: status'), 'returns here without closing resp.Body']]);
    assert.equal(f.range.start.character, text.split('\n')[f.range.start.line].indexOf('http.Get') === -1 ? text.split('\n')[f.range.start.line].indexOf('client.Get') : text.split('\n')[f.range.start.line].indexOf('http.Get'));
  });

  it('points at the closing brace when the function just ends', () => {
    const text = 'package main\n\nimport "os"\n\nfunc touch(p string) {\n\tf, err := os.Create(p)\n\tif err != nil {\n\t\treturn\n\t}\n\tf.WriteString("x")\n}\n';
    const f = at(analyzer.analyzeText(text, 'touch.go'), 'unclosed-file', 5);
    assert.deepEqual(f.related.map((r) => [r.range.start.line, r.message]), [[10, 'the function ends here without closing f']]);
  });

  it('points at the end of the loop body when an iteration leaks', () => {
    const text = fixture('unclosed-body/healthcheck.go');
    const line = lineOf(text, 'func pollAll(') + 3;
    const f = at(analyzer.analyzeText(text, 'healthcheck.go'), 'unclosed-body', line);
    assert.match(f.related[0].message, /^the loop iteration ends here/);
  });
});

describe('quick fixes', () => {
  const program = `package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"
)

var client = &http.Client{Timeout: time.Second}

func status(url string) (int, error) {
	resp, err := client.Get(url) // trailing comment stays on its line
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func size(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

func waitFor(ctx context.Context, ready func() bool) {
	ticker := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if ready() {
				return
			}
		}
	}
}

func deadline(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if parent == nil {
		return nil
	}
	<-ctx.Done()
	cancel()
	return ctx.Err()
}

func discard(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	<-ctx.Done()
	return ctx.Err()
}

func poll(ready func() bool) {
	for range time.Tick(time.Second) {
		if ready() {
			return
		}
	}
}

func interrupted() bool {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	select {
	case <-sigs:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func hello(addr string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(conn, "hello")
	return err
}

func main() {
	fmt.Println(deadline(context.Background()), discard(context.Background()))
	poll(func() bool { return true })
	// These run per turn: a helper main calls once would keep its registration, file, socket, ticker or response till
	// exit anyway.
	for i := 0; i < 3; i++ {
		waitFor(context.Background(), func() bool { return true })
		fmt.Println(interrupted(), hello("127.0.0.1:1"))
		fmt.Println(size("go.mod"))
		fmt.Println(status("http://127.0.0.1:1/"))
	}
}
`;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-fix-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('offers a fix for every lifecycle finding of the program', () => {
    const findings = analyzer.analyzeText(program, 'main.go', { rules: everyRuleOn() }).filter((f) => LIFECYCLE_RULES.has(f.rule));
    assert.deepEqual(
      findings.map((f) => f.rule).sort(),
      ['lost-cancel', 'lost-cancel', 'signal-not-stopped', 'ticker-not-stopped', 'time-tick-leak', 'unclosed-body', 'unclosed-conn', 'unclosed-file'],
    );
    for (const f of findings) assert.equal(f.fixes.length, 1, `${f.rule} on line ${f.range.start.line + 1} has no fix`);
  });

  it('yields code that gofmt leaves alone, go vet accepts, and LeakLens no longer flags', async () => {
    const findings = analyzer.analyzeText(program, 'main.go', { rules: everyRuleOn() }).filter((f) => LIFECYCLE_RULES.has(f.rule));
    const fixed = applyEdits(program, findings.flatMap((f) => f.fixes[0]?.edits ?? []));
    assert.match(fixed, /\tresp, err := client.Get\(url\) \/\/ trailing comment stays on its line\n\tif err != nil \{\n\t\treturn 0, err\n\t\}\n\tdefer resp.Body.Close\(\)\n/);
    assert.match(fixed, /ticker := time.NewTicker\(time.Second\)\n\tdefer ticker.Stop\(\)\n\tfor range ticker.C \{/);
    assert.match(fixed, /ctx, cancel := context.WithTimeout\(parent, time.Second\)\n\tdefer cancel\(\)\n\t<-ctx.Done\(\)/);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/fixed\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'main.go'), fixed);
    const gofmt = await run('gofmt', ['-l', '.'], { cwd: dir, timeout: 60_000 });
    assert.equal(gofmt.stdout, '', `gofmt would reformat:\n${fixed}`);
    await run('go', ['vet', './...'], { cwd: dir, timeout: 120_000, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
    const remaining = analyzer.analyzeText(fixed, 'main.go', { rules: everyRuleOn() }).filter((f) => LIFECYCLE_RULES.has(f.rule));
    assert.deepEqual(remaining.map((f) => `${f.range.start.line + 1} ${f.rule}`), []);
  });
});

describe('same-package summaries', () => {
  it('records which parameters a helper releases, borrows or hands on', () => {
    const text = fixture('unclosed-body/helpers_lib.go');
    const tree = analyzer.parse(text);
    try {
      const summary = summarizeFile({ text, tree });
      assert.equal(summary.packageName, 'main');
      assert.deepEqual(summary.functions.get('closeBody')?.[0].releases, ['Body.Close']);
      assert.deepEqual(summary.functions.get('drainAndClose')?.[0].releases, ['Close']);
      assert.deepEqual(summary.functions.get('logStatus')?.[0], { name: 'resp', releases: [], escapes: false });
      assert.deepEqual(summary.functions.get('.release')?.[0].releases, ['Body.Close']);
    } finally {
      tree.delete();
    }
  });

  it('records helpers that return the resource they acquired', () => {
    const text = fixture('unclosed-body/fetch_lib.go');
    const tree = analyzer.parse(text);
    try {
      assert.deepEqual([...summarizeFile({ text, tree }).returners], [['get', 'body'], ['getChecked', 'body']]);
    } finally {
      tree.delete();
    }
  });

  it('follows a helper only when its sibling file is given, and ignores siblings of another package', () => {
    const text = fixture('unclosed-body/helpers.go');
    const lib = fixture('unclosed-body/helpers_lib.go');
    const line = lineOf(text, 'func checkWithLogger') + 1;
    const libTree = analyzer.parse(lib);
    const otherTree = analyzer.parse(lib.replace('package main', 'package other'));
    try {
      const alone = analyzer.analyzeText(text, 'helpers.go').filter((f) => f.rule === 'unclosed-body');
      assert.deepEqual(alone, [], 'an unknown helper is a hand-off');
      const withLib = analyzer.analyzeText(text, 'helpers.go', {}, [summarizeFile({ text: lib, tree: libTree })]).filter((f) => f.rule === 'unclosed-body');
      assert.deepEqual(withLib.map((f) => f.range.start.line), [line]);
      const otherPackage = analyzer.analyzeText(text, 'helpers.go', {}, [summarizeFile({ text: lib, tree: otherTree })]).filter((f) => f.rule === 'unclosed-body');
      assert.deepEqual(otherPackage, []);
    } finally {
      libTree.delete();
      otherTree.delete();
    }
  });
});

describe('robustness', () => {
  it('judges deeply nested code without overflowing the stack', () => {
    const depth = 3000;
    const text = `package main\n\nimport "os"\n\nfunc deep(x int) {\n\tf, _ := os.Open("a")\n${'\tif x > 0 {\n'.repeat(depth)}\tf.Close()\n${'\t}\n'.repeat(depth)}}\n`;
    const findings = analyzer.analyzeText(text, 'deep.go');
    assert.ok(findings.every((f) => f.rule !== 'unclosed-file' || f.range.start.line === 5));
  });

  it('never throws on truncated or half-typed versions of every lifecycle fixture', () => {
    const files = ['unclosed-body/healthcheck.go', 'unclosed-file/syncer.go', 'lost-cancel/deployer.go', 'cmd-not-waited/runner.go', 'signal-not-stopped/shutdown.go'];
    const failures: string[] = [];
    const originalWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      failures.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      for (const rel of files) {
        const text = fixture(rel);
        for (let cut = 0; cut < text.length; cut += 97) {
          analyzer.analyzeText(text.slice(0, cut), rel, { rules: everyRuleOn() });
          analyzer.analyzeText(text.slice(0, cut) + text.slice(cut + 40), rel);
        }
      }
    } finally {
      process.stderr.write = originalWrite;
    }
    assert.deepEqual(failures.filter((f) => /unclosed|lost-cancel|ticker|time-tick|cmd-not|signal-not/.test(f)), []);
  });
});

describe('module-wide summaries', () => {
  const MODULE = 'unclosed-file/modwide';
  const FSUTIL = 'example.com/modwide/fsutil';

  it('follows releases through helpers to any depth, across packages of the module, and stops at a recursive pair', () => {
    const appText = fixture(`${MODULE}/app/chains.go`);
    const libText = fixture(`${MODULE}/fsutil/fsutil.go`);
    const appTree = analyzer.parse(appText);
    const libTree = analyzer.parse(libText);
    try {
      const file = allResourceKinds.find((k) => k.key === 'file')!;
      const lib = forImporters(summarizeFile({ text: libText, tree: libTree }));
      const app = new PackageSummaries({ text: appText, tree: appTree }, [], allResourceKinds, new Map([[FSUTIL, [lib]]]));
      assert.equal(app.paramEffect('closeAll', 0, file, false), 'releases', 'closeAll → closeOne → shut → f.Close()');
      assert.equal(app.paramEffect('ping', 0, file, false), 'escapes', 'ping ↔ pong closes nothing: unknown');
      assert.equal(app.paramEffect(`${FSUTIL}.CloseQuietly`, 0, file, false), 'releases');
      assert.equal(app.paramEffect(`${FSUTIL}.Finish`, 0, file, false), 'releases', 'Finish → CloseQuietly, in the other package');
      assert.equal(app.paramEffect(`${FSUTIL}.CloseIfDirty`, 0, file, false), 'borrows', 'closed on some paths only');
      assert.equal(app.paramEffect(`${FSUTIL}.CloseUnlessStdio`, 0, file, false), 'releases', 'closed unless it is a standard stream, which is kept on purpose');
      assert.equal(app.neverReturns(`${FSUTIL}.Die`), true);
      assert.deepEqual(app.moduleReturnersOf(file), [
        { importPath: FSUTIL, name: 'OpenLocked' },
        { importPath: FSUTIL, name: 'OpenJournal' },
      ]);
      assert.ok(app.returnersOf(file).includes('openState'), 'openState returns what fsutil.OpenJournal returns from OpenLocked');
      const alone = new PackageSummaries({ text: appText, tree: appTree }, [], allResourceKinds);
      assert.equal(alone.paramEffect(`${FSUTIL}.Finish`, 0, file, false), undefined, 'a package outside the given ones is unknown');
    } finally {
      appTree.delete();
      libTree.delete();
    }
  });
});
