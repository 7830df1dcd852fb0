// A small, deterministic fuzz run (the CI-sized one; `npm run fuzz` runs 100,000 inputs): no rule throws, reports a
// range outside the document, or takes over a second on any mutated input.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../cli/run-cli';
import { loadCorpus, mutate, runFuzz, seededRandom } from './fuzz';

const COUNT = 2_000;
const SEED = 20261127;

describe('fuzz', () => {
  it('mutations are deterministic for a seed, and change the input', () => {
    const text = 'package main\n\nfunc main() {\n\tresp, err := http.Get(u)\n\t_ = resp\n}\n';
    const a = Array.from({ length: 20 }, ((r) => () => mutate(text, r))(seededRandom(7)));
    const b = Array.from({ length: 20 }, ((r) => () => mutate(text, r))(seededRandom(7)));
    assert.deepEqual(a, b);
    assert.ok(a.filter((m) => m !== text).length >= 15, 'most mutations change the text');
  });

  it(`analyses ${COUNT} mutated real Go files with every rule: no exception, no range outside the file, none over 1 s`, async () => {
    const corpus = await loadCorpus({
      folders: [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures')],
      gorootSample: 60,
      maxBytes: 12_000,
    });
    assert.ok(corpus.length >= 50, `corpus of ${corpus.length} files`);
    const result = await runFuzz({ count: COUNT, seed: SEED, corpus });
    assert.equal(result.inputs, COUNT);
    const report = result.failures.map((f) => `#${f.index}: ${f.problem}\n--- input ---\n${f.input.slice(0, 2000)}`);
    assert.deepEqual(report, []);
  });
});
