// Findings that hang on one question the package cannot answer alone: does the exported function K of this package
// (not main), or the exported method K ('.Name') of one of its types, run once per process? Its callers are in
// packages analysed later, so a CLI run records the question with the finding and settles it once every package is
// read (flow/module-callers.ts), without keeping any tree.
// Which findings hang on K is found by judging the file a second time with K taken to run once: those that go away.
import { analyzeFile, type AnalysisSettings, type FileSummary, type ModulePackages } from '../analyzer';
import { askingAcrossPackages } from '../flow/runs-once';
import { ModuleCallers, type PackageCalls } from '../flow/module-callers';
import { scaffoldingFolder } from '../flow/scaffolding';
import { isCommandCode } from '../flow/command-code';
import { RULE_IDS } from '../registry';
import type { GoFile } from '../rule';
import { UNUSED_SUPPRESSION, type Finding } from '../types';
import type { AnalyzedFile, SummarisedFile } from './folder-work';
import type { PackageJob, PackageOutcome } from './package-job';

/** A finding that goes away if the function `fn` of the file's package is proven to run once per process. */
export interface RunsOnceQuestion {
  /** Index in the file's findings. */
  finding: number;
  /** The function's key: its name, or '.' + the name of a method (runs-once.ts keyOf). */
  fn: string;
}

/** The file's findings, and the questions that can still take some of them away. */
export function analyzeAskingCallers(
  file: GoFile,
  settings: AnalysisSettings,
  siblings: readonly FileSummary[],
  modulePackages: ModulePackages | undefined,
): { findings: Finding[]; questions: RunsOnceQuestion[] } {
  const first = askingAcrossPackages(undefined, () => analyzeFile(file, settings, siblings, modulePackages));
  const findings = first.result;
  const questions: RunsOnceQuestion[] = [];
  const judged = findings.filter((f) => f.rule !== UNUSED_SUPPRESSION);
  if (first.asked.size === 0 || judged.length === 0) return { findings, questions };
  // Only the rules that reported can lose a finding: the others are not run again.
  const reporting = new Set(judged.map((f) => f.rule));
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, reporting.has(id) ? settings.rules?.[id] : 'off'])) as AnalysisSettings['rules'];
  for (const fn of first.asked) {
    const kept = new Set(askingAcrossPackages(fn, () => analyzeFile(file, { ...settings, rules }, siblings, modulePackages)).result.map(identity));
    findings.forEach((f, i) => {
      if (f.rule !== UNUSED_SUPPRESSION && !kept.has(identity(f))) questions.push({ finding: i, fn });
    });
  }
  return { findings, questions };
}

function identity(f: Finding): string {
  return JSON.stringify(f);
}

/**
 * The call indexes of a package's program files, for the module-wide callers; undefined if some file is missing. A
 * scaffolding package (an example program, a test harness: scaffolding.ts) runs in processes of its own, like a test:
 * how often it calls the module's functions says nothing of how often the program does, so it gives no call.
 */
export function packageCallsOf(job: PackageJob, summaries: readonly SummarisedFile[]): PackageCalls | undefined {
  if (!job.importPath || summaries.length < job.files.length + job.unnamed.length) return undefined;
  const program = summaries.map((s) => s.summary).filter((s) => !s.testFile);
  const packageName = mostCommon(program.map((s) => s.packageName));
  const someFile = job.files[0] ?? job.unnamed[0];
  if (someFile !== undefined && scaffoldingFolder({ path: someFile }) !== undefined) return { importPath: job.importPath, packageName, indexes: [] };
  const commandCode = someFile !== undefined && isCommandCode({ path: someFile });
  // Files with another package clause (a `go run` script beside a library) are not part of the package.
  return { importPath: job.importPath, packageName, indexes: program.filter((s) => s.packageName === packageName).map((s) => s.calls), commandCode };
}

function mostCommon(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/**
 * Settles the questions of every file, once every package is read: a finding goes away if one of its functions is
 * proven to run once across the module. A module some package of which has no call index (a file that could not be
 * read or summarised) answers no: its callers are not all known.
 */
export function settleCallerQuestions(jobs: readonly PackageJob[], outcomes: readonly PackageOutcome[]): void {
  const byModule = new Map<string, { packages: PackageCalls[]; complete: boolean }>();
  jobs.forEach((job, i) => {
    if (!job.callerModule) return;
    let module = byModule.get(job.callerModule);
    if (!module) byModule.set(job.callerModule, (module = { packages: [], complete: true }));
    const calls = outcomes[i].calls;
    if (calls) module.packages.push(calls);
    else module.complete = false;
  });
  const callers = new Map([...byModule].map(([root, m]) => [root, m.complete ? new ModuleCallers(m.packages) : undefined]));
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    outcome.calls = undefined;
    const module = job.callerModule === undefined ? undefined : callers.get(job.callerModule);
    for (const analyzed of outcome.analyzed) dropProvenOnce(analyzed, module, job.importPath);
  });
}

function dropProvenOnce(analyzed: AnalyzedFile, module: ModuleCallers | undefined, importPath: string | undefined): void {
  const questions = analyzed.questions;
  delete analyzed.questions;
  if (!questions || !module || !importPath) return;
  // An exported function of command code that only command code calls, outside loops and handlers, runs within one
  // invocation, like one that runs once per process (command-code.ts asks the same question of both).
  const dropped = new Set(questions.filter((q) => module.runsOnce(importPath, q.fn) || module.usedOnlyByCommandCode(importPath, q.fn)).map((q) => q.finding));
  if (dropped.size > 0) analyzed.findings = analyzed.findings.filter((_, i) => !dropped.has(i));
}
