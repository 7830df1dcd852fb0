// The client's gopls de-duplication rule (client/src/goplsDuplicates.ts), on diagnostics shaped like VS Code's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goplsLostCancelLines, withoutGoplsDuplicates, type DiagnosticLike } from '../../client/src/goplsDuplicates';

const at = (line: number, d: Omit<DiagnosticLike, 'range'>): DiagnosticLike => ({ ...d, range: { start: { line } } });
const oursLostCancel = (line: number): DiagnosticLike =>
  at(line, { source: 'leaklens', code: { value: 'lost-cancel' } });

describe('gopls de-duplication', () => {
  test("hides our lost-cancel on a line where gopls's lostcancel analyzer reports (recent gopls: code \"default\")", () => {
    const gopls = at(10, { source: 'lostcancel', code: { value: 'default' } });
    const ours = [oursLostCancel(10), oursLostCancel(20)];
    assert.deepEqual(withoutGoplsDuplicates(ours, [gopls, ...ours]), [oursLostCancel(20)]);
  });

  test('older gopls without a code is recognised by its source too', () => {
    assert.deepEqual(withoutGoplsDuplicates([oursLostCancel(3)], [at(3, { source: 'lostcancel' })]), []);
  });

  test('other rules on the same line and other sources stay', () => {
    const ours = [at(10, { source: 'leaklens', code: { value: 'unclosed-body' } }), oursLostCancel(10)];
    assert.deepEqual(withoutGoplsDuplicates(ours, [at(10, { source: 'compiler', code: 'UnusedVar' })]), ours);
    assert.deepEqual(withoutGoplsDuplicates(ours, [at(10, { source: 'lostcancel' })]), [ours[0]]);
  });

  test('the change key lists the lines carrying gopls lostcancel, sorted and unique', () => {
    assert.equal(goplsLostCancelLines([at(9, { source: 'lostcancel' }), at(2, { source: 'lostcancel' }), at(9, { source: 'lostcancel' }), oursLostCancel(4)]), '2,9');
    assert.equal(goplsLostCancelLines([]), '');
  });
});
