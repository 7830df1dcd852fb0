// The no-timeout quick fix must yield code that gofmt leaves unchanged and that compiles: applied to real files in a temp
// module, then checked with `gofmt -l` and `go vet`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import type { ReportedFinding } from '../../server/src/analysis/rule';
import { rule } from '../../server/src/analysis/rules/no-timeout';
import type { Position, TextEdit } from '../../server/src/analysis/types';

let parser: Parser;
let dir: string;
before(async () => {
  parser = await createGoParser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-fix-'));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module fixcheck\n\ngo 1.22\n');
});
after(() => {
  parser.delete();
  fs.rmSync(dir, { recursive: true, force: true });
});

function findingsOf(text: string): ReportedFinding[] {
  const tree = parser.parse(text)!;
  const found: ReportedFinding[] = [];
  try {
    rule.check({ file: { text, tree }, report: (f) => found.push(f) });
  } finally {
    tree.delete();
  }
  return found;
}

function offsetOf(text: string, p: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const byOffset = edits.map((e) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText }));
  byOffset.sort((a, b) => b.start - a.start);
  return byOffset.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** Writes `text` as the module's only file and returns gofmt's complaints and go vet's exit status with output. */
function goCheck(text: string): { unformatted: string; vet: string } {
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.go')) fs.rmSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'main.go'), text);
  const unformatted = execFileSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  let vet = '';
  try {
    execFileSync('go', ['vet', '.'], { cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: 'pipe', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  } catch (err) {
    vet = String((err as { stderr?: string }).stderr ?? err);
  }
  return { unformatted, vet };
}

// Each case polls in a loop: a request made once per process is not judged (flow/runs-once.ts).
const CASES: Record<string, string> = {
  'empty literal, time imported': `package main

import (
	"net/http"
	"time"
)

var started = time.Now()

func poll() {
	c := &http.Client{}
	_, _ = c.Get("http://127.0.0.1:1/")
}

func main() {
	for range 3 {
		poll()
	}
}
`,
  'one-line literal with fields, time not imported': `package main

import (
	"fmt"
	"net/http"
)

func poll() {
	c := http.Client{CheckRedirect: nil}
	fmt.Println(c.Head("http://127.0.0.1:1/"))
}

func main() {
	for range 3 {
		poll()
	}
}
`,
  'multi-line aligned literal, single import': `package main

import "net/http"

func poll() {
	c := &http.Client{
		Transport:     http.DefaultTransport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return nil },
	}
	_, _ = c.Get("http://127.0.0.1:1/")
}

func main() {
	for range 3 {
		poll()
	}
}
`,
  'empty multi-line literal in a struct field, aliased time': `package main

import (
	"net/http"
	clock "time"
)

type checker struct{ client *http.Client }

func poll() {
	c := checker{client: &http.Client{
	}}
	_, _ = c.client.Get("http://127.0.0.1:1/")
	_ = clock.Now()
}

func main() {
	for range 3 {
		poll()
	}
}
`,
  'third-party group after standard imports': `package main

import (
	"net/http"
	"os"

	"example.com/none/v2"
)

func poll() {
	c := &http.Client{Jar: nil}
	_, _ = c.Get(os.Args[1])
	_ = none.X
}

func main() {
	for range 3 {
		poll()
	}
}
`,
};

describe('no-timeout quick fix', () => {
  for (const [name, source] of Object.entries(CASES)) {
    it(`${name}: gofmt-clean, compiles, and silences the finding`, () => {
      const findings = findingsOf(source);
      assert.equal(findings.length, 1, JSON.stringify(findings));
      const fix = findings[0].fixes?.[0];
      assert.ok(fix, 'a quick fix is offered');
      const fixed = applyEdits(source, fix.edits);
      assert.match(fixed, /Timeout: 10 \* (time|clock)\.Second/);
      assert.deepEqual(findingsOf(fixed), [], `still reported after the fix:\n${fixed}`);
      if (name.startsWith('third-party')) {
        // The module cannot be fetched offline: check formatting only, and that "time" joined the standard group.
        assert.match(fixed, /"os"\n\t"time"\n\n\t"example.com/);
        fs.writeFileSync(path.join(dir, 'main.go'), fixed);
        assert.equal(execFileSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8', timeout: 30_000 }), '', fixed);
        return;
      }
      const { unformatted, vet } = goCheck(fixed);
      assert.equal(unformatted, '', `gofmt would change:\n${fixed}`);
      assert.equal(vet, '', `go vet failed on:\n${fixed}`);
    });
  }

  it('offers no fix when a comment follows the opening brace', () => {
    const findings = findingsOf('package main\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nvar c = &http.Client{ // shared\n}\nvar d = time.Second\n\nfunc main() {\n\tfor range 3 {\n\t\t_, _ = c.Get(\"http://127.0.0.1:1/\")\n\t}\n}\n');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
});
