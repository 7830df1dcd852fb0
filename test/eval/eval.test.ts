// `npm run eval`: prints precision and recall per rule on the eval corpus (test/eval/corpus). As a test it checks that the
// corpus is sound — every rule id has expectations, every program is analysed — and not the scores themselves, which
// are figures to read and report, not thresholds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import { RULE_IDS } from '../../server/src/analysis/registry';
import { evaluate, expectationsOf, formatEvaluation } from './evaluate';

const CORPUS = path.resolve(__dirname, '../../../test/eval/corpus');

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser.delete());

describe('eval corpus', () => {
  it('expects findings of every rule in the catalogue', () => {
    const expected = new Set<string>();
    for (const program of fs.readdirSync(CORPUS)) {
      for (const file of fs.readdirSync(path.join(CORPUS, program)).filter((f) => f.endsWith('.go'))) {
        for (const e of expectationsOf(fs.readFileSync(path.join(CORPUS, program, file), 'utf8'))) expected.add(e.rule);
      }
    }
    assert.deepEqual(RULE_IDS.filter((id) => !expected.has(id)), [], 'rule ids without a `// want` in the corpus');
    assert.deepEqual([...expected].filter((id) => !(RULE_IDS as readonly string[]).includes(id)), [], 'unknown rule ids in wants');
  });

  it('scores every rule and prints precision and recall', () => {
    const result = evaluate(CORPUS, parser);
    assert.ok(result.programs >= 6 && result.files >= 6, `only ${result.programs} programs`);
    assert.equal(result.scores.length, RULE_IDS.length);
    const expectedTotal = result.scores.reduce((n, s) => n + s.truePositives + s.falseNegatives, 0);
    assert.ok(expectedTotal >= RULE_IDS.length, 'every rule has at least one expected finding');
    console.log(formatEvaluation(result));
  });
});
