// Every quick fix against golden files. Each test/fixtures/rules/<rule-id>/quickfix/<case>.go is analysed as the language
// server does (analyzeFile, findingToDiagnostic), each diagnostic's preferred code action is taken from the server's own
// code-action handler and applied as a client applies a WorkspaceEdit; the result must equal <case>.go.golden, and so
// must `source.fixAll.leaklens` on the same file. The golden files must be gofmt-clean and pass `go vet`, and re-analysed
// they report fewer findings. Every rule that offers a fix in its fixtures has golden cases.
// LEAKLENS_UPDATE_GOLDEN=1 rewrites the golden files (then read the diff before committing it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { analyzeFile, summarizeFile, type FileSummary } from '../../server/src/analysis/analyzer';
import { createGoParser, type Parser } from '../../server/src/analysis/parser';
import { allRules, everyRuleOn } from '../../server/src/analysis/registry';
import type { Finding } from '../../server/src/analysis/types';
import { FIX_ALL_KIND, leakLensCodeActions } from '../../server/src/lsp/go/codeActions';
import { findingToDiagnostic } from '../../server/src/lsp/go/toDiagnostic';

const run = promisify(execFile);
const RULE_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');
const UPDATE = process.env.LEAKLENS_UPDATE_GOLDEN === '1';
const GO_TIMEOUT_MS = 180_000;

interface GoldenCase {
  rule: string;
  input: string;
  golden: string;
}

function goldenCases(): GoldenCase[] {
  return fs.readdirSync(RULE_FIXTURES).flatMap((rule) => {
    const dir = path.join(RULE_FIXTURES, rule, 'quickfix');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .sort()
      .map((f) => ({ rule, input: path.join(dir, f), golden: path.join(dir, `${f}.golden`) }));
  });
}

let parser: Parser;
let workDir: string;
before(async () => {
  parser = await createGoParser();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-golden-'));
});
after(() => {
  parser.delete();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function analyze(filePath: string, text: string, siblings: readonly FileSummary[] = []): Finding[] {
  const tree = parser.parse(text)!;
  try {
    return analyzeFile({ path: filePath, text, tree }, { rules: everyRuleOn() }, siblings);
  } finally {
    tree.delete();
  }
}

function summaries(files: readonly string[]): FileSummary[] {
  return files.map((f) => {
    const text = fs.readFileSync(f, 'utf8');
    const tree = parser.parse(text)!;
    try {
      return summarizeFile({ path: f, text, tree });
    } finally {
      tree.delete();
    }
  });
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `${action.title}: plain text edits for the document`);
  return edits;
}

/** The preferred quick fix the LSP code-action handler offers for the first fixable diagnostic, if any. */
function firstPreferredFix(doc: TextDocument, findings: readonly Finding[]): CodeAction | undefined {
  for (const diagnostic of findings.map((f) => findingToDiagnostic(f, doc.uri))) {
    const actions = leakLensCodeActions(doc, { textDocument: { uri: doc.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }, findings);
    const preferred = actions.find((a) => a.isPreferred);
    if (preferred) return preferred;
  }
  return undefined;
}

/**
 * As a user does it: apply the preferred fix of the first fixable diagnostic, let the server analyse the new text, and
 * again until nothing is fixable (at most once per original finding).
 */
function applyQuickFixes(filePath: string, doc: TextDocument, findings: readonly Finding[]): { text: string; titles: string[] } {
  const titles: string[] = [];
  let current = doc;
  let currentFindings = findings;
  for (let round = 0; round <= findings.length; round++) {
    const fix = firstPreferredFix(current, currentFindings);
    if (!fix) return { text: current.getText(), titles };
    assert.ok(round < findings.length, `a fix keeps offering fixes: ${fix.title}`);
    titles.push(fix.title);
    const text = TextDocument.applyEdits(current, editsOf(fix, current.uri));
    current = TextDocument.create(current.uri, 'go', current.version + 1, text);
    currentFindings = analyze(filePath, text);
  }
  return { text: current.getText(), titles };
}

function applyFixAll(doc: TextDocument, findings: readonly Finding[]): string {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = leakLensCodeActions(doc, { textDocument: { uri: doc.uri }, range, context: { diagnostics: [], only: [FIX_ALL_KIND] } }, findings);
  assert.equal(actions.length, 1, 'one fix-all action');
  return TextDocument.applyEdits(doc, editsOf(actions[0], doc.uri));
}

const cases = goldenCases();

describe('quick fixes against golden files', () => {
  it('has golden cases, each with its .go.golden', () => {
    assert.ok(cases.length > 0);
    if (UPDATE) return;
    for (const c of cases) assert.ok(fs.existsSync(c.golden), `missing ${path.relative(RULE_FIXTURES, c.golden)} (LEAKLENS_UPDATE_GOLDEN=1 writes it)`);
  });

  for (const c of cases) {
    it(`${c.rule}/quickfix/${path.basename(c.input)}`, () => {
      const text = fs.readFileSync(c.input, 'utf8');
      const findings = analyze(c.input, text);
      const doc = TextDocument.create(pathToFileURL(c.input).href, 'go', 1, text);
      const { text: fixed, titles } = applyQuickFixes(c.input, doc, findings);
      assert.ok(titles.length > 0, `no quick fix offered in ${path.basename(c.input)}`);
      for (const title of titles) assert.doesNotMatch(title, /`/, 'fix titles are plain text');
      if (UPDATE) fs.writeFileSync(c.golden, fixed);
      assert.equal(fixed, fs.readFileSync(c.golden, 'utf8'), `quick fixes (${titles.join('; ')}) differ from the golden file`);
      assert.equal(applyFixAll(doc, findings), fixed, 'source.fixAll.leaklens gives the same file');
      const remaining = analyze(c.input, fixed);
      assert.ok(remaining.length < findings.length, `still reported after the fix:\n${remaining.map((f) => f.message).join('\n')}`);
      assert.ok(!remaining.some((f) => f.fixes.length > 0), 'nothing fixable is left');
    });
  }

  it('offers no unclosed-body fix where any fix would close twice or before the error is known', () => {
    const closedInBranch = `package main

import "net/http"

func get(client *http.Client, url string) (int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		return 204, nil
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, resp.Body.Close()
}
`;
    const checkedInSwitch = `package main

import "net/http"

func classify(client *http.Client, url string) string {
	resp, err := client.Get(url)
	switch {
	case err != nil:
		return "down"
	case resp.StatusCode >= 500:
		return "failing"
	}
	resp.Body.Close()
	return "up"
}
`;
    for (const source of [closedInBranch, checkedInSwitch]) {
      const findings = analyze('/fixture/main.go', source).filter((f) => f.rule === 'unclosed-body');
      assert.equal(findings.length, 1, 'the leak is reported');
      assert.deepEqual(findings[0].fixes, [], 'but no fix is offered');
    }
  });

  it('every golden file is gofmt-clean and passes go vet', async () => {
    fs.writeFileSync(path.join(workDir, 'go.mod'), 'module golden\n\ngo 1.22\n');
    cases.forEach((c, i) => {
      const dir = path.join(workDir, `case${i}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(c.golden, path.join(dir, 'main.go'));
    });
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    const gofmt = await run('gofmt', ['-l', '.'], { cwd: workDir, env, timeout: GO_TIMEOUT_MS });
    const unformatted = gofmt.stdout.trim().split('\n').filter(Boolean).map((f) => cases[Number(/case(\d+)/.exec(f)![1])].golden);
    assert.deepEqual(unformatted, [], 'gofmt would change these golden files');
    await run('go', ['vet', './...'], { cwd: workDir, env, timeout: GO_TIMEOUT_MS }).catch((err: { stderr?: string }) => {
      const stderr = (err.stderr ?? String(err)).replace(/case(\d+)/g, (_, i: string) => path.relative(RULE_FIXTURES, cases[Number(i)].golden));
      assert.fail(`go vet failed:\n${stderr}`);
    });
  });

  it('every rule that offers a quick fix in its fixtures has golden cases', () => {
    const withGolden = new Set(cases.map((c) => c.rule));
    for (const rule of allRules) {
      const dir = path.join(RULE_FIXTURES, rule.id);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.go')).map((f) => path.join(dir, f));
      const fixable = files.some((f, i) => {
        const siblings = summaries(files.filter((_, j) => j !== i));
        return analyze(f, fs.readFileSync(f, 'utf8'), siblings).some((finding) => finding.rule === rule.id && finding.fixes.length > 0);
      });
      if (fixable) assert.ok(withGolden.has(rule.id), `${rule.id} offers quick fixes but has no ${rule.id}/quickfix/*.go golden cases`);
    }
  });
});
