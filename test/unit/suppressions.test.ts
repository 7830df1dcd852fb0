// Suppression comments: which findings each form removes, and the hint on a suppression that suppresses nothing.
// Findings are built by hand so that these tests depend on the comment syntax only, not on any rule's behaviour.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import { applySuppressions } from '../../server/src/analysis/suppressions';
import { RULE_IDS } from '../../server/src/analysis/registry';
import type { Finding, RuleId } from '../../server/src/analysis/types';

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser.delete());

const ALL_RULES_RAN = { ranRules: new Set<RuleId>(RULE_IDS) };

function findingAt(rule: RuleId, line: number, character = 1): Finding {
  return {
    rule,
    severity: 'warning',
    message: `${rule} at ${line}`,
    range: { start: { line, character }, end: { line, character: character + 5 } },
    related: [],
    fixes: [],
  };
}

/** Applies the suppressions of `lines` (joined into one Go file) to `findings`. */
function apply(lines: string[], findings: Finding[], context = ALL_RULES_RAN): Finding[] {
  const text = lines.join('\n') + '\n';
  const tree = parser.parse(text)!;
  try {
    return applySuppressions({ path: 'x.go', text, tree }, findings, context);
  } finally {
    tree.delete();
  }
}

const summary = (findings: Finding[]): string[] => findings.map((f) => `${f.rule}@${f.range.start.line}`);

describe('suppressions', () => {
  it('a trailing //nolint:leaklens/<rule> removes that rule on its own line only', () => {
    const lines = [
      'package main', // 0
      'func main() {', // 1
      '\tresp, _ := http.Get(u) //nolint:leaklens/unclosed-body', // 2
      '\tf, _ := os.Open(p)', // 3
      '}',
    ];
    const out = apply(lines, [findingAt('unclosed-body', 2), findingAt('no-timeout', 2), findingAt('unclosed-body', 3)]);
    assert.deepEqual(summary(out), ['no-timeout@2', 'unclosed-body@3']);
  });

  it('a comment alone on its line covers the next line, not the one after', () => {
    const lines = ['package main', 'func main() {', '\t//nolint:leaklens', '\tt := time.NewTicker(d)', '\tc := time.Tick(d)', '}'];
    const out = apply(lines, [findingAt('ticker-not-stopped', 3), findingAt('time-tick-leak', 4)]);
    assert.deepEqual(summary(out), ['time-tick-leak@4']);
  });

  it('leaklens entries inside another linter list count; the other linters are ignored', () => {
    const lines = ['package main', 'func main() {', '\tresp, _ := http.Get(u) //nolint:errcheck,leaklens/unclosed-body // reason', '}'];
    const out = apply(lines, [findingAt('unclosed-body', 2)]);
    assert.deepEqual(out, []);
  });

  it('//leaklens:ignore <rule> <reason> suppresses that rule (also a comma list)', () => {
    const lines = [
      'package main',
      'func main() {',
      '\t// leaklens:ignore unclosed-file closed by the caller',
      '\tf, _ := os.Open(p)',
      '\t//leaklens:ignore unclosed-body,no-timeout short-lived tool',
      '\tr, _ := http.Get(u)',
      '}',
    ];
    const out = apply(lines, [findingAt('unclosed-file', 3), findingAt('unclosed-body', 5), findingAt('no-timeout', 5)]);
    assert.deepEqual(out, []);
  });

  it("a function's doc comment covers the whole function and nothing outside it", () => {
    const lines = [
      'package main', // 0
      '', // 1
      '// poll runs until the process is killed.', // 2
      '//', // 3
      '//nolint:leaklens/ticker-not-stopped', // 4
      'func poll() {', // 5
      '\tt := time.NewTicker(d)', // 6
      '\tfor range t.C {', // 7
      '\t}', // 8
      '}', // 9
      '', // 10
      'func other() { t := time.NewTicker(d) }', // 11
    ];
    const out = apply(lines, [findingAt('ticker-not-stopped', 6), findingAt('ticker-not-stopped', 11)]);
    assert.deepEqual(summary(out), ['ticker-not-stopped@11']);
  });

  it('a suppression that suppresses nothing becomes a hint on the entry, with a removal fix', () => {
    const lines = ['package main', 'func main() {', '\tx := 1 //nolint:leaklens/unclosed-body', '}'];
    const out = apply(lines, []);
    assert.equal(out.length, 1);
    const [hint] = out;
    assert.equal(hint.rule, 'unused-suppression');
    assert.equal(hint.severity, 'hint');
    assert.match(hint.message, /unclosed-body/);
    const commentColumn = lines[2].indexOf('//');
    const entryColumn = lines[2].indexOf('leaklens/');
    assert.deepEqual(hint.range, {
      start: { line: 2, character: entryColumn },
      end: { line: 2, character: entryColumn + 'leaklens/unclosed-body'.length },
    });
    assert.deepEqual(hint.fixes[0].edits, [
      { range: { start: { line: 2, character: commentColumn - 1 }, end: { line: 2, character: lines[2].length } }, newText: '' },
    ]);
  });

  it('a used entry is not reported; an unused one in the same list is', () => {
    const lines = ['package main', 'func main() {', '\tr, _ := http.Get(u) //nolint:leaklens/unclosed-body,leaklens/unclosed-file', '}'];
    const out = apply(lines, [findingAt('unclosed-body', 2)]);
    assert.deepEqual(summary(out), ['unused-suppression@2']);
    assert.match(out[0].message, /unclosed-file/);
    assert.deepEqual(out[0].fixes, [], 'removing the whole comment would drop the used entry too');
  });

  it('does not judge a suppression of a rule that did not run', () => {
    const lines = ['package main', 'func main() {', '\tx := 1 //nolint:leaklens/unclosed-body', '\ty := 2 //nolint:leaklens', '}'];
    const out = apply(lines, [], { ranRules: new Set<RuleId>(['unclosed-file']) });
    assert.deepEqual(out, []);
  });

  it('flags a suppression that names no rule', () => {
    const lines = ['package main', 'func main() {', '\t//leaklens:ignore unclosed-bodies typo', '\tx := 1', '\t//leaklens:ignore', '}'];
    const out = apply(lines, []);
    assert.deepEqual(summary(out), ['unused-suppression@2', 'unused-suppression@4']);
    assert.match(out[0].message, /names no LeakLens rule/);
  });

  it('ignores the same characters inside a string, a bare //nolint and other linters', () => {
    const lines = [
      'package main',
      'func main() {',
      '\ts := "//nolint:leaklens"; r, _ := http.Get(s)',
      '\tr2, _ := http.Get(u) //nolint',
      '\tr3, _ := http.Get(u) //nolint:bodyclose',
      '}',
    ];
    const findings = [findingAt('unclosed-body', 2), findingAt('unclosed-body', 3), findingAt('unclosed-body', 4)];
    assert.deepEqual(apply(lines, findings), findings);
  });

  it('an own-line unused suppression is removed with its whole line', () => {
    const lines = ['package main', 'func main() {', '\t// leaklens:ignore cmd-not-waited waited below', '\tx := 1', '}'];
    const [hint] = apply(lines, []);
    assert.deepEqual(hint.fixes[0].edits[0].range, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } });
  });
});
