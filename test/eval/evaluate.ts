// Accuracy of the rule catalogue on the eval corpus: every folder under corpus/ is one Go package (a realistic automation
// program), analysed like the language server does (siblings summarised, Go version from go.mod). Expectations are the
// `// want "<rule-id>"` comments on the offending lines; anything else a rule reports is a false positive.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, summarizeFile, type FileSummary } from '../../server/src/analysis/analyzer';
import { findGoVersion } from '../../server/src/analysis/gomod';
import type { Parser, Tree } from '../../server/src/analysis/parser';
import { everyRuleOn, RULE_IDS } from '../../server/src/analysis/registry';
import type { RuleId } from '../../server/src/analysis/types';
import { parseWants } from '../unit/wants';

export interface RuleScore {
  rule: RuleId;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Miss {
  kind: 'false positive' | 'false negative';
  file: string;
  line: number;
  rule: RuleId;
  message?: string;
}

export interface Evaluation {
  programs: number;
  files: number;
  lines: number;
  scores: RuleScore[];
  misses: Miss[];
}

/** (line, rule) pairs of the `// want` comments (test/unit/wants.ts); lines are 1-based. */
export function expectationsOf(text: string): Array<{ line: number; rule: string }> {
  return parseWants(text).map(({ line, rule }) => ({ line, rule }));
}

function programsIn(corpus: string): string[] {
  return fs
    .readdirSync(corpus, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(corpus, e.name))
    .sort();
}

export function evaluate(corpus: string, parser: Parser): Evaluation {
  const scores = new Map<RuleId, RuleScore>(RULE_IDS.map((rule) => [rule, { rule, truePositives: 0, falsePositives: 0, falseNegatives: 0 }]));
  const misses: Miss[] = [];
  let files = 0;
  let lines = 0;
  const programs = programsIn(corpus);
  for (const program of programs) {
    const goFiles = fs.readdirSync(program).filter((f) => f.endsWith('.go')).sort().map((f) => path.join(program, f));
    const trees: Tree[] = [];
    try {
      const parsed = goFiles.map((file) => {
        const text = fs.readFileSync(file, 'utf8');
        const tree = parser.parse(text);
        if (!tree) throw new Error(`tree-sitter returned no tree for ${file}`);
        trees.push(tree);
        return { path: file, text, tree };
      });
      const summaries: FileSummary[] = parsed.map((f) => summarizeFile(f));
      const goVersion = findGoVersion(program);
      for (const [i, file] of parsed.entries()) {
        files++;
        lines += file.text.split('\n').length;
        const relative = path.relative(corpus, file.path);
        // Rules off by default (allocation hints) are turned on: recall is measured for every rule.
        const findings = analyzeFile(file, { goVersion, rules: everyRuleOn() }, summaries.filter((_, j) => j !== i));
        const expected = new Set(expectationsOf(file.text).map((e) => `${e.line} ${e.rule}`));
        const reported = new Set<string>();
        for (const f of findings) {
          if (!scores.has(f.rule as RuleId)) continue; // e.g. unused-suppression hints: not a rule
          const key = `${f.range.start.line + 1} ${f.rule}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const score = scores.get(f.rule as RuleId)!;
          if (expected.has(key)) score.truePositives++;
          else {
            score.falsePositives++;
            misses.push({ kind: 'false positive', file: relative, line: f.range.start.line + 1, rule: f.rule as RuleId, message: f.message });
          }
        }
        for (const key of expected) {
          if (reported.has(key)) continue;
          const [line, rule] = [Number(key.split(' ')[0]), key.split(' ')[1] as RuleId];
          const score = scores.get(rule);
          if (!score) throw new Error(`${relative}:${line}: unknown rule id in want: ${rule}`);
          score.falseNegatives++;
          misses.push({ kind: 'false negative', file: relative, line, rule });
        }
      }
    } finally {
      for (const t of trees) t.delete();
    }
  }
  return { programs: programs.length, files, lines, scores: [...scores.values()], misses };
}

const percent = (n: number, d: number): string => (d === 0 ? '   –' : `${((100 * n) / d).toFixed(0).padStart(3)}%`);

/** The table `npm run eval` prints: precision and recall per rule, then totals and every miss. */
export function formatEvaluation(e: Evaluation): string {
  const rows = [`Eval corpus: ${e.programs} programs, ${e.files} files, ${e.lines} lines`, '', `${'rule'.padEnd(22)}  TP  FP  FN  precision  recall`];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of e.scores) {
    tp += s.truePositives;
    fp += s.falsePositives;
    fn += s.falseNegatives;
    rows.push(
      `${s.rule.padEnd(22)} ${String(s.truePositives).padStart(3)} ${String(s.falsePositives).padStart(3)} ${String(s.falseNegatives).padStart(3)}  ${percent(s.truePositives, s.truePositives + s.falsePositives).padStart(9)}  ${percent(s.truePositives, s.truePositives + s.falseNegatives).padStart(6)}`,
    );
  }
  rows.push(`${'all rules'.padEnd(22)} ${String(tp).padStart(3)} ${String(fp).padStart(3)} ${String(fn).padStart(3)}  ${percent(tp, tp + fp).padStart(9)}  ${percent(tp, tp + fn).padStart(6)}`);
  if (e.misses.length > 0) {
    rows.push('', 'Misses:');
    for (const m of e.misses) rows.push(`  ${m.kind}: ${m.file}:${m.line}: ${m.rule}${m.message ? `: ${m.message}` : ''}`);
  }
  return rows.join('\n');
}
