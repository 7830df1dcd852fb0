import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSnippet } from './expand-snippet';

test('placeholders become their defaults, bare tab stops and variables disappear', () => {
  assert.equal(expandSnippet('func ${1:name}() { $0 }'), 'func name() {  }');
  assert.equal(expandSnippet('${1:outer ${2:inner}} $TM_FILENAME ${TM_SELECTED_TEXT}'), 'outer inner  ');
  assert.equal(expandSnippet('${1|first,second|}'), 'first');
  assert.equal(expandSnippet('\\$1 and \\} stay'), '$1 and } stay');
});

test('a malformed snippet is an error, not a silent wrong expansion', () => {
  assert.throws(() => expandSnippet('${1:never closed'), /unclosed/);
  assert.throws(() => expandSnippet('${1|a,b'), /unclosed choice/);
  assert.throws(() => expandSnippet('${:x}'), /cannot read/);
});
