// source.fixAll.leaklens as the code-action handler builds it: the first fix of each finding in document order, an edit
// shared by two fixes (the same import) applied once, a fix that overlaps one already taken left for the next run, and
// unused-suppression hints never removed unasked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionParams } from 'vscode-languageserver';
import type { Finding, Range, TextEdit } from '../../server/src/analysis/types';
import { FIX_ALL_KIND, leakLensCodeActions } from '../../server/src/lsp/go/codeActions';

const uri = 'file:///fixall/main.go';
const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });
const span = (line: number, from: number, to: number): Range => ({ start: { line, character: from }, end: { line, character: to } });
const importTime: TextEdit = { range: at(3, 0), newText: '\t"time"\n' };

function finding(rule: Finding['rule'], line: number, edits: TextEdit[]): Finding {
  return { rule, severity: 'warning', message: 'm', range: span(line, 1, 5), related: [], fixes: [{ title: `fix ${line}`, edits }] };
}

function fixAll(doc: TextDocument, findings: Finding[], only: string[]): ReturnType<typeof leakLensCodeActions> {
  const params: CodeActionParams = { textDocument: { uri }, range: at(0, 0), context: { diagnostics: [], only } };
  return leakLensCodeActions(doc, params, findings);
}

describe('source.fixAll.leaklens', () => {
  const doc = TextDocument.create(uri, 'go', 1, Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n'));

  it('takes one fix per finding, shares identical edits, skips overlapping ones and leaves suppressions alone', () => {
    const findings = [
      finding('no-timeout', 9, [importTime, { range: span(9, 0, 4), newText: 'LATE' }]),
      finding('no-timeout', 6, [importTime, { range: span(6, 0, 4), newText: 'EARLY' }]),
      finding('unclosed-body', 7, [{ range: span(6, 2, 6), newText: 'CLASH' }]),
      finding('unused-suppression', 10, [{ range: span(10, 0, 6), newText: '' }]),
    ];
    const [action] = fixAll(doc, findings, ['source.fixAll']);
    assert.equal(action.kind, FIX_ALL_KIND);
    assert.deepEqual(action.edit?.changes?.[uri], [importTime, { range: span(6, 0, 4), newText: 'EARLY' }, { range: span(9, 0, 4), newText: 'LATE' }]);
  });

  it('answers only when asked for it (or for source actions), and not when nothing is fixable', () => {
    const findings = [finding('no-timeout', 6, [importTime])];
    assert.equal(fixAll(doc, findings, ['source']).length, 1);
    assert.equal(fixAll(doc, findings, ['source.organizeImports']).length, 0);
    assert.equal(fixAll(doc, findings, ['quickfix']).length, 0);
    assert.equal(fixAll(doc, [finding('unused-suppression', 6, [importTime])], [FIX_ALL_KIND]).length, 0);
  });
});
