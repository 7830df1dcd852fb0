// The real-code corpus (corpus.json) and its hand-made verdicts (verdicts.jsonl): loading, checking their shape, the
// split rule that assigns each module to a half, and the precision figures computed from the verdicts. Shared by
// `npm run eval:real` (which needs the module proxy) and the CI test (which does not).
import * as fs from 'node:fs';

export const HALVES = ['tuning', 'held-out'] as const;
export type Half = (typeof HALVES)[number];

export const VERDICTS = ['true', 'false', 'debatable'] as const;
export type VerdictValue = (typeof VERDICTS)[number];

export interface CorpusModule {
  /** Module path without version, e.g. github.com/restic/restic. */
  module: string;
  version: string;
  kind: string;
  half: Half;
  goFiles: number;
  /** Newline count of the non-test .go files the CLI analyses (see the manifest's `lines`). */
  lines: number;
}

export interface Corpus {
  split: { rule: string; alreadySeen: string[] };
  modules: CorpusModule[];
  totals: { lines: number; tuning: number; heldOut: number };
}

/** One reviewed finding. `module` is `path@version`; `file` is relative to the module root. */
export interface Verdict {
  module: string;
  file: string;
  line: number;
  rule: string;
  verdict: VerdictValue;
  reason: string;
}

/** A finding of `leaklens check --format json`, located in a corpus module. */
export interface CorpusFinding {
  module: string;
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

/**
 * The split rule of the manifest (since round 2), applied mechanically: a module the team has already seen is tuning; any
 * other module (those added in the newest round, before any was analysed) is held-out. Round 1 split by the first hex digit of
 * sha256(module path); its held-out half was reviewed, as was round 2's, so both rounds are in alreadySeen now.
 */
export function halfBySplitRule(modulePath: string, alreadySeen: readonly string[]): Half {
  return alreadySeen.includes(modulePath) ? 'tuning' : 'held-out';
}

export function loadCorpus(file: string): Corpus {
  const corpus = JSON.parse(fs.readFileSync(file, 'utf8')) as Corpus;
  if (!Array.isArray(corpus.modules) || !Array.isArray(corpus.split?.alreadySeen)) {
    throw new Error(`${file}: needs "modules" and "split.alreadySeen" arrays`);
  }
  return corpus;
}

/** `path@version` of a corpus module, the form verdicts use. */
export function moduleAtVersion(m: CorpusModule): string {
  return `${m.module}@${m.version}`;
}

/** The identity of a finding across runs: the same module, file, line and rule. */
export function findingKey(f: { module: string; file: string; line: number; rule: string }): string {
  return `${f.module}|${f.file}|${f.line}|${f.rule}`;
}

const VERDICT_KEYS = ['module', 'file', 'line', 'rule', 'verdict', 'reason'] as const;

/** Parses verdicts.jsonl; every problem is reported with its line number, and a bad line is left out. */
export function parseVerdicts(text: string): { verdicts: Verdict[]; problems: string[] } {
  const verdicts: Verdict[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const where = `verdicts.jsonl:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push(`${where}: not JSON (${(err as Error).message})`);
      return;
    }
    const problem = verdictShapeProblem(value);
    if (problem !== undefined) {
      problems.push(`${where}: ${problem}`);
      return;
    }
    const verdict = value as Verdict;
    const key = findingKey(verdict);
    if (seen.has(key)) {
      problems.push(`${where}: a second verdict for ${key}`);
      return;
    }
    seen.add(key);
    verdicts.push(verdict);
  });
  return { verdicts, problems };
}

function verdictShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join() !== [...VERDICT_KEYS].sort().join()) return `keys must be exactly ${VERDICT_KEYS.join(', ')}`;
  if (typeof record.module !== 'string' || !/^[^@\s]+@v\S+$/.test(record.module)) return 'module must be path@version';
  if (typeof record.file !== 'string' || !/^[^/\s][^\s]*\.go$/.test(record.file) || record.file.includes('..')) {
    return 'file must be a relative .go path';
  }
  if (/_test\.go$/.test(record.file)) return 'test files are outside the corpus';
  if (!Number.isInteger(record.line) || (record.line as number) < 1) return 'line must be a positive integer';
  if (typeof record.rule !== 'string' || !/^[a-z][a-z-]*$/.test(record.rule)) return 'rule must be a rule id';
  if (!(VERDICTS as readonly unknown[]).includes(record.verdict)) return `verdict must be one of ${VERDICTS.join(', ')}`;
  if (typeof record.reason !== 'string' || record.reason.trim() === '' || /[\r\n]/.test(record.reason)) {
    return 'reason must be one non-empty line';
  }
  return undefined;
}

export interface RuleScore {
  rule: string;
  findings: number;
  true: number;
  debatable: number;
  false: number;
  unreviewed: number;
}

export interface HalfScore {
  half: Half;
  modules: number;
  lines: number;
  total: RuleScore;
  rules: RuleScore[];
  unreviewed: CorpusFinding[];
  /** Findings still reported that were judged false. */
  stillFalse: CorpusFinding[];
}

/** Scores the findings of one half against the verdicts; debatable counts as not true. */
export function scoreHalf(half: Half, modules: readonly CorpusModule[], findings: readonly CorpusFinding[], verdicts: readonly Verdict[]): HalfScore {
  const byKey = new Map(verdicts.map((v) => [findingKey(v), v]));
  const rules = new Map<string, RuleScore>();
  const total = emptyScore('all');
  const unreviewed: CorpusFinding[] = [];
  const stillFalse: CorpusFinding[] = [];
  for (const finding of findings) {
    const score = rules.get(finding.rule) ?? emptyScore(finding.rule);
    rules.set(finding.rule, score);
    const verdict = byKey.get(findingKey(finding));
    for (const s of [score, total]) {
      s.findings++;
      if (verdict === undefined) s.unreviewed++;
      else s[verdict.verdict]++;
    }
    if (verdict === undefined) unreviewed.push(finding);
    else if (verdict.verdict === 'false') stillFalse.push(finding);
  }
  return {
    half,
    modules: modules.length,
    lines: modules.reduce((n, m) => n + m.lines, 0),
    total,
    rules: [...rules.values()].sort((a, b) => b.findings - a.findings || a.rule.localeCompare(b.rule)),
    unreviewed,
    stillFalse,
  };
}

function emptyScore(rule: string): RuleScore {
  return { rule, findings: 0, true: 0, debatable: 0, false: 0, unreviewed: 0 };
}

/** Share of reviewed findings judged true, or undefined when none is reviewed. */
export function precision(score: RuleScore): number | undefined {
  const reviewed = score.true + score.debatable + score.false;
  return reviewed === 0 ? undefined : score.true / reviewed;
}

export function formatHalfScore(score: HalfScore): string {
  const percent = (s: RuleScore): string => {
    const p = precision(s);
    return p === undefined ? '–' : `${(p * 100).toFixed(0)} %`;
  };
  const row = (s: RuleScore): string =>
    `  ${s.rule.padEnd(22)} ${String(s.findings).padStart(4)} ${String(s.true).padStart(5)} ${String(s.debatable).padStart(5)} ` +
    `${String(s.false).padStart(5)} ${String(s.unreviewed).padStart(6)}  ${percent(s)}`;
  const lines = [
    `== ${score.half} half: ${score.modules} modules, ${score.lines.toLocaleString('en-US')} non-test lines of Go`,
    `  ${'rule'.padEnd(22)} ${'found'.padStart(4)} ${'true'.padStart(5)} ${'debat'.padStart(5)} ${'false'.padStart(5)} ${'unrev'.padStart(6)}  precision (debatable = not true)`,
    ...score.rules.map(row),
    row(score.total),
    `  findings per 1,000 lines: ${score.lines === 0 ? '–' : ((score.total.findings * 1000) / score.lines).toFixed(2)}`,
  ];
  const list = (title: string, findings: readonly CorpusFinding[]): void => {
    lines.push(`  ${title}: ${findings.length}`);
    for (const f of findings) lines.push(`    ${f.module} ${f.file}:${f.line} [${f.rule}/${f.severity}] ${f.message}`);
  };
  list('not yet reviewed', score.unreviewed);
  list('judged false and still reported', score.stillFalse);
  return lines.join('\n');
}
