// Finds the Go files under the named paths and analyses them folder by folder, so that the files of one package see
// each other's function summaries (same-package helpers), as they do in the editor.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { analyzeFile, GoAnalyzer, ParserAbortedError, summarizeFile, type AnalysisSettings, type FileSummary } from '../analysis/analyzer';
import type { Tree } from '../analysis/parser';
import { readGoSource, UnreadableRootError, walkGoFiles } from '../analysis/files';
import { findGoVersion } from '../analysis/gomod';
import type { GoFile } from '../analysis/rule';
import type { Finding } from '../analysis/types';

/** A folder with more Go files than this is generated code: its files are analysed without each other's summaries. */
const MAX_PACKAGE_FILES = 400;

export interface AnalyzePathsOptions {
  paths: readonly string[];
  settings: AnalysisSettings;
  maxFileSize: number;
  /** Told about every file or folder that was skipped, and why. */
  onSkipped: (file: string, reason: string) => void;
  /** Told about a named path that cannot be read at all. */
  onUnreadableRoot: (message: string) => void;
}

interface Summarized {
  file: GoFile;
  summary: FileSummary;
}

export interface AnalyzedFile {
  /** Absolute path. */
  file: string;
  findings: Finding[];
}

/** The analysed files in walk order (lexical, per named path); skipped files are reported, not returned. */
export async function analyzePaths(options: AnalyzePathsOptions): Promise<AnalyzedFile[]> {
  const files = await collectGoFiles(options);
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    const group = byFolder.get(folder);
    if (group) group.push(file);
    else byFolder.set(folder, [file]);
  }
  const analyzed: AnalyzedFile[] = [];
  const analyzer = await GoAnalyzer.create();
  try {
    for (const [folder, folderFiles] of byFolder) {
      const settings = { ...options.settings, goVersion: findGoVersion(folder) };
      analyzed.push(...(await analyzeFolder(analyzer, folderFiles, settings, options)));
    }
  } finally {
    analyzer.dispose();
  }
  const order = new Map(files.map((f, i) => [f, i]));
  return analyzed.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
}

/** Every .go file under the named paths, each once, in walk order. */
async function collectGoFiles(options: AnalyzePathsOptions): Promise<string[]> {
  const files = new Set<string>();
  for (const root of options.paths) {
    try {
      for await (const file of walkGoFiles(root, { onProblem: (p) => options.onSkipped(p.path, p.message) })) files.add(file);
    } catch (err) {
      if (!(err instanceof UnreadableRootError)) throw err;
      options.onUnreadableRoot(err.message);
    }
  }
  return [...files];
}

/** Parses every file of one folder, then analyses each with the summaries of the others; frees every tree. */
async function analyzeFolder(
  analyzer: GoAnalyzer,
  files: readonly string[],
  settings: AnalysisSettings,
  options: AnalyzePathsOptions,
): Promise<AnalyzedFile[]> {
  const parsed: GoFile[] = [];
  try {
    for (const file of files) {
      const source = await readGoSource(file, options.maxFileSize);
      if (source.kind === 'skipped') {
        options.onSkipped(file, source.reason);
        continue;
      }
      const tree = await parseOrSkip(analyzer, source.text);
      if (typeof tree === 'string') options.onSkipped(file, tree);
      else parsed.push({ path: file, text: source.text, tree });
    }
    const unnamed = await unnamedSiblings(files);
    const summaries: Summarized[] =
      parsed.length + unnamed.length > MAX_PACKAGE_FILES
        ? []
        : [...parsed.flatMap(summaryOf), ...(await summariesOfUnnamed(analyzer, unnamed, options.maxFileSize))];
    return parsed.map((file) => ({
      file: file.path!,
      findings: analyzeFile(file, settings, summaries.filter((s) => s.file !== file).map((s) => s.summary)),
    }));
  } finally {
    for (const file of parsed) file.tree.delete();
  }
}

/** The .go files of the folder of `files` that were not named (a file named alone still sees its package). */
async function unnamedSiblings(files: readonly string[]): Promise<string[]> {
  const folder = path.dirname(files[0]);
  try {
    const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.go'));
    return names.map((n) => path.join(folder, n)).filter((f) => !files.includes(f));
  } catch {
    return [];
  }
}

/** Summaries of sibling files that are not analysed themselves; unreadable ones are left out silently. */
async function summariesOfUnnamed(analyzer: GoAnalyzer, files: readonly string[], maxFileSize: number): Promise<Summarized[]> {
  const summaries: Summarized[] = [];
  for (const file of files) {
    const source = await readGoSource(file, maxFileSize);
    if (source.kind === 'skipped') continue;
    const tree = await parseOrSkip(analyzer, source.text);
    if (typeof tree === 'string') continue;
    const goFile: GoFile = { path: file, text: source.text, tree };
    try {
      summaries.push(...summaryOf(goFile));
    } finally {
      goFile.tree.delete();
    }
  }
  return summaries;
}

/** The tree of `text`, or why there is none: a file the parser aborted on is skipped, and the run goes on. */
async function parseOrSkip(analyzer: GoAnalyzer, text: string): Promise<Tree | string> {
  await analyzer.ready();
  try {
    return analyzer.parse(text);
  } catch (err) {
    if (err instanceof ParserAbortedError) return err.message;
    throw err;
  }
}

/** The file's summary for its siblings; none (with a warning) if summarising fails, so the file is still analysed. */
function summaryOf(file: GoFile): Summarized[] {
  try {
    return [{ file, summary: summarizeFile(file) }];
  } catch (err) {
    process.stderr.write(`leaklens: cannot summarise ${file.path} for its package: ${String(err)}\n`);
    return [];
  }
}
