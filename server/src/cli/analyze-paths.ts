// Finds the Go files under the named paths and analyses them package folder by package folder, so that the files of
// one package see each other's function summaries (same-package helpers), as they do in the editor, and the summaries
// of the module packages they import (module-graph.ts: a package is analysed after those). Big inputs are
// analysed on worker threads (one per core, analysis/threads); the findings are the same as on one thread. A finding
// that hangs on whether an exported function runs once per process is settled after every package is read, from the
// callers in the whole module (threads/caller-questions.ts).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GoAnalyzer, type AnalysisSettings } from '../analysis/analyzer';
import { isGoTestFile, UnreadableRootError, walkGoFiles, type WalkProblem } from '../analysis/files';
import { findGoVersion, findModule } from '../analysis/gomod';
import { moduleTestCode } from '../analysis/flow/test-code';
import { modulePackageGraph, type ModulePackageNode } from '../analysis/module-graph';
import type { FileSummary } from '../analysis/analyzer';
import { packageCallsOf, settleCallerQuestions } from '../analysis/threads/caller-questions';
import { ParsedFiles, summariseSiblings, type AnalyzedFile, type SummarisedFile } from '../analysis/threads/folder-work';
import { exportedSummaries, inFileOrder, modulePackagesOf, packageSummaries, type PackageJob, type PackageOutcome } from '../analysis/threads/package-job';
import { AnalysisThreadPool, ThreadsUnavailableError } from '../analysis/threads/thread-pool';

export type { AnalyzedFile } from '../analysis/threads/folder-work';

/** Below this much Go source, starting threads (each loads the parser) costs more than it saves. */
const MIN_BYTES_FOR_THREADS = 256 * 1024;
/** Chunks per thread: enough that the threads finish together, few enough that messages stay cheap. */
const CHUNKS_PER_THREAD = 16;
const MIN_CHUNK_BYTES = 64 * 1024;

export interface AnalyzePathsOptions {
  paths: readonly string[];
  settings: AnalysisSettings;
  maxFileSize: number;
  /** Told about every file or folder that was skipped, and why. */
  onSkipped: (file: string, reason: string) => void;
  /** Told about a named path that cannot be read at all. */
  onUnreadableRoot: (message: string) => void;
  /**
   * Threads to analyse on. Undefined: one per core when the input is big enough to pay for starting them; a number:
   * exactly that many (1: the calling thread).
   */
  threads?: number;
  /** Heap limit of each analysis thread in MB (V8's old generation); undefined: V8's default. */
  threadHeapLimitMb?: number;
}

/** The analysed files in walk order (lexical, per named path); skipped files are reported, not returned. */
export async function analyzePaths(options: AnalyzePathsOptions): Promise<AnalyzedFile[]> {
  // Threads load the parser while the folders are walked; dropped if the input turns out too small for them.
  let pool = (await mayNeedThreads(options)) ? startThreads(options, options.threads ?? os.availableParallelism()) : undefined;
  try {
    const { files, unreadable } = await collectGoFiles(options);
    const jobs = await packageJobs(files, options.settings, options.maxFileSize, options.paths, unreadable);
    const bytes = jobs.reduce((n, job) => n + job.sizes.reduce((a, b) => a + b, 0), 0);
    if (options.threads === undefined && bytes < MIN_BYTES_FOR_THREADS) {
      await pool?.dispose();
      pool = undefined;
    }
    const outcomes = pool ? await onThreads(pool, jobs, bytes, options) : await onThisThread(jobs, options.maxFileSize);
    settleCallerQuestions(jobs, outcomes);
    const analyzed: AnalyzedFile[] = [];
    for (const outcome of outcomes) {
      for (const skipped of outcome.skipped) options.onSkipped(skipped.file, skipped.reason);
      analyzed.push(...outcome.analyzed);
    }
    // A folder's files and its subfolders' files interleave in walk order.
    const order = new Map(files.map((f, i) => [f, i]));
    return analyzed.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  } finally {
    await pool?.dispose();
  }
}

/** Threads are asked for, or one per core may pay off: a folder is named (a file named alone never needs them). */
async function mayNeedThreads(options: AnalyzePathsOptions): Promise<boolean> {
  if (options.threads !== undefined) return options.threads > 1;
  if (os.availableParallelism() < 2) return false;
  for (const p of options.paths) {
    if (await fs.stat(p).then((s) => s.isDirectory(), () => false)) return true;
  }
  return false;
}

/** The pool, or undefined (with a warning) when the worker bundle is missing: then this thread does the work. */
function startThreads(options: AnalyzePathsOptions, threads: number): AnalysisThreadPool | undefined {
  try {
    return AnalysisThreadPool.start({ threads, maxFileSize: options.maxFileSize, heapLimitMb: options.threadHeapLimitMb });
  } catch (err) {
    if (!(err instanceof ThreadsUnavailableError)) throw err;
    process.stderr.write(`leaklens: ${err.message}; analysing on one thread\n`);
    return undefined;
  }
}

/** Every .go file under the named paths, each once, in walk order, and the entries the walk could not read. */
async function collectGoFiles(options: AnalyzePathsOptions): Promise<{ files: string[]; unreadable: string[] }> {
  const files = new Set<string>();
  const unreadable: string[] = [];
  for (const root of options.paths) {
    try {
      const onProblem = (p: WalkProblem): void => {
        unreadable.push(path.resolve(p.path));
        options.onSkipped(p.path, p.message);
      };
      for await (const file of walkGoFiles(root, { onProblem })) files.add(file);
    } catch (err) {
      if (!(err instanceof UnreadableRootError)) throw err;
      options.onUnreadableRoot(err.message);
    }
  }
  return { files: [...files], unreadable };
}

/**
 * One job per folder, in walk order of their first file, each with its go.mod's Go version, its unnamed siblings and
 * the module packages it imports.
 */
async function packageJobs(
  files: readonly string[],
  settings: AnalysisSettings,
  maxFileSize: number,
  roots: readonly string[],
  unreadable: readonly string[],
): Promise<PackageJob[]> {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    const group = byFolder.get(folder);
    if (group) group.push(file);
    else byFolder.set(folder, [file]);
  }
  const graph = modulePackageGraph(byFolder, maxFileSize);
  const callers = callerModules(graph, roots);
  // A tree with an entry the walk could not read may hide an importer: nothing is decided from it.
  const held = holdsTree(roots);
  const testCode = moduleTestCode(graph, (folder) => held(folder) && !unreadable.some((p) => p === folder || p.startsWith(folder + path.sep)));
  return Promise.all(
    [...byFolder].map(async ([folder, named]) => {
      // Test files are test code: unless that is analysed too, they are only read for what the program's files need.
      // Generated files are only summarised for their siblings: a package of big generated files is never held in
      // memory whole. A folder left with no file to analyse keeps its job: the packages importing it wait for it.
      const generated = graph.get(folder)?.generated;
      const folderFiles = named.filter((f) => (settings.analyzeScaffolding || !isGoTestFile(f)) && !generated?.has(f));
      const unnamed = await unnamedSiblings(folder, folderFiles);
      return {
        files: folderFiles,
        sizes: await Promise.all(folderFiles.map(sizeOf)),
        unnamed,
        unnamedSizes: await Promise.all(unnamed.map(sizeOf)),
        settings: { ...settings, goVersion: findGoVersion(folder), packageTestCode: testCode.get(folder) },
        importPath: graph.get(folder)?.importPath,
        moduleDeps: graph.get(folder)?.moduleDeps ?? [],
        level: graph.get(folder)?.level ?? 0,
        ...callers.get(folder),
      };
    }),
  );
}

/**
 * The folders whose calls go into a module-wide caller index: those of a module the run holds whole (a named path at or
 * above its go.mod: no package of it is left out to call its functions) with a main package. A package such a main
 * imports, directly or not, may have findings that hang on its exported functions' callers.
 */
function callerModules(graph: ReadonlyMap<string, ModulePackageNode>, roots: readonly string[]): Map<string, Pick<PackageJob, 'callerModule' | 'askCallers'>> {
  const holdsWhole = holdsTree(roots);
  const rootOf = new Map<string, string>();
  /** Module root → the import paths its main packages import, directly or not. */
  const importedByMain = new Map<string, Set<string>>();
  for (const [folder, node] of graph) {
    const module = node.importPath === undefined ? undefined : findModule(folder);
    if (!module || !holdsWhole(module.root)) continue;
    rootOf.set(folder, module.root);
    if (!node.main) continue;
    const imported = importedByMain.get(module.root) ?? new Set();
    for (const dep of node.moduleDeps) imported.add(dep);
    importedByMain.set(module.root, imported);
  }
  const result = new Map<string, Pick<PackageJob, 'callerModule' | 'askCallers'>>();
  for (const [folder, root] of rootOf) {
    const imported = importedByMain.get(root);
    if (!imported) continue;
    const node = graph.get(folder)!;
    result.set(folder, { callerModule: root, askCallers: !node.main && imported.has(node.importPath!) });
  }
  return result;
}

/** Does the run hold every .go file under `folder`: is a named path at or above it? */
function holdsTree(roots: readonly string[]): (folder: string) => boolean {
  const named = roots.map((r) => path.resolve(r));
  return (folder) => named.some((r) => r === folder || folder.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

/** 0 for a file that cannot be stat'ed: reading it will report why. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

/** The .go files of `folder` that were not named (a file named alone still sees its package). */
async function unnamedSiblings(folder: string, files: readonly string[]): Promise<string[]> {
  try {
    const named = new Set(files);
    const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.go'));
    return names.map((n) => path.join(folder, n)).filter((f) => !named.has(f));
  } catch {
    return [];
  }
}

async function onThreads(pool: AnalysisThreadPool, jobs: readonly PackageJob[], bytes: number, options: AnalyzePathsOptions): Promise<PackageOutcome[]> {
  try {
    return await pool.run(jobs, Math.max(MIN_CHUNK_BYTES, bytes / (pool.threads * CHUNKS_PER_THREAD)));
  } catch (err) {
    if (!(err instanceof ThreadsUnavailableError)) throw err;
    process.stderr.write(`leaklens: ${err.message}; analysing on one thread\n`);
    return onThisThread(jobs, options.maxFileSize);
  }
}

/**
 * The same two steps as the threads take, one package at a time, each after the module packages it imports: read and
 * summarise, then analyse. The outcomes are in the order of `jobs`.
 */
async function onThisThread(jobs: readonly PackageJob[], maxFileSize: number): Promise<PackageOutcome[]> {
  const analyzer = await GoAnalyzer.create();
  try {
    const outcomes = new Map<PackageJob, PackageOutcome>();
    const byImportPath = new Map<string, FileSummary[]>();
    for (const job of [...jobs].sort((a, b) => a.level - b.level)) {
      const parsed = new ParsedFiles(analyzer);
      try {
        const read = await parsed.read(job.files, maxFileSize);
        const summaries = new Map<string, SummarisedFile>([...read.summaries, ...(await summariseSiblings(analyzer, job.unnamed, maxFileSize))].map((s) => [s.file, s]));
        const forAnalysis = packageSummaries(job, summaries, job.files.length - read.skipped.length);
        if (job.importPath) byImportPath.set(job.importPath, exportedSummaries(forAnalysis));
        const outcome = inFileOrder(job, parsed.analyse(job.settings, forAnalysis, modulePackagesOf(job, byImportPath), job.askCallers), read.skipped);
        outcomes.set(job, job.callerModule ? { ...outcome, calls: packageCallsOf(job, forAnalysis) } : outcome);
      } finally {
        parsed.dispose();
      }
    }
    return jobs.map((job) => outcomes.get(job)!);
  } finally {
    analyzer.dispose();
  }
}
