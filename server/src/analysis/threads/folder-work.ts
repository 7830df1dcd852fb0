// The work on the files of one package folder, in two steps so that a big package can be read on several threads:
// read (read, parse, summarise; the trees are kept) and analyse (every rule, with the summaries of the file's
// siblings, then the trees are freed). The CLI runs it in worker threads (analysis-worker.ts) or, for small inputs,
// on its own thread; both give the same findings.
import { analyzeFile, ParserAbortedError, summarizeFile, unparsedGeneratedFileSummary, unparsedTestFileSummary, type AnalysisSettings, type FileSummary, type GoAnalyzer, type ModulePackages } from '../analyzer';
import { isGoTestFile, parsedForSiblings, readGoSourceSync } from '../files';
import type { Tree } from '../parser';
import type { GoFile } from '../rule';
import type { Finding } from '../types';
import { analyzeAskingCallers, type RunsOnceQuestion } from './caller-questions';

export interface SummarisedFile {
  /** Absolute path. */
  file: string;
  summary: FileSummary;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface AnalyzedFile {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  /** Findings that go away if a function of the package runs once per process (caller-questions.ts). */
  questions?: RunsOnceQuestion[];
}

export interface ReadResult {
  /** In the order of the files read; a file whose summary failed has none (and is still analysed). */
  summaries: SummarisedFile[];
  skipped: SkippedFile[];
}

/** Files read and parsed, held until analysed. Call analyse() or dispose() to free the trees. */
export class ParsedFiles {
  private files: GoFile[] = [];

  constructor(private readonly analyzer: GoAnalyzer) {}

  async read(paths: readonly string[], maxFileSize: number): Promise<ReadResult> {
    const result: ReadResult = { summaries: [], skipped: [] };
    for (const file of paths) {
      const source = readGoSourceSync(file, maxFileSize);
      if (source.kind === 'skipped') {
        result.skipped.push({ file, reason: source.reason });
        continue;
      }
      const tree = await parseOrSkip(this.analyzer, source.text);
      if (typeof tree === 'string') result.skipped.push({ file, reason: tree });
      else this.files.push({ path: file, text: source.text, tree });
    }
    for (const file of this.files) result.summaries.push(...summaryOf(file));
    return result;
  }

  /**
   * Analyses every held file with the summaries of the package (its own left out) and of the module packages it imports;
   * frees every tree. `askCallers`: findings may hang on the callers of the package's exported functions.
   */
  analyse(settings: AnalysisSettings, packageSummaries: readonly SummarisedFile[], modulePackages?: ModulePackages, askCallers = false): AnalyzedFile[] {
    try {
      return this.files.map((file) => {
        const siblings = packageSummaries.filter((s) => s.file !== file.path).map((s) => s.summary);
        if (!askCallers) return { file: file.path!, findings: analyzeFile(file, settings, siblings, modulePackages) };
        const { findings, questions } = analyzeAskingCallers(file, settings, siblings, modulePackages);
        return questions.length > 0 ? { file: file.path!, findings, questions } : { file: file.path!, findings };
      });
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    for (const file of this.files) file.tree.delete();
    this.files = [];
  }
}

/**
 * Summaries of sibling files that are not analysed themselves; unreadable ones are left out silently. A `_test.go`
 * file is not parsed: the program's files read nothing of it that its text does not show (unparsedTestFileSummary).
 * So a test file analysed alone does not follow helpers of its unnamed sibling test files.
 */
export async function summariseSiblings(analyzer: GoAnalyzer, paths: readonly string[], maxFileSize: number): Promise<SummarisedFile[]> {
  const summaries: SummarisedFile[] = [];
  for (const file of paths) {
    const source = readGoSourceSync(file, maxFileSize);
    if (source.kind === 'skipped') continue;
    if (isGoTestFile(file)) {
      summaries.push({ file, summary: unparsedTestFileSummary(source.text) });
      continue;
    }
    if (!parsedForSiblings(source.text)) {
      summaries.push({ file, summary: unparsedGeneratedFileSummary(source.text) });
      continue;
    }
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
function summaryOf(file: GoFile): SummarisedFile[] {
  try {
    return [{ file: file.path!, summary: summarizeFile(file) }];
  } catch (err) {
    process.stderr.write(`leaklens: cannot summarise ${file.path} for its package: ${String(err)}\n`);
    return [];
  }
}
