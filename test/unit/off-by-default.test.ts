// Rules off by default (allocation hints, not leaks): they run only when a setting names a severity for them, and then
// report at that severity. pool-put-nonpointer is one; its message says what a Put of a value really costs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoAnalyzer } from '../../server/src/analysis/analyzer';
import { allRules, DEFAULT_RULE_IDS, everyRuleOn, findRule, severityWhenOn } from '../../server/src/analysis/registry';

const SLICE_PUT = `package main

import "sync"

var chunks = sync.Pool{New: func() any { return make([]byte, 4096) }}

type header struct{ name string }

var headers sync.Pool

func release(b []byte, name string) {
	chunks.Put(b[:0])
	headers.Put(header{name: name})
}
`;

let analyzer: GoAnalyzer;
before(async () => {
  analyzer = await GoAnalyzer.create();
});
after(() => analyzer.dispose());

const poolHints = (rules?: Parameters<GoAnalyzer['analyzeText']>[2]) =>
  analyzer.analyzeText(SLICE_PUT, 'main.go', rules).filter((f) => f.rule === 'pool-put-nonpointer');

describe('rules off by default', () => {
  it('pool-put-nonpointer is off by default and reports at its enabled severity when turned on', () => {
    const rule = findRule('pool-put-nonpointer')!;
    assert.equal(rule.defaultSeverity, 'off');
    assert.equal(severityWhenOn(rule), 'information');
    assert.ok(!DEFAULT_RULE_IDS.includes(rule.id));
    assert.deepEqual(everyRuleOn(), Object.fromEntries(allRules.filter((r) => r.defaultSeverity === 'off').map((r) => [r.id, severityWhenOn(r)])));
  });

  it('does not run without a setting, and runs at the severity a setting names', () => {
    assert.deepEqual(poolHints(), []);
    assert.deepEqual(poolHints({ rules: { 'pool-put-nonpointer': 'off' } }), []);
    const hints = poolHints({ rules: { 'pool-put-nonpointer': 'hint' } });
    assert.deepEqual(
      hints.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [12, 'hint'],
        [13, 'hint'],
      ],
    );
  });

  it('says what a Put of a value costs: a boxed slice header, or a boxed copy', () => {
    const [slice, struct] = poolHints({ rules: everyRuleOn() });
    assert.match(slice.message, /^chunks\.Put\(b\[:0\]\) boxes the slice header \(24 bytes\) on every call .*pool a \*\[\]T/);
    assert.match(struct.message, /^headers\.Put\(header\{name: name\}\) stores a struct by value, so every call boxes a copy/);
    for (const f of [slice, struct]) assert.doesNotMatch(f.message, /saves nothing/);
    assert.equal(slice.severity, 'information');
  });

  it('a blanket suppression that suppresses nothing is still reported while the rules off by default stay off', () => {
    const text = SLICE_PUT.replace('func release(', '//nolint:leaklens\nfunc release(');
    const unused = analyzer.analyzeText(text, 'main.go').filter((f) => f.rule === 'unused-suppression');
    assert.equal(unused.length, 1);
  });

  it('rules on by default keep running without settings', () => {
    const onByDefault = allRules.filter((r) => r.defaultSeverity !== 'off').map((r) => r.id);
    assert.deepEqual([...DEFAULT_RULE_IDS], onByDefault);
    assert.ok(onByDefault.length > 0);
  });
});
