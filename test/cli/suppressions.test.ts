// Suppression comments end to end: the CLI honours them, and reports the ones that suppress nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LEAKY_BODY, LEAKY_BODY_LINE, makeWorkspace, removeWorkspace, runCli, type JsonReport } from './run-cli';

/** LEAKY_BODY with `comment` appended to its leaking line, or inserted above it when `above`. */
function withComment(comment: string, above = false): string {
  const lines = LEAKY_BODY.split('\n');
  const i = LEAKY_BODY_LINE - 1;
  if (above) lines.splice(i, 0, `\t${comment}`);
  else lines[i] += ` ${comment}`;
  return lines.join('\n');
}

let ws: string;
before(() => {
  ws = makeWorkspace({
    'trailing/main.go': withComment('//nolint:leaklens/unclosed-body'),
    'list/main.go': withComment('//nolint:errcheck,leaklens/unclosed-body // closed by the caller'),
    'blanket/main.go': withComment('//nolint:leaklens'),
    'above/main.go': withComment('//leaklens:ignore unclosed-body the caller drains and closes it', true),
    'doc/main.go': LEAKY_BODY.replace('func fetch', '// fetch is short-lived.\n//\n//nolint:leaklens/unclosed-body\nfunc fetch'),
    'other-rule/main.go': withComment('//nolint:leaklens/unclosed-file'),
    'unused/main.go': 'package main\n\nfunc main() {\n\tx := 1 //nolint:leaklens/unclosed-body\n\t_ = x\n}\n',
  });
});
after(() => removeWorkspace(ws));

async function check(folder: string, extra: string[] = []): Promise<{ code: number | null; report: JsonReport }> {
  const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-body,unclosed-file,unused-suppression', ...extra, folder], ws);
  assert.equal(r.stderr, '', `${folder}: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

describe('suppressions through the CLI', () => {
  for (const folder of ['trailing', 'list', 'blanket', 'above', 'doc']) {
    it(`${folder}: the finding is suppressed and the exit code is 0`, async () => {
      const { code, report } = await check(folder);
      assert.deepEqual(report.findings, []);
      assert.equal(code, 0);
    });
  }

  it('a suppression of another rule leaves the finding and is itself reported as unused', async () => {
    const { code, report } = await check('other-rule');
    assert.deepEqual(report.findings.map((f) => [f.line, f.rule, f.severity]), [
      [LEAKY_BODY_LINE, 'unclosed-body', report.findings[0]?.severity],
      [LEAKY_BODY_LINE, 'unused-suppression', 'hint'],
    ]);
    assert.equal(code, 1);
  });

  it('an unused suppression is a hint finding (exit 1) unless unused-suppression is disabled', async () => {
    const { code, report } = await check('unused');
    assert.equal(code, 1);
    assert.equal(report.findings.length, 1);
    const [hint] = report.findings;
    assert.deepEqual([hint.line, hint.column, hint.rule, hint.severity], [4, 18, 'unused-suppression', 'hint']);
    const disabled = await check('unused', ['--disable', 'unused-suppression']);
    assert.deepEqual(disabled.report.findings, []);
    assert.equal(disabled.code, 0);
  });
});
