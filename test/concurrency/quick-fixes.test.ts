// The quick fixes of the concurrency rules (buffer the result channel, move wg.Add before go, defer wg.Done(), fix the
// Add count) produce code that gofmt leaves alone, that `go vet` accepts, and that the rule no longer reports.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import type { Rule } from '../../server/src/analysis/rule';
import { severityWhenOn } from '../../server/src/analysis/registry';
import { rule as chanBlocked } from '../../server/src/analysis/rules/chan-blocked';
import { rule as waitgroup } from '../../server/src/analysis/rules/waitgroup';
import type { Finding, Position, TextEdit } from '../../server/src/analysis/types';

const run = promisify(execFile);
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');
const GO_TIMEOUT_MS = 120_000;

let parser: Parser;
let workDir: string;
before(async () => {
  parser = await createGoParser();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-fixes-'));
});
after(() => {
  parser.delete();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function findingsOf(rule: Rule, text: string): Finding[] {
  const tree = parser.parse(text)!;
  try {
    const findings: Finding[] = [];
    rule.check({
      file: { text, tree },
      report: (f) => findings.push({ related: [], fixes: [], ...f, rule: rule.id, severity: f.severity ?? severityWhenOn(rule) }),
    });
    return findings;
  } finally {
    tree.delete();
  }
}

function offsetOf(lines: string[], at: Position): number {
  let offset = 0;
  for (let i = 0; i < at.line; i++) offset += lines[i].length + 1;
  return offset + at.character;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const located = edits.map((e) => ({ start: offsetOf(lines, e.range.start), end: offsetOf(lines, e.range.end), newText: e.newText }));
  located.sort((a, b) => b.start - a.start);
  for (let i = 1; i < located.length; i++) assert.ok(located[i].end <= located[i - 1].start, 'fix edits overlap');
  let result = text;
  for (const e of located) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

async function goCheck(fileName: string, source: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(workDir, 'mod-'));
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module fixcheck\n\ngo 1.22\n');
  fs.writeFileSync(path.join(dir, fileName), source);
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  const gofmt = await run('gofmt', ['-l', '.'], { cwd: dir, env, timeout: GO_TIMEOUT_MS });
  assert.equal(gofmt.stdout.trim(), '', `gofmt would change the fixed ${fileName}:\n${source}`);
  await run('go', ['vet', '.'], { cwd: dir, env, timeout: GO_TIMEOUT_MS }).catch((err: { stderr?: string }) => {
    assert.fail(`go vet failed on the fixed ${fileName}: ${err.stderr ?? String(err)}`);
  });
}

const cases: { rule: Rule; fixture: string; expectedFixes: number }[] = [
  { rule: chanBlocked, fixture: 'chan-blocked/health_timeouts.go', expectedFixes: 4 },
  { rule: waitgroup, fixture: 'waitgroup/health_fanout.go', expectedFixes: 4 },
];

describe('concurrency quick fixes', () => {
  for (const { rule, fixture, expectedFixes } of cases) {
    it(`${rule.id}: fixes in ${fixture} are gofmt-clean, vet-clean and remove their findings`, async () => {
      const original = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8');
      const before = findingsOf(rule, original);
      const fixable = before.filter((f) => f.fixes.length > 0);
      assert.equal(fixable.length, expectedFixes, `fixable findings: ${fixable.map((f) => f.range.start.line + 1).join(', ')}`);

      const fixed = applyEdits(original, fixable.flatMap((f) => f.fixes[0].edits));
      await goCheck(path.basename(fixture), fixed);

      const remaining = findingsOf(rule, fixed);
      assert.equal(remaining.length, before.length - fixable.length, `still reported after the fixes:\n${remaining.map((f) => f.message).join('\n')}`);
    });
  }

  it('go vet itself reports the unfixed waitgroup fixture (the check above is not vacuous)', async () => {
    const original = fs.readFileSync(path.join(FIXTURES, 'waitgroup/health_fanout.go'), 'utf8');
    await assert.rejects(goCheck('health_fanout.go', original), /WaitGroup\.Add called from inside new goroutine/);
  });
});
