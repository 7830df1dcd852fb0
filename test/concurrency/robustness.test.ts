// The six concurrency rules never throw on half-typed code: every fixture cut off at many points, with lines dropped,
// and deeply nested code. Rules are called directly (the analyzer would swallow a throw).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import type { Rule } from '../../server/src/analysis/rule';
import { rule as chanBlocked } from '../../server/src/analysis/rules/chan-blocked';
import { rule as goInDefer } from '../../server/src/analysis/rules/go-in-defer';
import { rule as loopIgnoresCtx } from '../../server/src/analysis/rules/loop-ignores-ctx';
import { rule as serverNotShutdown } from '../../server/src/analysis/rules/server-not-shutdown';
import { rule as unboundedSpawn } from '../../server/src/analysis/rules/unbounded-spawn';
import { rule as waitgroup } from '../../server/src/analysis/rules/waitgroup';

const RULES: Rule[] = [chanBlocked, waitgroup, loopIgnoresCtx, serverNotShutdown, unboundedSpawn, goInDefer];
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');
const CUTS_PER_FILE = 150;

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser.delete());

/** Runs every rule over `text`; returns the number of findings. Throws if a rule throws. */
function analyse(text: string): number {
  const tree = parser.parse(text)!;
  let count = 0;
  try {
    for (const rule of RULES) {
      try {
        rule.check({ file: { text, tree }, report: () => count++ });
      } catch (err) {
        throw new Error(`${rule.id} threw on:\n${text.slice(0, 400)}…\n${(err as Error).stack}`);
      }
    }
  } finally {
    tree.delete();
  }
  return count;
}

function fixtureTexts(): { name: string; text: string }[] {
  return RULES.flatMap((r) => {
    const dir = path.join(FIXTURES, r.id);
    return fs.readdirSync(dir).filter((f) => f.endsWith('.go')).map((f) => ({ name: `${r.id}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  });
}

describe('concurrency rules on broken code', () => {
  it('has fixtures for every rule', () => {
    assert.ok(fixtureTexts().length >= RULES.length);
  });

  for (const { name, text } of fixtureTexts()) {
    it(`never throws on ${name} cut short or with lines dropped`, () => {
      const step = Math.max(1, Math.floor(text.length / CUTS_PER_FILE));
      for (let end = 0; end < text.length; end += step) analyse(text.slice(0, end));
      const lines = text.split('\n');
      for (let drop = 0; drop < lines.length; drop += 3) analyse([...lines.slice(0, drop), ...lines.slice(drop + 1)].join('\n'));
      const wanted = RULES.reduce((sum, r) => sum + text.split(`// want "${r.id}"`).length - 1, 0);
      assert.equal(analyse(text), wanted, 'the intact fixture reports exactly its wants');
    });
  }

  it('handles deeply nested loops and closures without overflowing the stack', () => {
    const depth = 300;
    const open = 'for range ticker.C {\ngo func() {\n'.repeat(depth);
    const close = '}()\n}\n'.repeat(depth);
    const text = `package main\n\nimport "time"\n\nfunc main() {\n\tticker := time.NewTicker(time.Second)\n${open}ch := make(chan int)\nch <- 1\n${close}}\n`;
    assert.ok(analyse(text) > 0);
  });
});
