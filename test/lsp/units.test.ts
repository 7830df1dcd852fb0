// Unit tests of the server's small parts: globs and exclusion, settings validation, incremental tree upkeep,
// the doc-page paragraph reader and the diagnostics scheduler's clean-up.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { GoAnalyzer } from '../../server/src/analysis/analyzer';
import { DiagnosticsScheduler } from '../../server/src/lsp/diagnosticsScheduler';
import { DocumentStore } from '../../server/src/lsp/documents';
import { globToRegExp, matchesAnyGlob } from '../../server/src/lsp/glob';
import { isExcluded, isExcludedFolder } from '../../server/src/lsp/go/exclusion';
import { GoTrees } from '../../server/src/lsp/go/goTrees';
import { firstParagraphUnder } from '../../server/src/analysis/ruleDocs';
import { DEFAULT_EXCLUDE, parseSettings } from '../../server/src/lsp/settings';
import { LEAKY_POLLER } from './goSources';

describe('glob matching', () => {
  const cases: [string, string, boolean][] = [
    ['**/vendor/**', 'vendor/x/a.go', true],
    ['**/vendor/**', '/home/u/proj/vendor/a.go', true],
    ['**/vendor/**', 'myvendor/a.go', false],
    ['gen/**', 'gen/deep/a.go', true],
    ['gen/**', 'src/gen/a.go', false],
    ['*.go', 'a.go', true],
    ['*.go', 'dir/a.go', false],
    ['**/*_gen.go', 'a/b/c_gen.go', true],
    ['**/*_gen.go', 'c_gen.go', true],
    ['a?.go', 'ab.go', true],
    ['a?.go', 'a/.go', false],
    ['**/{mocks,fakes}/**', 'x/fakes/f.go', true],
    ['**/{mocks,fakes}/**', 'x/stubs/f.go', false],
    ['[ab].go', 'b.go', true],
    ['[!ab].go', 'b.go', false],
    ['file(1).go', 'file(1).go', true],
    ['a.go', 'aXgo', false],
  ];
  for (const [glob, path, expected] of cases) {
    test(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(glob).test(path), expected);
    });
  }
  test('unbalanced brackets are literal, not an error', () => {
    assert.equal(matchesAnyGlob('a[b.go', ['a[b.go']), true);
    assert.equal(matchesAnyGlob('a{b.go', ['a{b.go']), true);
  });
});

describe('exclusion', () => {
  test('relative to a workspace folder or absolute', () => {
    assert.equal(isExcluded('/w/gen/a.go', ['/w'], ['gen/**']), true);
    assert.equal(isExcluded('/w/src/gen/a.go', ['/w'], ['gen/**']), false);
    assert.equal(isExcluded('/w/src/gen/a.go', ['/w'], ['**/gen/**']), true);
    assert.equal(isExcluded('/elsewhere/gen/a.go', ['/w'], ['gen/**']), false);
    assert.equal(isExcluded('/w/a.go', ['/w'], []), false);
  });
  test('a folder is skipped only when everything below it is excluded', () => {
    assert.equal(isExcludedFolder('/w/gen', ['/w'], ['gen/**']), true);
    assert.equal(isExcludedFolder('/w/gen', ['/w'], ['gen/*.go']), false);
  });
});

describe('settings', () => {
  test('defaults', () => {
    const s = parseSettings(undefined);
    assert.deepEqual(s.rules, {});
    assert.deepEqual(s.exclude, DEFAULT_EXCLUDE);
    assert.equal(s.maxFileSize, 2_000_000);
  });
  test('valid values are taken, invalid ones reported and replaced by defaults', () => {
    const problems: string[] = [];
    const s = parseSettings(
      { rules: { 'lost-cancel': 'off', 'unclosed-body': 'error', 'no-such-rule': 'off', waitgroup: 'loud' }, exclude: 'x', maxFileSize: -1 },
      problems,
    );
    assert.deepEqual(s.rules, { 'lost-cancel': 'off', 'unclosed-body': 'error' });
    assert.deepEqual(s.exclude, DEFAULT_EXCLUDE);
    assert.equal(s.maxFileSize, 2_000_000);
    assert.equal(problems.length, 4, problems.join('; '));
  });
});

describe('incremental syntax trees', () => {
  /** Deterministic pseudo-random numbers, so a failure can be replayed. */
  function prng(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return x / 2 ** 31;
    };
  }

  test('after many random incremental edits the reused tree equals a fresh parse', async () => {
    const analyzer = await GoAnalyzer.create();
    const store = new DocumentStore();
    const trees = new GoTrees(analyzer);
    store.onDocument(trees);
    const uri = 'file:///t/a.go';
    try {
      store.open({ textDocument: { uri, languageId: 'go', version: 1, text: LEAKY_POLLER } });
      trees.treeFor(store.get(uri)!);
      const random = prng(42);
      const snippets = ['x', '\n', 'é', '😀', '}', 'go f()\n', 'defer t.Stop()\n\t', ''];
      for (let version = 2; version < 120; version++) {
        const doc = store.get(uri)!;
        const text = doc.getText();
        const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const a = Math.floor(random() * (text.length + 1));
          const b = Math.min(text.length, a + Math.floor(random() * 8));
          return { range: { start: doc.positionAt(a), end: doc.positionAt(b) }, text: snippets[Math.floor(random() * snippets.length)] };
        });
        store.change({ textDocument: { uri, version }, contentChanges: changes });
        if (version % 3 !== 0) continue; // several edits accumulate on one tree before it is reparsed
        const incremental = trees.treeFor(store.get(uri)!);
        const fresh = analyzer.parse(store.get(uri)!.getText());
        try {
          assert.equal(incremental.rootNode.toString(), fresh.rootNode.toString(), `after version ${version}`);
        } finally {
          fresh.delete();
        }
      }
      assert.ok(trees.incrementalParses >= 39, `reparsed incrementally ${trees.incrementalParses} times`);
      store.close(uri);
      assert.equal(trees.size, 0, 'the tree of a closed document is deleted');
    } finally {
      trees.dispose();
      analyzer.dispose();
    }
  });

  test('a full-text change drops the tree instead of editing it', async () => {
    const analyzer = await GoAnalyzer.create();
    const store = new DocumentStore();
    const trees = new GoTrees(analyzer);
    store.onDocument(trees);
    try {
      store.open({ textDocument: { uri: 'u', languageId: 'go', version: 1, text: LEAKY_POLLER } });
      trees.treeFor(store.get('u')!);
      store.change({ textDocument: { uri: 'u', version: 2 }, contentChanges: [{ text: 'package x\n' }] });
      assert.equal(trees.size, 0);
      assert.equal(trees.treeFor(store.get('u')!).rootNode.toString(), '(source_file (package_clause (package_identifier)))');
    } finally {
      trees.dispose();
      analyzer.dispose();
    }
  });
});

describe('rule page paragraphs', () => {
  test('the first paragraph under the "Why" heading, up to the next blank line or heading', () => {
    const page = '# rule\n\nWhat.\n\n## Why it matters\n\nA long-running program\nruns out of sockets.\n\nMore.\n## Fix\n';
    assert.equal(firstParagraphUnder(page, /^#{2,3}\s+why\b/i), 'A long-running program runs out of sockets.');
    assert.equal(firstParagraphUnder('# rule\n\nNo such section.\n', /^#{2,3}\s+why\b/i), undefined);
  });
});

describe('diagnostics scheduler', () => {
  test('debounces per document, answers pulls with the current version, and leaves no timer after dispose', async () => {
    const store = new DocumentStore();
    store.open({ textDocument: { uri: 'a', languageId: 'go', version: 1, text: 'one' } });
    let runs = 0;
    const scheduler = new DiagnosticsScheduler(
      async (doc) => {
        runs++;
        return [{ message: doc.getText(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
      },
      (uri) => store.get(uri),
      undefined,
      20,
    );
    const token = new CancellationTokenSource();
    try {
      for (let i = 0; i < 5; i++) scheduler.schedule('a');
      store.change({ textDocument: { uri: 'a', version: 2 }, contentChanges: [{ text: 'two' }] });
      const diagnostics = await scheduler.pull('a', token.token);
      assert.deepEqual(diagnostics.map((d) => d.message), ['two']);
      assert.equal(runs, 1, 'five schedules within the quiet period run once');
      scheduler.schedule('a');
      assert.equal(scheduler.pendingCount, 1);
      scheduler.dispose();
      assert.equal(scheduler.pendingCount, 0);
    } finally {
      scheduler.dispose();
      token.dispose();
    }
  });
});
