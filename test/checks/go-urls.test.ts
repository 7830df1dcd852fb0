// URL discovery in Go code: which string literals and slice literals get "▶ Check" lenses, parsed by the real
// tree-sitter Go grammar.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Parser } from '../../server/src/analysis/parser';
import { createGoParser } from '../../server/src/analysis/parser';
import { findGoUrls, isCheckableUrl, type GoUrls } from '../../server/src/checks/go-urls';

describe('URL discovery in Go', () => {
  let parser: Parser;
  before(async () => {
    parser = await createGoParser();
  });
  after(() => parser.delete());

  function discover(body: string): GoUrls {
    const tree = parser.parse(`package main\n\nfunc main() {\n${body}\n}\n`)!;
    try {
      return findGoUrls(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
  const compact = (found: GoUrls) => ({
    single: found.single.map((u) => [u.url, u.range.start.line, u.range.start.character]),
    lists: found.lists.map((l) => [l.urls.map((u) => u.url), l.range.start.line]),
  });

  it('finds a one-line URL slice as one list, its elements sharing the list lens', () => {
    assert.deepEqual(compact(discover('\turls := []string{"https://a.example/health", "https://b.example/status/500"}')), {
      single: [],
      lists: [[['https://a.example/health', 'https://b.example/status/500'], 3]],
    });
  });

  it('finds a multi-line URL list once: its elements are not also single URLs (one lens, one palette entry each)', () => {
    const found = discover('\turls := [...]string{\n\t\t"http://a.example/",\n\t\t`https://b.example/x`,\n\t}');
    assert.deepEqual(compact(found), {
      single: [],
      lists: [[['http://a.example/', 'https://b.example/x'], 3]],
    });
  });

  it('finds single literals anywhere: calls, constants, struct fields', () => {
    const found = discover('\tconst base = "https://api.example.com"\n\t_, _ = http.Get("http://127.0.0.1:8080/healthz")\n\t_ = T{URL: "https://x.example/a?b=c%20d"}');
    assert.deepEqual(compact(found).single.map((s) => s[0]), ['https://api.example.com', 'http://127.0.0.1:8080/healthz', 'https://x.example/a?b=c%20d']);
  });

  it('skips format strings, bare prefixes, other schemes, mixed slices and strings with spaces', () => {
    const found = discover(
      [
        '\t_ = fmt.Sprintf("https://%s/health", host)',
        '\t_ = "https://"',
        '\t_ = "ftp://files.example/"',
        '\t_ = "see https://docs.example/ for more"',
        '\t_ = []string{"https://a.example/", "not a url"}',
        '\t_ = []int{1, 2}',
      ].join('\n'),
    );
    // The mixed slice is not a URL list, but its URL element is still a URL of its own.
    assert.deepEqual(compact(found), { single: [['https://a.example/', 7, 14]], lists: [] });
  });

  it('decodes escapes the way Go does for the common cases', () => {
    assert.deepEqual(compact(discover('\t_ = "https://a.example/\\u00e9t\\u00e9"')).single.map((s) => s[0]), ['https://a.example/été']);
  });

  it('judges URLs', () => {
    assert.equal(isCheckableUrl('https://a.example/x'), true);
    assert.equal(isCheckableUrl('HTTP://A.EXAMPLE'), true);
    assert.equal(isCheckableUrl('https://a.example/%zz'), false);
    assert.equal(isCheckableUrl('https://'), false);
    assert.equal(isCheckableUrl('https://a b'), false);
    assert.equal(isCheckableUrl('mailto:x@y'), false);
  });
});
