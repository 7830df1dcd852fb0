// Mutation fuzzing of the whole analysis: real Go files are broken the ways editing breaks them (tokens and lines
// deleted, duplicated, swapped; text truncated), then parsed and run through every rule and the suppressions.
// A failure is an exception, a finding whose range lies outside the document, or one input whose analysis takes over
// the time limit (a generous guard against hangs, not a speed budget). Deterministic for a given seed and corpus.
// Shared by fuzz.test.ts (a small count) and fuzz-main.ts (`npm run fuzz`, 100,000 inputs).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readGoSource, walkGoFiles } from '../../server/src/analysis/files';
import { summarizeFile } from '../../server/src/analysis/analyzer';
import { PackageSummaries } from '../../server/src/analysis/engine/summaries';
import { createGoParser } from '../../server/src/analysis/parser';
import { allResourceKinds, allRules, severityWhenOn } from '../../server/src/analysis/registry';
import type { GoFile } from '../../server/src/analysis/rule';
import { applySuppressions } from '../../server/src/analysis/suppressions';
import type { Finding, RuleId } from '../../server/src/analysis/types';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Go sources to mutate. */
  corpus: readonly string[];
  timeLimitMs?: number;
  onProgress?: (done: number) => void;
}

export interface FuzzFailure {
  /** Which input (0-based) of the run; with the seed and corpus it reproduces the failure. */
  index: number;
  problem: string;
  input: string;
}

export interface FuzzResult {
  inputs: number;
  failures: FuzzFailure[];
  slowestMs: number;
  totalMs: number;
}

/** At most this many failures are kept with their inputs; the count goes on. */
const KEPT_FAILURES = 20;

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  if (options.corpus.length === 0) throw new Error('the fuzz corpus is empty');
  const timeLimitMs = options.timeLimitMs ?? 1000;
  const random = seededRandom(options.seed);
  const parser = await createGoParser();
  const result: FuzzResult = { inputs: 0, failures: [], slowestMs: 0, totalMs: 0 };
  let failureCount = 0;
  try {
    for (let index = 0; index < options.count; index++) {
      const original = options.corpus[Math.floor(random() * options.corpus.length)];
      const input = mutate(original, random);
      const start = performance.now();
      const problems: string[] = [];
      try {
        const tree = parser.parse(input);
        if (!tree) throw new Error('no tree');
        try {
          problems.push(...analyzeChecked({ path: `fuzz-${index}.go`, text: input, tree }));
        } finally {
          tree.delete();
        }
      } catch (err) {
        problems.push(`exception: ${describe(err)}`);
      }
      const ms = performance.now() - start;
      if (ms > timeLimitMs) problems.push(`took ${ms.toFixed(0)} ms (limit ${timeLimitMs} ms)`);
      result.slowestMs = Math.max(result.slowestMs, ms);
      result.totalMs += ms;
      result.inputs++;
      for (const problem of problems) {
        failureCount++;
        if (result.failures.length < KEPT_FAILURES) result.failures.push({ index, problem, input });
      }
      if (index % 1000 === 999) options.onProgress?.(index + 1);
    }
  } finally {
    parser.delete();
  }
  if (failureCount > result.failures.length) {
    result.failures.push({ index: -1, problem: `… and ${failureCount - result.failures.length} more failures`, input: '' });
  }
  return result;
}

/** Every rule, one at a time so that an exception names its rule (analyzeFile would swallow it), then suppressions. */
function analyzeChecked(file: GoFile): string[] {
  const problems: string[] = [];
  const findings: Finding[] = [];
  const ranRules = new Set<RuleId>();
  const lineCount = file.text.split('\n').length;
  let packageSummaries: PackageSummaries;
  try {
    // What a sibling file would get from this one; analyzeFile builds the same PackageSummaries.
    summarizeFile(file);
    packageSummaries = new PackageSummaries(file, [], allResourceKinds);
  } catch (err) {
    return [`summarizeFile: exception: ${describe(err)}`];
  }
  for (const rule of allRules) {
    try {
      rule.check({
        file,
        goVersion: { major: 1, minor: 22 },
        packageSummaries,
        report: (f) => {
          const { start, end } = f.range;
          const inside = start.line >= 0 && end.line < lineCount && (start.line < end.line || start.character <= end.character);
          if (!inside) problems.push(`${rule.id}: finding range ${JSON.stringify(f.range)} is outside the document`);
          findings.push({ related: [], fixes: [], severity: severityWhenOn(rule), ...f, rule: rule.id });
        },
      });
      ranRules.add(rule.id);
    } catch (err) {
      problems.push(`${rule.id}: exception: ${describe(err)}`);
    }
  }
  applySuppressions(file, findings, { ranRules });
  return problems;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` : String(err);
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /\s+|[A-Za-z_]\w*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|:=|<-|&&|\|\||\.\.\.|[^\s]/g;

type Mutation = (text: string, random: () => number) => string;

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

function onTokens(change: (tokens: string[], random: () => number) => void): Mutation {
  return (text, random) => {
    const tokens = text.match(TOKEN) ?? [];
    if (tokens.length > 1) change(tokens, random);
    return tokens.join('');
  };
}

function onLines(change: (lines: string[], random: () => number) => void): Mutation {
  return (text, random) => {
    const lines = text.split('\n');
    if (lines.length > 1) change(lines, random);
    return lines.join('\n');
  };
}

const randomIndex = (items: readonly unknown[], random: () => number): number => Math.floor(random() * items.length);

/** The mutations editing produces: each removes, repeats or moves a token or a line, or cuts the file short. */
const MUTATIONS: Mutation[] = [
  onTokens((t, r) => void t.splice(randomIndex(t, r), 1)),
  onTokens((t, r) => {
    const i = randomIndex(t, r);
    t.splice(i, 0, t[i]);
  }),
  onTokens((t, r) => {
    const i = randomIndex(t, r);
    const j = r() < 0.5 ? Math.min(t.length - 1, i + 1) : randomIndex(t, r);
    [t[i], t[j]] = [t[j], t[i]];
  }),
  onLines((l, r) => void l.splice(randomIndex(l, r), 1)),
  onLines((l, r) => {
    const i = randomIndex(l, r);
    l.splice(i, 0, l[i]);
  }),
  onLines((l, r) => {
    const i = randomIndex(l, r);
    const j = randomIndex(l, r);
    [l[i], l[j]] = [l[j], l[i]];
  }),
  (text, random) => text.slice(0, Math.floor(random() * text.length)),
];

/** One to three mutations of `text`. */
export function mutate(text: string, random: () => number): string {
  let out = text;
  const rounds = 1 + Math.floor(random() * 3);
  for (let i = 0; i < rounds; i++) out = pick(MUTATIONS, random)(out, random);
  return out;
}

export interface CorpusOptions {
  /** Folders whose .go files are all taken (examples, fixtures). */
  folders: readonly string[];
  /** Take every n-th file of $(go env GOROOT)/src, at most this many; 0: none. */
  gorootSample: number;
  /** Files over this many bytes are left out, to keep each input fast to analyse. */
  maxBytes: number;
}

/** Real Go sources to mutate, in a stable order. */
export async function loadCorpus(options: CorpusOptions): Promise<string[]> {
  const corpus: string[] = [];
  const take = async (file: string): Promise<boolean> => {
    const source = await readGoSource(file, options.maxBytes);
    if (source.kind === 'text') corpus.push(source.text);
    return source.kind === 'text';
  };
  for (const folder of options.folders) {
    for await (const file of walkGoFiles(folder)) await take(file);
  }
  if (options.gorootSample > 0) {
    const src = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', timeout: 30_000 }).trim(), 'src');
    let seen = 0;
    let taken = 0;
    for await (const file of walkGoFiles(src)) {
      if (taken >= options.gorootSample) break;
      if (seen++ % 10 === 0 && (await take(file))) taken++;
    }
  }
  return corpus;
}
