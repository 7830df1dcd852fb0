// Messages between the CLI's main thread (thread-pool.ts) and an analysis worker (analysis-worker.ts). Every value is
// plain data (structured clone): paths, settings, summaries (Maps and Sets), findings.
import type { AnalysisSettings, ModulePackages } from '../analyzer';
import type { AnalyzedFile, ReadResult, SummarisedFile } from './folder-work';

export type WorkerRequest =
  /** Read, parse and summarise `files`; keep their trees under `chunk` until `analyse`. */
  | { kind: 'read'; chunk: number; files: string[]; maxFileSize: number }
  /** Summaries of files that are not analysed (siblings of files named alone); no tree is kept. */
  | { kind: 'summarise'; chunk: number; files: string[]; maxFileSize: number }
  /**
   * Analyse the files held under `chunk` with the summaries of their whole package `pkg` and of the module packages it
   * imports, then free them. Those come with the first chunk of a package a thread analyses; the thread keeps them for
   * the next ones until `forget`.
   */
  | { kind: 'analyse'; chunk: number; pkg: number; settings: AnalysisSettings; summaries?: PackageSummariesMessage; askCallers?: boolean }
  /** Every chunk of package `pkg` is done: drop its summaries. No reply. */
  | { kind: 'forget'; pkg: number };

/** What a package's files are analysed with: the summaries of the package's files and of the module packages it imports. */
export interface PackageSummariesMessage {
  packageSummaries: SummarisedFile[];
  modulePackages: ModulePackages;
}

export type WorkerReply =
  | { kind: 'ready' }
  /** A line the analysis wrote to stderr, relayed in order: a worker's own stderr is lost when the pool ends it. */
  | { kind: 'log'; text: string }
  | { kind: 'read'; chunk: number; result: ReadResult }
  | { kind: 'summarise'; chunk: number; summaries: SummarisedFile[] }
  | { kind: 'analyse'; chunk: number; analyzed: AnalyzedFile[] }
  /** The request threw; the worker is still usable. */
  | { kind: 'failed'; chunk: number; message: string };
