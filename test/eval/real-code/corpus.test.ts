// The part of the real-code evaluation that needs no download: the manifest holds the halves its own split rule gives,
// is big enough, and every verdict line has the documented shape and points into the corpus.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  findingKey,
  halfBySplitRule,
  loadCorpus,
  moduleAtVersion,
  parseVerdicts,
  precision,
  scoreHalf,
  type CorpusFinding,
  type Verdict,
} from './corpus';

const HERE = path.resolve(__dirname, '../../../../test/eval/real-code');
const corpus = loadCorpus(path.join(HERE, 'corpus.json'));

/** The modules reviewed in docs/accuracy.md before this corpus existed: the rules were tuned on them. */
const REVIEWED_BEFORE = [
  'github.com/rakyll/hey',
  'github.com/jpillora/chisel',
  'github.com/prometheus/blackbox_exporter',
  'github.com/containrrr/watchtower',
  'github.com/tsenart/vegeta/v12',
  'github.com/prometheus/pushgateway',
  'github.com/go-co-op/gocron/v2',
];

describe('real-code corpus manifest', () => {
  it('records for every module the half its split rule gives', () => {
    for (const m of corpus.modules) assert.equal(m.half, halfBySplitRule(m.module, corpus.split.alreadySeen), m.module);
  });

  it('puts every module seen before in the tuning half and every other in the held-out half', () => {
    assert.equal(halfBySplitRule('github.com/prometheus/statsd_exporter', []), 'held-out');
    assert.equal(halfBySplitRule('github.com/prometheus/statsd_exporter', ['github.com/prometheus/statsd_exporter']), 'tuning');
  });

  it('puts the modules tuned on before in the tuning half', () => {
    for (const m of REVIEWED_BEFORE) {
      assert.ok(corpus.split.alreadySeen.includes(m), `${m} not in alreadySeen`);
      assert.equal(corpus.modules.find((x) => x.module === m)?.half, 'tuning', m);
    }
  });

  it('holds at least 25 pinned modules and 500,000 lines, split into a tuning half and a held-out half of at least 250,000 lines', () => {
    assert.ok(corpus.modules.length >= 25, `${corpus.modules.length} modules`);
    assert.equal(new Set(corpus.modules.map((m) => m.module)).size, corpus.modules.length, 'a module listed twice');
    for (const m of corpus.modules) {
      assert.match(m.version, /^v\d+\.\d+\.\d+/, `${m.module} is not pinned`);
      assert.ok(Number.isInteger(m.lines) && m.lines > 0, `${m.module} has no line count`);
    }
    const lines = (half?: string): number => corpus.modules.filter((m) => half === undefined || m.half === half).reduce((n, m) => n + m.lines, 0);
    assert.equal(corpus.totals.lines, lines());
    assert.equal(corpus.totals.tuning, lines('tuning'));
    assert.equal(corpus.totals.heldOut, lines('held-out'));
    assert.ok(lines() >= 500_000, `${lines()} lines`);
    // Round 2's held-out half is new code only, so it is smaller than the tuning half (all of round 1), but big
    // enough for a precision figure: at least 250,000 lines in at least 12 programs.
    assert.ok(lines('held-out') >= 250_000, `held-out half has ${lines('held-out')} lines`);
    assert.ok(corpus.modules.filter((m) => m.half === 'held-out').length >= 12, 'held-out half has fewer than 12 modules');
  });
});

describe('real-code verdicts', () => {
  const { verdicts, problems } = parseVerdicts(fs.readFileSync(path.join(HERE, 'verdicts.jsonl'), 'utf8'));

  it('has the documented shape on every line, one verdict per finding', () => {
    assert.deepEqual(problems, []);
    assert.ok(verdicts.length > 0);
  });

  it('points into the corpus', () => {
    const modules = new Set(corpus.modules.map(moduleAtVersion));
    for (const v of verdicts) assert.ok(modules.has(v.module), `${v.module} is not a corpus module@version`);
  });

  it('rejects lines that break the shape, with their line number', () => {
    const good = { module: 'm.example/x@v1.0.0', file: 'a/b.go', line: 3, rule: 'no-timeout', verdict: 'true', reason: 'r' };
    const text = [
      JSON.stringify(good),
      JSON.stringify({ ...good, verdict: 'maybe' }),
      JSON.stringify({ ...good, reason: 'two\nlines' }),
      JSON.stringify({ ...good, file: 'a/b_test.go' }),
      JSON.stringify({ ...good, module: 'm.example/x' }),
      JSON.stringify({ ...good, extra: 1 }),
      '{not json',
      JSON.stringify(good),
    ].join('\n');
    const parsed = parseVerdicts(text);
    assert.equal(parsed.verdicts.length, 1);
    assert.deepEqual(
      parsed.problems.map((p) => p.split(':')[1]),
      ['2', '3', '4', '5', '6', '7', '8'],
    );
    assert.match(parsed.problems[6], /a second verdict/);
  });
});

describe('real-code scoring', () => {
  it('counts debatable as not true and lists unreviewed and still-false findings', () => {
    const finding = (line: number, rule: string): CorpusFinding => ({ module: 'm@v1.0.0', file: 'a.go', line, rule, severity: 'warning', message: '' });
    const findings = [finding(1, 'r1'), finding(2, 'r1'), finding(3, 'r1'), finding(4, 'r2')];
    const verdict = (line: number, value: Verdict['verdict']): Verdict => ({ module: 'm@v1.0.0', file: 'a.go', line, rule: 'r1', verdict: value, reason: 'x' });
    const verdicts = [verdict(1, 'true'), verdict(2, 'debatable'), verdict(3, 'false'), verdict(9, 'false')];
    const score = scoreHalf('tuning', [], findings, verdicts);
    const r1 = score.rules.find((r) => r.rule === 'r1')!;
    assert.equal(precision(r1), 1 / 3);
    assert.equal(score.total.unreviewed, 1);
    assert.deepEqual(score.unreviewed.map(findingKey), [findingKey(finding(4, 'r2'))]);
    assert.deepEqual(score.stillFalse.map((f) => f.line), [3]);
  });
});
