// One package folder to analyse, and the summaries its files see: the same whether the folder is read on one thread or
// in chunks on several.
import { forImporters, type AnalysisSettings, type FileSummary, type ModulePackages } from '../analyzer';
import type { PackageCalls } from '../flow/module-callers';
import type { AnalyzedFile, SkippedFile, SummarisedFile } from './folder-work';

/** A folder with more Go files than this is generated code: its files are analysed without each other's summaries. */
export const MAX_PACKAGE_FILES = 400;

export interface PackageJob {
  /** The files to analyse, absolute, in walk order. */
  files: string[];
  /** Bytes of each file in `files` (for splitting big packages into chunks). */
  sizes: number[];
  /**
   * The other .go files of the folder, summarised for their siblings but not analysed: those not named (a file named
   * alone), test files (unless test code is analysed) and generated files.
   */
  unnamed: string[];
  /** Bytes of each file in `unnamed`. */
  unnamedSizes: number[];
  settings: AnalysisSettings;
  /** The folder's import path in its module (module-graph.ts); undefined outside a module. */
  importPath?: string;
  /** Import paths of the module packages of the run this package needs the summaries of, directly or not. */
  moduleDeps: string[];
  /** Its place in the import order: a package is queued after the module packages it imports. */
  level: number;
  /**
   * The root of its module when the run holds the whole module and a main package in it: the package's calls then go
   * into the module-wide caller index (threads/caller-questions.ts).
   */
  callerModule?: string;
  /** A package (not main) some main package of the run imports: findings may hang on its exported functions' callers. */
  askCallers?: boolean;
}

export interface PackageOutcome {
  /** In the order of `files`; skipped files are left out. */
  analyzed: AnalyzedFile[];
  /** In the order of `files`. */
  skipped: SkippedFile[];
  /** The package's call indexes, for a package of a `callerModule`; dropped once the questions are settled. */
  calls?: PackageCalls;
}

/**
 * The summaries every file of the package is analysed with (its own is left out later): the analysed files in walk
 * order, then the unnamed siblings; none for a generated-size folder.
 */
export function packageSummaries(job: PackageJob, byFile: ReadonlyMap<string, SummarisedFile>, parsedFiles: number): SummarisedFile[] {
  if (parsedFiles + job.unnamed.length > MAX_PACKAGE_FILES) return [];
  return [...job.files, ...job.unnamed].flatMap((file) => {
    const summary = byFile.get(file);
    return summary ? [summary] : [];
  });
}

/** What a package offers the module packages that import it: the summaries of its files, fields read left out. */
export function exportedSummaries(summaries: readonly SummarisedFile[]): FileSummary[] {
  return summaries.map((s) => forImporters(s.summary));
}

/** The summaries of the module packages `job` imports, from those of every package read so far (by import path). */
export function modulePackagesOf(job: PackageJob, byImportPath: ReadonlyMap<string, FileSummary[]>): ModulePackages {
  return new Map(job.moduleDeps.flatMap((p) => (byImportPath.has(p) ? [[p, byImportPath.get(p)!] as const] : [])));
}

/** Puts the analysed and skipped files of a package back in walk order. */
export function inFileOrder(job: PackageJob, analyzed: Iterable<AnalyzedFile>, skipped: Iterable<SkippedFile>): PackageOutcome {
  const order = new Map(job.files.map((f, i) => [f, i]));
  const byOrder = <T extends { file: string }>(items: Iterable<T>): T[] => [...items].sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return { analyzed: byOrder(analyzed), skipped: byOrder(skipped) };
}
