// The fixture harness for every rule: each .go file under test/fixtures/rules/** is analysed together with the other
// files of its folder (same package helpers), the files of the module packages it imports (a fixture folder with a
// go.mod holding several packages), and the Go version of the nearest go.mod.
// The reported (line, rule) pairs must equal the file's `// want "<rule-id>"` comments exactly, a finding's message must
// match the want's message regexp when it has one (`// want "<rule-id>" "<regexp>"`, see wants.ts), and what a finding
// says (message, related locations, fix titles) is plain text: editors show it without rendering markdown.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFile, forImporters, summarizeFile, type FileSummary } from '../../server/src/analysis/analyzer';
import { everyRuleOn } from '../../server/src/analysis/registry';
import { moduleTestCode } from '../../server/src/analysis/flow/test-code';
import { modulePackageGraph, type ModulePackageNode } from '../../server/src/analysis/module-graph';
import { findGoVersion } from '../../server/src/analysis/gomod';
import { createGoParser, type Parser, type Tree } from '../../server/src/analysis/parser';
import type { Finding } from '../../server/src/analysis/types';
import { parseWants, type Want } from './wants';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

function goFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return goFilesUnder(p);
    return e.name.endsWith('.go') ? [p] : [];
  });
}

/** "12 unclosed-body" for every want on every (1-based) line. */
function wantKeys(wants: readonly Want[]): Set<string> {
  return new Set(wants.map((w) => `${w.line} ${w.rule}`));
}

/** The wants whose message regexp no finding of their rule on their line matches. */
function unmatchedMessages(wants: readonly Want[], findings: readonly Finding[]): string[] {
  return wants
    .filter((w) => w.message && !findings.some((f) => f.range.start.line + 1 === w.line && f.rule === w.rule && w.message!.test(f.message)))
    .map((w) => {
      const got = findings.filter((f) => f.range.start.line + 1 === w.line && f.rule === w.rule).map((f) => f.message);
      return `line ${w.line}: ${w.rule}: no message matches ${String(w.message)}; got ${JSON.stringify(got)}`;
    });
}

/** Markdown in what editors show as plain text (Problems rows, quick-fix titles, related locations). */
function markdownIn(findings: readonly Finding[]): string[] {
  const texts = findings.flatMap((f) => [f.message, ...f.related.map((r) => r.message), ...f.fixes.map((x) => x.title)]);
  return texts.filter((t) => t.includes('`'));
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
let graph: Map<string, ModulePackageNode>;
/** Why a fixture package is test code from its module's other packages, as the CLI, which reads them all, knows. */
let packageTestCode: Map<string, string>;
before(async () => {
  parser = await createGoParser();
  graph = modulePackageGraph(byFolder);
  packageTestCode = moduleTestCode(graph, (folder) => folder === FIXTURES || folder.startsWith(FIXTURES + path.sep));
});

/** The summaries of the module packages `folder` imports, by import path, each file parsed in `trees`. */
function modulePackagesOf(folder: string, trees: Tree[]): Map<string, FileSummary[]> {
  const modulePackages = new Map<string, FileSummary[]>();
  const folderByImport = new Map([...graph].flatMap(([f, node]) => (node.importPath ? [[node.importPath, f] as const] : [])));
  for (const dep of graph.get(folder)?.moduleDeps ?? []) {
    const summaries = (byFolder.get(folderByImport.get(dep)!) ?? []).map((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const tree = parser.parse(text)!;
      trees.push(tree);
      return forImporters(summarizeFile({ path: file, text, tree }));
    });
    modulePackages.set(dep, summaries);
  }
  return modulePackages;
}
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
            // Every rule is checked, those off by default included.
            const settings = { goVersion: findGoVersion(folder), rules: everyRuleOn(), packageTestCode: packageTestCode.get(folder) };
            const findings = analyzeFile({ path: file, text, tree }, settings, siblings, modulePackagesOf(folder, trees));
            const parsed = parseWants(text);
            const wants = wantKeys(parsed);
            const got = new Set(findings.map((f) => `${f.range.start.line + 1} ${f.rule}`));
            assert.ok(
              got.size === wants.size && [...wants].every((w) => got.has(w)),
              describeMismatch(file, findings, wants),
            );
            assert.deepEqual(unmatchedMessages(parsed, findings), [], path.relative(FIXTURES, file));
            assert.deepEqual(markdownIn(findings), [], 'plain text, no markdown backticks');
          } finally {
            for (const t of trees) t.delete();
          }
        });
      }
    });
  }
});
