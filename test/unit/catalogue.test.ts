// One rule catalogue: the modules in server/src/analysis/rules are the table. Everything else about the rules is derived
// from them and checked here: the `leaklens.rules` settings in package.json and the README's rule table are exactly what
// the modules say (`npm run catalogue` rewrites both), and each rule has its doc page, its fixture folder and eval cases.
// Adding a rule therefore touches its module, docs/rules/<id>.md and test/fixtures/rules/<id>/ (and eval cases).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules, isRuleId, RULE_IDS } from '../../server/src/analysis/registry';
import type { Rule } from '../../server/src/analysis/rule';
import { UNUSED_SUPPRESSION } from '../../server/src/analysis/types';
import { parseWants } from './wants';

const REPO = path.resolve(__dirname, '../../..');
const RULES_DIR = path.join(REPO, 'server/src/analysis/rules');
const UPDATE = process.env.LEAKLENS_UPDATE_CATALOGUE === '1';
const SEVERITY_SETTING = ['error', 'warning', 'information', 'hint', 'off'];
const TABLE_HEADER = '| Rule | Default | Finds |\n|---|---|---|\n';
const RULES_SECTION_END = '<!-- /section: rules -->';

function settingOf(rule: Rule): Record<string, unknown> {
  return {
    type: 'string',
    enum: SEVERITY_SETTING,
    description:
      rule.defaultSeverity === 'off'
        ? `Severity of ${rule.id}, off by default (set a severity to turn it on): ${rule.summary}`
        : `Severity of ${rule.id} (default ${rule.defaultSeverity}), or "off": ${rule.summary}`,
  };
}

function tableRow(rule: Rule): string {
  return `| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.defaultSeverity} | ${rule.summary.replace(/\|/g, '\\|')} |`;
}

/** package.json with `leaklens.rules.properties` generated from the modules. */
function expectedManifest(text: string): string {
  const manifest = JSON.parse(text) as { contributes: { configuration: { properties: Record<string, { properties?: unknown }> } } };
  manifest.contributes.configuration.properties['leaklens.rules'].properties = Object.fromEntries(allRules.map((r) => [r.id, settingOf(r)]));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** README.md with the rule table (the one table under "| Rule | Default | Finds |") generated from the modules. */
function expectedReadme(text: string): string {
  const start = text.indexOf(TABLE_HEADER);
  assert.ok(start >= 0 && start < text.indexOf(RULES_SECTION_END), 'README.md has the rule table in its rules section');
  const bodyStart = start + TABLE_HEADER.length;
  const bodyEnd = text.indexOf('\n\n', bodyStart);
  return `${text.slice(0, bodyStart)}${allRules.map(tableRow).join('\n')}${text.slice(bodyEnd)}`;
}

function checkGenerated(file: string, expected: (text: string) => string): void {
  const full = path.join(REPO, file);
  const text = fs.readFileSync(full, 'utf8');
  const want = expected(text);
  if (UPDATE && want !== text) fs.writeFileSync(full, want);
  assert.equal(text, UPDATE ? text : want, `${file} is out of date with the rule modules: run npm run catalogue`);
}

function goFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? goFilesUnder(p) : e.name.endsWith('.go') ? [p] : [];
  });
}

function wantedRulesUnder(dir: string): Set<string> {
  return new Set(goFilesUnder(dir).flatMap((f) => parseWants(fs.readFileSync(f, 'utf8')).map((w) => w.rule)));
}

describe('rule catalogue', () => {
  it('is the rule modules: one rule per file in rules/, its id the file name', () => {
    const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.replace(/\.ts$/, ''));
    assert.deepEqual([...RULE_IDS], [...files].sort());
    assert.deepEqual(new Set(RULE_IDS).size, RULE_IDS.length, 'ids are unique');
    for (const id of RULE_IDS) assert.ok(isRuleId(id));
    assert.ok(!isRuleId(UNUSED_SUPPRESSION), 'the unused-suppression hint is not a rule');
    for (const rule of allRules) assert.doesNotMatch(rule.summary, /`/, `${rule.id}: the summary is plain text (SARIF, hovers, settings)`);
  });

  it('package.json has one leaklens.rules setting per rule, generated from the modules', () => {
    checkGenerated('package.json', expectedManifest);
  });

  it("the README's rule table lists every rule, generated from the modules", () => {
    checkGenerated('README.md', expectedReadme);
  });

  it('every rule has a doc page with a "Why" section, and every page a rule', () => {
    const pages = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), [...RULE_IDS]);
    for (const id of RULE_IDS) {
      assert.match(fs.readFileSync(path.join(REPO, 'docs/rules', `${id}.md`), 'utf8'), /^##+ Why/m, `docs/rules/${id}.md explains why`);
    }
  });

  it('every rule has a fixture folder that expects its findings, and every folder a rule', () => {
    const fixtures = path.join(REPO, 'test/fixtures/rules');
    const folders = fs.readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    assert.deepEqual(folders.sort(), [...RULE_IDS]);
    for (const id of RULE_IDS) assert.ok(wantedRulesUnder(path.join(fixtures, id)).has(id), `test/fixtures/rules/${id} has a // want "${id}"`);
  });

  it('every rule has eval cases in test/eval/corpus', () => {
    const wanted = wantedRulesUnder(path.join(REPO, 'test/eval/corpus'));
    assert.deepEqual(RULE_IDS.filter((id) => !wanted.has(id)), []);
  });

  it('// want carries an optional message regexp after the rule id', () => {
    const wants = parseWants('x := 1 // want "unclosed-body" "^resp\\.Body is \\"not\\" closed" "no-timeout"\n\ny // want "lost-cancel"');
    assert.deepEqual(
      wants.map((w) => [w.line, w.rule, w.message?.source]),
      [
        [1, 'unclosed-body', '^resp\\.Body is "not" closed'],
        [1, 'no-timeout', undefined],
        [3, 'lost-cancel', undefined],
      ],
    );
    assert.ok(wants[0].message?.test('resp.Body is "not" closed on every path'));
    assert.throws(() => parseWants('// want "unclosed-body" "a" "b"'), /two message regexps/);
  });
});
