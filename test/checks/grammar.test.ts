// The TextMate grammar of *.checks files, tokenized by vscode-textmate + vscode-oniguruma (the engine VS Code uses):
// the tokens of a sample covering every construct must match the reviewed snapshot.
// Regenerate after an intended grammar change: LEAKLENS_UPDATE_SNAPSHOTS=1 node --test out/test/checks/grammar.test.js
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'healthchecks.tmLanguage.json');
const SAMPLE = path.join(ROOT, 'test', 'checks', 'fixtures', 'grammar-sample.checks');
const SNAPSHOT = path.join(ROOT, 'test', 'checks', 'fixtures', 'grammar-sample.tokens.json');

/** One line per entry: each token as "text => most specific scope" (the root scope dropped). */
type Snapshot = string[][];

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.healthchecks' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const grammar = await registry.loadGrammar('source.healthchecks');
  if (!grammar) throw new Error('the healthchecks grammar did not load');
  return grammar;
}

function tokenize(grammar: textmate.IGrammar, text: string): Snapshot {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((t) => `${line.slice(t.startIndex, t.endIndex)} => ${t.scopes.slice(1).join(' ') || '-'}`)
      .filter((t) => !t.startsWith(' =>'));
  });
}

describe('healthchecks TextMate grammar', () => {
  let grammar: textmate.IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('tokenizes the sample exactly as the snapshot says', () => {
    const actual = tokenize(grammar, fs.readFileSync(SAMPLE, 'utf8'));
    if (process.env.LEAKLENS_UPDATE_SNAPSHOTS === '1') fs.writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 1)}\n`);
    assert.deepEqual(actual, JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')));
  });

  it('gives each construct its scope', () => {
    const scopesOf = (line: string): string => tokenize(grammar, line).flat().join(' | ');
    assert.match(scopesOf('### api health'), /api health => entity\.name\.section\.healthchecks/);
    assert.match(scopesOf('# note'), /comment\.line\.number-sign/);
    assert.match(scopesOf('// note'), /comment\.line\.double-slash/);
    assert.match(scopesOf('GET https://x.example/a'), /GET => meta\.request\.healthchecks keyword\.other\.http-method/);
    assert.match(scopesOf('GET https://x.example/a'), /https:\/\/x\.example\/a => meta\.request\.healthchecks markup\.underline\.link/);
    assert.match(scopesOf('@var base = x'), /base => variable\.other\.definition/);
    assert.match(scopesOf('@timeout 2s'), /2s => constant\.numeric\.duration/);
    assert.match(scopesOf('@nope'), /@nope => invalid\.illegal\.directive/);
    assert.match(scopesOf('GET {{env:TOKEN}}/x'), /TOKEN => meta\.request\.healthchecks markup\.underline\.link\.url\.healthchecks variable\.other\.env/);
  });

  it('colours header lines as headers but the same text in a body as body', () => {
    const tokens = tokenize(grammar, 'GET https://x.example/\nX-Key: v\n\nX-Key: v\n');
    assert.ok(tokens[1].some((t) => t.startsWith('X-Key => meta.request.healthchecks support.type.property-name.header')), tokens[1].join());
    assert.ok(tokens[3].every((t) => !t.includes('property-name')), tokens[3].join());
    assert.ok(tokens[3].some((t) => t.includes('meta.embedded.body')), tokens[3].join());
  });
});
