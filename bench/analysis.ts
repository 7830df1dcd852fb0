// The analysis benchmark over Go's standard library: parse-only vs full-analysis speed, per-file latency of big files,
// incremental re-analysis after a one-character edit, and peak memory.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeFile } from '../server/src/analysis/analyzer';
import { PackageSummaries } from '../server/src/analysis/engine/summaries';
import { parsedForSiblings, readGoSource, walkGoFiles } from '../server/src/analysis/files';
import { createGoParser, type Edit, type Parser, type Tree } from '../server/src/analysis/parser';
import { allResourceKinds, allRules } from '../server/src/analysis/registry';
import type { GoFile } from '../server/src/analysis/rule';
import { figure, formatNumber, quantile, section, type BenchOptions } from './figures';

const REANALYSIS_P95_BUDGET_MS = 15;
const RSS_BUDGET_MB = 200;
const BIG_FILE_LINES = 1_000;
const EDITED_FILE_LINES = 2_000;
const EDITS = 60;
const RULE_BUDGET_MS = 2;
const RULE_ROUNDS = 9;

export async function benchAnalysis(options: BenchOptions): Promise<void> {
  const root = path.join(goRoot(), 'src');
  section(`analysis: ${root}, ${allRules.length} rules`);
  const parser = await createGoParser();
  try {
    const throughput = await measureThroughput(parser, root, options.limit);
    const lines = formatNumber(throughput.lines);
    figure('files analysed', `${formatNumber(throughput.files)} (${lines} lines)`);
    figure('generated files too big to parse, left out', formatNumber(throughput.unparsedGenerated));
    figure('parse only', `${formatNumber(throughput.lines / (throughput.parseMs / 1000))} lines/s`);
    figure('full analysis (parse + rules)', `${formatNumber(throughput.lines / (throughput.fullMs / 1000))} lines/s`);
    const ratio = throughput.fullMs / throughput.parseMs;
    // Per file, without the package summaries and the walk: the user's wait is the pipeline benchmark's figure.
    figure('full / parse-only time, per file', `${ratio.toFixed(2)}x`);
    const slowest = [...throughput.ruleMs].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const share = (ms: number): string => `${(ms / throughput.parseMs).toFixed(2)}x`;
    const allRulesMs = [...throughput.ruleMs.values()].reduce((a, b) => a + b, 0);
    figure('rules alone, cold caches (x parse time)', `${share(allRulesMs)} in all`);
    figure('  slowest (first pays shared facts)', slowest.map(([id, ms]) => `${id} ${share(ms)}`).join(', '));
    const big = throughput.bigFileMs;
    figure('slowest file', `${path.relative(root, throughput.slowest.file)} ${throughput.slowest.ms.toFixed(0)} ms`);
    figure('largest file (sets the peak RSS)', `${path.relative(root, throughput.largest.file)} ${formatNumber(throughput.largest.chars)} chars`);
    figure(`analysis of files > ${BIG_FILE_LINES} lines, p50`, `${quantile(big, 0.5).toFixed(1)} ms (n=${big.length})`);
    figure(`analysis of files > ${BIG_FILE_LINES} lines, p95`, `${quantile(big, 0.95).toFixed(1)} ms`);

    if (throughput.editTarget) {
      const edits = measureReanalysis(parser, throughput.editTarget.text);
      const p95 = quantile(edits, 0.95);
      const name = `${path.relative(root, throughput.editTarget.file)} (${throughput.editTarget.lines} lines)`;
      figure('edited file', name);
      const [ruleId, ruleMs] = slowestRule(parser, throughput.editTarget.text);
      figure('slowest rule on it, median of fresh trees', `${ruleId} ${ruleMs.toFixed(2)} ms`, {
        text: `<= ${RULE_BUDGET_MS} ms`,
        within: ruleMs <= RULE_BUDGET_MS,
      });
      figure(`re-analysis after a 1-char edit, p50`, `${quantile(edits, 0.5).toFixed(2)} ms (n=${edits.length})`);
      figure(`re-analysis after a 1-char edit, p95`, `${p95.toFixed(2)} ms`, {
        text: `<= ${REANALYSIS_P95_BUDGET_MS} ms`,
        within: p95 <= REANALYSIS_P95_BUDGET_MS,
      });
    }
  } finally {
    parser.delete();
  }
  const memory = process.memoryUsage();
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  figure('JS heap at the end (without wasm)', mb(memory.heapUsed));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  figure('peak RSS', `${rssMb.toFixed(0)} MB`, { text: `<= ${RSS_BUDGET_MB} MB`, within: rssMb <= RSS_BUDGET_MB });
}

export function goRoot(): string {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch (err) {
    throw new Error(`cannot find Go's standard library: "go env GOROOT" failed (${String(err)})`);
  }
}

interface Throughput {
  files: number;
  /** Generated files too big to parse for their siblings: the product reads only their text. */
  unparsedGenerated: number;
  lines: number;
  parseMs: number;
  fullMs: number;
  bigFileMs: number[];
  /** Time per rule id, summed over all files: where to look when the full analysis is over budget. */
  ruleMs: Map<string, number>;
  slowest: { file: string; ms: number };
  /** The biggest file sets the peak: tree-sitter's wasm memory grows to hold its tree and never shrinks. */
  largest: { file: string; chars: number };
  /** The file closest to EDITED_FILE_LINES lines, for the incremental benchmark. */
  editTarget?: { file: string; text: string; lines: number };
}

/**
 * Each file is parsed twice in a row: once alone, once followed by every rule, so both timings see the same JIT and
 * cache state. Files are read one at a time and dropped, so that RSS measures the analysis and not the corpus.
 */
async function measureThroughput(parser: Parser, root: string, limit = Number.POSITIVE_INFINITY): Promise<Throughput> {
  const result: Throughput = { files: 0, unparsedGenerated: 0, lines: 0, parseMs: 0, fullMs: 0, bigFileMs: [], ruleMs: new Map(), slowest: { file: '', ms: 0 }, largest: { file: '', chars: 0 } };
  for await (const file of walkGoFiles(root)) {
    if (result.files >= limit) break;
    const source = await readGoSource(file);
    if (source.kind === 'skipped') continue;
    const text = source.text;
    // Neither the CLI nor the editor parses these (files.ts parsedForSiblings): their siblings read their text.
    if (!parsedForSiblings(text)) {
      result.unparsedGenerated++;
      continue;
    }
    const lines = countLines(text);

    let start = performance.now();
    parser.parse(text)!.delete();
    result.parseMs += performance.now() - start;

    start = performance.now();
    const tree = parser.parse(text)!;
    analyzeFile({ path: file, text, tree });
    const fullMs = performance.now() - start;
    result.fullMs += fullMs;
    tree.delete();
    timeEachRule(parser, file, text, result.ruleMs);

    result.files++;
    result.lines += lines;
    if (lines > BIG_FILE_LINES) result.bigFileMs.push(fullMs);
    if (fullMs > result.slowest.ms) result.slowest = { file, ms: fullMs };
    if (text.length > result.largest.chars) result.largest = { file, chars: text.length };
    const best = result.editTarget;
    if (!best || Math.abs(lines - EDITED_FILE_LINES) < Math.abs(best.lines - EDITED_FILE_LINES)) {
      result.editTarget = { file, text, lines };
    }
  }
  return result;
}

/**
 * Times each rule alone on a fresh tree, so no cache is warm: the first rule that needs the shared per-file facts
 * (lifecycle, concurrency, pool) pays for them, as the first rule does in analyzeFile.
 */
function timeEachRule(parser: Parser, filePath: string, text: string, ruleMs: Map<string, number>): void {
  const file: GoFile = { path: filePath, text, tree: parser.parse(text)! };
  try {
    const packageSummaries = new PackageSummaries(file, [], allResourceKinds);
    for (const rule of allRules) {
      const start = performance.now();
      try {
        rule.check({ file, packageSummaries, report: () => {} });
      } catch {
        // analyzeFile has already reported the failure; only the time matters here.
      }
      ruleMs.set(rule.id, (ruleMs.get(rule.id) ?? 0) + performance.now() - start);
    }
  } finally {
    file.tree.delete();
  }
}

/**
 * Each rule's median time over fresh trees of `text`, the rules run in analyzeFile's order (a rule that first needs
 * the shared per-file facts pays for them, as it does in the editor); the slowest rule and its time.
 */
function slowestRule(parser: Parser, text: string): [string, number] {
  const times = new Map<string, number[]>();
  for (let round = 0; round < RULE_ROUNDS; round++) {
    const ruleMs = new Map<string, number>();
    timeEachRule(parser, 'edited.go', text, ruleMs);
    for (const [id, ms] of ruleMs) times.set(id, [...(times.get(id) ?? []), ms]);
  }
  const medians = [...times].map(([id, ms]): [string, number] => [id, quantile(ms, 0.5)]);
  return medians.reduce((worst, rule) => (rule[1] > worst[1] ? rule : worst));
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Types one character at a time the way an editor reports it: tree.edit, incremental reparse with the old tree,
 * then every rule over the new tree. Edits alternate between inserting a space at the start of a line and removing
 * it again, so the file stays valid Go and the same size.
 */
function measureReanalysis(parser: Parser, original: string): number[] {
  const timings: number[] = [];
  let text = original;
  let tree: Tree = parser.parse(text)!;
  const lineCount = countLines(text);
  try {
    for (let i = 0; i < EDITS; i++) {
      const line = 1 + ((i >> 1) * 37) % (lineCount - 1);
      const offset = lineStartOffset(text, line);
      const inserting = i % 2 === 0;
      const start = performance.now();
      const newText = inserting ? `${text.slice(0, offset)} ${text.slice(offset)}` : text.slice(0, offset) + text.slice(offset + 1);
      tree.edit(oneCharEdit(offset, line, inserting));
      const newTree = parser.parse(newText, tree)!;
      tree.delete();
      tree = newTree;
      text = newText;
      analyzeFile({ path: 'edited.go', text, tree });
      timings.push(performance.now() - start);
    }
  } finally {
    tree.delete();
  }
  return timings;
}

function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** The tree-sitter edit for inserting or deleting one character at column 0 of `line`. */
function oneCharEdit(offset: number, line: number, inserting: boolean): Edit {
  const at = { row: line, column: 0 };
  const after = { row: line, column: 1 };
  return inserting
    ? { startIndex: offset, oldEndIndex: offset, newEndIndex: offset + 1, startPosition: at, oldEndPosition: at, newEndPosition: after }
    : { startIndex: offset, oldEndIndex: offset + 1, newEndIndex: offset, startPosition: at, oldEndPosition: after, newEndPosition: at };
}
