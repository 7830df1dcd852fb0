// Behaviour of the HTTP, timer and sync.Pool rules that fixtures cannot express: severity by Go version, related
// locations, and never throwing on half-typed code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import { severityWhenOn } from '../../server/src/analysis/registry';
import type { GoVersion, ReportedFinding, Rule } from '../../server/src/analysis/rule';
import { rule as clientPerRequest } from '../../server/src/analysis/rules/client-per-request';
import { rule as noTimeout } from '../../server/src/analysis/rules/no-timeout';
import { rule as poolLongLived } from '../../server/src/analysis/rules/pool-long-lived';
import { rule as poolNoReset } from '../../server/src/analysis/rules/pool-no-reset';
import { rule as poolPutNonpointer } from '../../server/src/analysis/rules/pool-put-nonpointer';
import { rule as timeAfterInLoop } from '../../server/src/analysis/rules/time-after-in-loop';

const RULES: Rule[] = [clientPerRequest, noTimeout, timeAfterInLoop, poolNoReset, poolPutNonpointer, poolLongLived];
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser.delete());

function run(rule: Rule, text: string, goVersion?: GoVersion): ReportedFinding[] {
  const tree = parser.parse(text)!;
  const found: ReportedFinding[] = [];
  try {
    rule.check({ file: { text, tree }, goVersion, report: (f) => found.push(f) });
  } finally {
    tree.delete();
  }
  return found;
}

const FORWARDER = `package main

import "time"

func forward(events <-chan string) {
	for {
		select {
		case e := <-events:
			println(e)
		case <-time.After(time.Minute):
			println("idle")
		}
	}
}
`;

describe('time-after-in-loop and the Go version', () => {
  it('warns, once turned on, when the Go version is unknown or older than 1.23', () => {
    for (const version of [undefined, { major: 1, minor: 22 }]) {
      const [finding, ...rest] = run(timeAfterInLoop, FORWARDER, version);
      assert.equal(rest.length, 0);
      assert.equal(finding.severity ?? severityWhenOn(timeAfterInLoop), 'warning');
      assert.equal(finding.range.start.line, 9);
    }
  });

  it('stays silent from Go 1.23 on: unfired timers are collected, nothing leaks', () => {
    for (const version of [{ major: 1, minor: 23 }, { major: 1, minor: 26 }]) {
      assert.deepEqual(run(timeAfterInLoop, FORWARDER, version), []);
    }
  });
});

describe('related locations', () => {
  it('client-per-request points at the per-iteration call of a helper that builds a Transport', () => {
    const text = `package main

import "net/http"

func fetch(u string) {
	c := &http.Client{Transport: &http.Transport{}}
	c.Get(u)
}

func main() {
	for {
		fetch("http://127.0.0.1:1/")
	}
}
`;
    const [finding, ...rest] = run(clientPerRequest, text);
    assert.equal(rest.length, 0);
    assert.equal(finding.range.start.line, 5);
    assert.equal(finding.related?.[0]?.range.start.line, 11);
  });

  it('pool-long-lived points at the use after Put', () => {
    const text = `package main

import (
	"bytes"
	"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func f() string {
	b := pool.Get().(*bytes.Buffer)
	b.Reset()
	pool.Put(b)
	return b.String()
}
`;
    const [finding] = run(poolLongLived, text);
    assert.equal(finding.range.start.line, 12);
    assert.equal(finding.related?.[0]?.range.start.line, 13);
  });
});

describe('half-typed code', () => {
  it('never throws on any prefix of the fixtures', () => {
    const files = RULES.flatMap((r) => fs.readdirSync(path.join(FIXTURES, r.id)).filter((f) => f.endsWith('.go')).map((f) => path.join(FIXTURES, r.id, f)));
    let inputs = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // Every 11th prefix: cuts inside identifiers, literals, blocks and selects.
      for (let end = 0; end <= text.length; end += 11) {
        const prefix = text.slice(0, end);
        const tree = parser.parse(prefix)!;
        try {
          for (const rule of RULES) {
            assert.doesNotThrow(() => rule.check({ file: { text: prefix, tree }, report: () => {} }), `${rule.id} on ${file} cut at ${end}`);
          }
        } finally {
          tree.delete();
        }
        inputs++;
      }
    }
    assert.ok(inputs > 500, `only ${inputs} inputs`);
  });
});

describe('test files', () => {
  it('no-timeout, client-per-request and time-after-in-loop stay quiet in _test.go files (short-lived processes)', () => {
    const text = `package main

import (
	"net/http"
	"time"
)

func TestPoll(t *testing.T) {
	for i := 0; i < 3; i++ {
		tr := &http.Transport{}
		resp, _ := http.Get("http://127.0.0.1:1/")
		_, _ = tr, resp
		select {
		case <-done:
		case <-time.After(time.Second):
		}
	}
}
`;
    const runAt = (path: string): string[] => {
      const tree = parser.parse(text)!;
      const ids: string[] = [];
      try {
        for (const rule of [noTimeout, clientPerRequest, timeAfterInLoop]) rule.check({ file: { path, text, tree }, report: () => ids.push(rule.id) });
      } finally {
        tree.delete();
      }
      return ids.sort();
    };
    assert.deepEqual(runAt('/src/poll.go'), ['client-per-request', 'no-timeout', 'time-after-in-loop']);
    assert.deepEqual(runAt('/src/poll_test.go'), []);
  });
});
