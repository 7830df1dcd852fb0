// The fixture harness for every rule: each .go file under test/fixtures/rules/** is analysed together with the other
// files of its folder (same package: helpers are followed one call deep), with the Go version of the nearest go.mod.
// The reported (line, rule) pairs must equal the file's `// want "<rule-id>"` comments exactly.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile, summarizeFile, type FileSummary } from '../../server/src/analysis/analyzer';
import { findGoVersion } from '../../server/src/analysis/gomod';
import { createGoParser, type Parser, type Tree } from '../../server/src/analysis/parser';
import type { Finding } from '../../server/src/analysis/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');
const WANT = /\/\/\s*want((?:\s+"[^"]+")+)/;

function goFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return goFilesUnder(p);
    return e.name.endsWith('.go') ? [p] : [];
  });
}

/** "12 unclosed-body" for every want on every (1-based) line. */
function wantsOf(text: string): Set<string> {
  const wants = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const m = WANT.exec(line);
    if (!m) return;
    for (const rule of m[1].matchAll(/"([^"]+)"/g)) wants.add(`${i + 1} ${rule[1]}`);
  });
  return wants;
}

function describeMismatch(file: string, findings: Finding[], wants: Set<string>): string {
  const got = new Set(findings.map((f) => `${f.range.start.line + 1} ${f.rule}`));
  const lines = [`${path.relative(process.cwd(), file)}:`];
  for (const w of wants) if (!got.has(w)) lines.push(`  missing:    line ${w.replace(' ', ': ')}`);
  for (const f of findings) {
    const key = `${f.range.start.line + 1} ${f.rule}`;
    if (!wants.has(key)) lines.push(`  unexpected: line ${f.range.start.line + 1}: ${f.rule}: ${f.message}`);
  }
  return lines.join('\n');
}

let parser: Parser;
before(async () => {
  parser = await createGoParser();
});
after(() => parser.delete());

const files = goFilesUnder(FIXTURES).sort();
const byFolder = new Map<string, string[]>();
for (const f of files) byFolder.set(path.dirname(f), [...(byFolder.get(path.dirname(f)) ?? []), f]);

describe('rule fixtures', () => {
  it('has fixtures to check', () => {
    assert.ok(files.length > 0, `no .go files under ${FIXTURES}`);
  });

  for (const [folder, folderFiles] of byFolder) {
    describe(path.relative(FIXTURES, folder), () => {
      for (const file of folderFiles) {
        it(path.basename(file), () => {
          const trees: Tree[] = [];
          try {
            const siblings: FileSummary[] = [];
            for (const other of folderFiles) {
              if (other === file) continue;
              const text = fs.readFileSync(other, 'utf8');
              const tree = parser.parse(text)!;
              trees.push(tree);
              siblings.push(summarizeFile({ path: other, text, tree }));
            }
            const text = fs.readFileSync(file, 'utf8');
            const tree = parser.parse(text)!;
            trees.push(tree);
            const findings = analyzeFile({ path: file, text, tree }, { goVersion: findGoVersion(folder) }, siblings);
            const wants = wantsOf(text);
            const got = new Set(findings.map((f) => `${f.range.start.line + 1} ${f.rule}`));
            assert.ok(
              got.size === wants.size && [...wants].every((w) => got.has(w)),
              describeMismatch(file, findings, wants),
            );
          } finally {
            for (const t of trees) t.delete();
          }
        });
      }
    });
  }
});
