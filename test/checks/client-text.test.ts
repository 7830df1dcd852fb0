// What the VS Code client shows for check results, from its pure parts: codicons (no emoji), inline marks, the
// Markdown of view tooltips, and which results reach the Problems panel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeSpan, escapeMarkdown, inlineResult, resultTooltip, statusBarText } from '../../client/src/checks/outcome-text';
import { problemEntries } from '../../client/src/checks/problems';
import type { CheckResult } from '../../server/src/protocol/checks';

const EMOJI = /\p{Extended_Pictographic}\uFE0F|[\u{1F000}-\u{1FAFF}]|\u2705|\u274C/u;

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'c1',
    name: 'api-up',
    method: 'GET',
    url: 'http://127.0.0.1:18601/fail-fast',
    outcome: 'failed',
    status: null,
    latencyMs: 3,
    error: 'DNS lookup failed',
    redirects: 0,
    failedAssertions: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    anchor: {
      uri: 'file:///w/main.go',
      range: { start: { line: 5, character: 18 }, end: { line: 5, character: 40 } },
      blockRange: { start: { line: 4, character: 0 }, end: { line: 6, character: 0 } },
    },
    ...overrides,
  };
}

describe('check results in the editor', () => {
  it('uses codicons in the status bar and text marks inline, never emoji', () => {
    assert.equal(statusBarText({ healthy: 5, unhealthy: 1, failed: 0 }, false), '$(pass) 5 $(warning) 1 $(error) 0');
    assert.equal(statusBarText({ healthy: 1, unhealthy: 0, failed: 0 }, true), '$(pulse) $(pass) 1 $(warning) 0 $(error) 0');
    assert.equal(inlineResult(result({ outcome: 'healthy', status: 200, error: null, latencyMs: 43 })), '✓ 200 · 43 ms');
    assert.equal(inlineResult(result()), '✗ DNS lookup failed');
    for (const text of [statusBarText({ healthy: 1, unhealthy: 1, failed: 1 }, true), inlineResult(result()), inlineResult(result({ outcome: 'unhealthy', status: 503 }))]) {
      assert.doesNotMatch(text, EMOJI);
    }
  });

  it('writes URLs in tooltips as code spans, unescaped; prose is escaped only where Markdown needs it', () => {
    const tooltip = resultTooltip(result({ failedAssertions: ['body does not contain "a_b"'] }), '1/1/2026, 00:00:00');
    assert.match(tooltip, /`GET http:\/\/127\.0\.0\.1:18601\/fail-fast`/);
    assert.doesNotMatch(tooltip, /127\\\.|\\-/);
    assert.match(tooltip, /- body does not contain "a\\_b"/);
    assert.equal(codeSpan('a `b` c'), '``a `b` c``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(escapeMarkdown('1.5-2 (ok)'), '1.5-2 (ok)');
    assert.equal(escapeMarkdown('*bold* <b>'), '\\*bold\\* \\<b\\>');
  });

  it('keeps check results out of Problems unless the setting is on, and then only as information about failures', () => {
    const latest = [result(), result({ id: 'c2', outcome: 'healthy', status: 200, error: null }), result({ id: 'c3', anchor: undefined })];
    assert.deepEqual(problemEntries(latest, false), []);
    const entries = problemEntries(latest, true);
    assert.deepEqual(entries.map((e) => [e.uri, e.range.start.line, e.code, e.message]), [
      ['file:///w/main.go', 4, 'health-check', 'Health check "api-up" failed: DNS lookup failed'],
    ]);
  });
});
