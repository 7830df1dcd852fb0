// Analyses package folders on worker threads (one per core). A package is cut into chunks of files; each chunk is read
// (parsed and summarised) on some thread, which keeps its trees; once every chunk of the package is read, each
// thread analyses the chunks it holds with the summaries of the whole package and of the module packages it imports.
// Packages are queued after the module packages they import (so a waiting package never waits on an unread one), the
// biggest first within that order, so the threads finish together.
//
// A thread that dies (a wasm abort, out of memory) loses only its work: the chunks it held are read again elsewhere,
// the chunk it was working on is retried file by file, and a file that stops a thread on its own is reported as
// skipped. Threads that cannot even start make run() reject, so that the caller can analyse on its own thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileSummary, ModulePackages } from '../analyzer';
import { compileGoWasm, type CompiledGoWasm } from '../parser';
import type { AnalyzedFile, SkippedFile, SummarisedFile } from './folder-work';
import { packageCallsOf } from './caller-questions';
import { exportedSummaries, inFileOrder, modulePackagesOf, packageSummaries, type PackageJob, type PackageOutcome } from './package-job';
import type { WorkerReply, WorkerRequest } from './protocol';

const WORKER_FILE = 'analysis-worker.js';

/** The worker bundle: beside this bundle (dist/), or in dist/ above it (tests bundled into out/test/…). */
export function analysisWorkerPath(from = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, WORKER_FILE), path.join(dir, 'dist', WORKER_FILE)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export class ThreadsUnavailableError extends Error {}

interface Chunk {
  id: number;
  pkg: PackageState;
  kind: 'read' | 'summarise';
  files: string[];
  bytes: number;
  /** Read before by a thread that died: its summaries and skips are already recorded. */
  reread: boolean;
  state: 'queued' | 'reading' | 'held' | 'analysing' | 'done';
  holder?: Slot;
}

interface PackageState {
  id: number;
  job: PackageJob;
  summaries: Map<string, SummarisedFile>;
  parsedFiles: number;
  skipped: SkippedFile[];
  analyzed: AnalyzedFile[];
  /** Chunks whose first read (or summarise) has not finished: the package's summaries are not known yet. */
  readsPending: number;
  /** Known once readsPending is 0. */
  summariesForAnalysis?: SummarisedFile[];
  /** Known once the package and every module package it imports are read: its chunks can then be analysed. */
  modulePackages?: ModulePackages;
  /** Chunks of the package not done yet. */
  chunksLeft: number;
  /** Threads that were sent summariesForAnalysis (once each: a package's summaries are a few hundred kB to clone). */
  summariesSentTo: Set<Slot>;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight?: { chunk: Chunk; request: WorkerRequest['kind'] };
  /** Chunks this thread holds whose package is ready to analyse: sent before any new read, to free trees early. */
  toAnalyse: Chunk[];
  lastError?: string;
}

export interface ThreadPoolOptions {
  threads: number;
  maxFileSize: number;
  /** V8 old-generation limit of each thread in MB; undefined: V8's default. */
  heapLimitMb?: number;
}

/**
 * A small young generation: the analysis makes short-lived garbage in bursts, and V8's default lets each thread's heap
 * grow by tens of MB that the whole process then carries (the RSS budget is for all threads together). On src/net, 2 MB
 * rather than 4 takes 12 MB off the peak RSS for the same CPU time.
 */
const YOUNG_GENERATION_MB = 2;

export class AnalysisThreadPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Chunk[] = [];
  private readonly chunks: Chunk[] = [];
  /** Read packages waiting for module packages they import, and the summaries of read packages by import path. */
  private readonly waiting = new Set<PackageState>();
  private readonly summariesByImportPath = new Map<string, FileSummary[]>();
  private outstanding = 0;
  private nextChunkId = 0;
  private settle?: { resolve: () => void; reject: (err: Error) => void };
  private disposed = false;
  /** Compiled here once and handed to every thread (analysis-worker.ts): the threads share the compiled code. */
  private readonly wasm: CompiledGoWasm = compileGoWasm();

  private constructor(
    private readonly workerFile: string,
    private readonly options: ThreadPoolOptions,
  ) {}

  /** Starts the threads at once, so that they load the parser while the caller walks the folders. */
  static start(options: ThreadPoolOptions): AnalysisThreadPool {
    const workerFile = analysisWorkerPath();
    if (workerFile === undefined) throw new ThreadsUnavailableError(`${WORKER_FILE} is missing: run node esbuild.mjs`);
    const pool = new AnalysisThreadPool(workerFile, options);
    for (let i = 0; i < options.threads; i++) pool.spawn();
    return pool;
  }

  get threads(): number {
    return this.options.threads;
  }

  /**
   * Analyses the packages; the outcomes are in the order of `jobs`. Call once. `chunkBytes`: Go source per chunk,
   * smaller balances the threads better, bigger costs fewer messages.
   */
  async run(jobs: readonly PackageJob[], chunkBytes: number): Promise<PackageOutcome[]> {
    const packages = jobs.map((job, id) => this.plan(id, job, chunkBytes));
    // Biggest package first, its chunks in order: the threads share it, then go on to the smaller ones. A package comes
    // after the module packages it imports: their chunks are all taken before its own, so its wait always ends.
    const bytes = (p: PackageState): number => [...p.job.sizes, ...p.job.unnamedSizes].reduce((a, b) => a + b, 0);
    for (const pkg of [...packages].sort((a, b) => a.job.level - b.job.level || bytes(b) - bytes(a))) this.queue.push(...this.chunks.filter((c) => c.pkg === pkg));
    this.outstanding = this.chunks.length;
    if (this.outstanding > 0) {
      await new Promise<void>((resolve, reject) => {
        this.settle = { resolve, reject };
        this.pump();
      });
    }
    return packages.map((p) => ({ ...inFileOrder(p.job, p.analyzed, p.skipped), calls: p.job.callerModule ? packageCallsOf(p.job, p.summariesForAnalysis ?? []) : undefined }));
  }

  /** Ends every thread; safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
    this.slots.clear();
  }

  private plan(id: number, job: PackageJob, chunkBytes: number): PackageState {
    const pkg: PackageState = { id, job, summaries: new Map(), parsedFiles: 0, skipped: [], analyzed: [], readsPending: 0, chunksLeft: 0, summariesSentTo: new Set() };
    this.addChunks(pkg, 'read', job.files, job.sizes, chunkBytes);
    // Summarised files are cut too: a package's many generated files are shared out like the files it analyses.
    this.addChunks(pkg, 'summarise', job.unnamed, job.unnamedSizes, chunkBytes);
    return pkg;
  }

  /** New chunks of `kind` of about `chunkBytes` of Go source each, from `files` (with their `sizes`), not yet queued. */
  private addChunks(pkg: PackageState, kind: Chunk['kind'], files: readonly string[], sizes: readonly number[], chunkBytes: number): void {
    let chunk: string[] = [];
    let bytes = 0;
    files.forEach((file, i) => {
      chunk.push(file);
      bytes += sizes[i];
      if (bytes >= chunkBytes || i === files.length - 1) {
        this.addChunk(pkg, kind, chunk, bytes);
        chunk = [];
        bytes = 0;
      }
    });
  }

  /** A new chunk of `pkg`, not yet queued. */
  private addChunk(pkg: PackageState, kind: Chunk['kind'], files: string[], bytes: number, reread = false): Chunk {
    const chunk: Chunk = { id: this.nextChunkId++, pkg, kind, files, bytes, reread, state: 'queued' };
    this.chunks.push(chunk);
    pkg.chunksLeft++;
    if (!reread) pkg.readsPending++;
    return chunk;
  }

  private spawn(): void {
    const worker = new Worker(this.workerFile, {
      workerData: this.wasm,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: this.options.heapLimitMb },
    });
    const slot: Slot = { worker, ready: false, toAnalyse: [] };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err) => {
      slot.lastError = String(err);
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  /**
   * Gives every idle thread its next request: an analysis of a chunk it holds first, else the next queued chunk of a
   * package it holds trees of. A thread waiting for the rest of a package (read by another thread) reads ahead into the
   * next package rather than sit idle, but holds trees of at most two packages: its share of the biggest package, and a
   * little more, sets the peak memory.
   */
  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.inFlight) continue;
      const held = slot.toAnalyse.shift();
      if (held) {
        held.state = 'analysing';
        const pkg = held.pkg;
        const first = !pkg.summariesSentTo.has(slot);
        pkg.summariesSentTo.add(slot);
        const summaries = first ? { packageSummaries: pkg.summariesForAnalysis!, modulePackages: pkg.modulePackages! } : undefined;
        this.send(slot, held, { kind: 'analyse', chunk: held.id, pkg: pkg.id, settings: pkg.job.settings, summaries, askCallers: pkg.job.askCallers });
        continue;
      }
      const heldPackages = new Set(this.chunks.filter((c) => c.holder === slot && c.state === 'held').map((c) => c.pkg));
      let index = this.queue.findIndex((c) => heldPackages.has(c.pkg));
      if (index < 0 && heldPackages.size < 2) index = 0;
      if (index < 0 || index >= this.queue.length) continue;
      const [next] = this.queue.splice(index, 1);
      next.state = 'reading';
      next.holder = slot;
      this.send(slot, next, { kind: next.kind, chunk: next.id, files: next.files, maxFileSize: this.options.maxFileSize });
    }
  }

  private send(slot: Slot, chunk: Chunk, request: WorkerRequest): void {
    slot.inFlight = { chunk, request: request.kind };
    slot.worker.postMessage(request);
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.kind === 'log') {
      process.stderr.write(reply.text);
      return;
    }
    if (reply.kind === 'ready') {
      slot.ready = true;
      this.pump();
      return;
    }
    const chunk = slot.inFlight?.chunk;
    slot.inFlight = undefined;
    if (!chunk || chunk.id !== reply.chunk) return;
    const pkg = chunk.pkg;
    switch (reply.kind) {
      case 'read':
        chunk.state = 'held';
        if (!chunk.reread) {
          for (const s of reply.result.summaries) pkg.summaries.set(s.file, s);
          pkg.skipped.push(...reply.result.skipped);
          pkg.parsedFiles += chunk.files.length - reply.result.skipped.length;
          this.readDone(pkg);
        } else if (pkg.modulePackages) {
          slot.toAnalyse.push(chunk);
        }
        break;
      case 'summarise':
        for (const s of reply.summaries) pkg.summaries.set(s.file, s);
        this.finish(chunk);
        this.readDone(pkg);
        break;
      case 'analyse':
        pkg.analyzed.push(...reply.analyzed);
        this.finish(chunk);
        break;
      case 'failed':
        this.retry(chunk, reply.message);
        break;
    }
    this.pump();
  }

  /**
   * One more chunk of `pkg` is read; when it was the last, the package's summaries are known, and every package whose
   * module imports are now all read can analyse its held chunks.
   */
  private readDone(pkg: PackageState): void {
    if (--pkg.readsPending > 0) return;
    pkg.summariesForAnalysis = packageSummaries(pkg.job, pkg.summaries, pkg.parsedFiles);
    if (pkg.job.importPath) this.summariesByImportPath.set(pkg.job.importPath, exportedSummaries(pkg.summariesForAnalysis));
    this.waiting.add(pkg);
    for (const ready of [...this.waiting].filter((p) => p.job.moduleDeps.every((d) => this.summariesByImportPath.has(d)))) {
      this.waiting.delete(ready);
      ready.modulePackages = modulePackagesOf(ready.job, this.summariesByImportPath);
      for (const chunk of this.chunks) {
        if (chunk.pkg === ready && chunk.state === 'held') chunk.holder!.toAnalyse.push(chunk);
      }
    }
  }

  private finish(chunk: Chunk): void {
    chunk.state = 'done';
    chunk.holder = undefined;
    const pkg = chunk.pkg;
    if (--pkg.chunksLeft === 0) {
      for (const slot of pkg.summariesSentTo) if (this.slots.has(slot)) slot.worker.postMessage({ kind: 'forget', pkg: pkg.id } satisfies WorkerRequest);
      pkg.summariesSentTo.clear();
    }
    if (--this.outstanding === 0) this.settle?.resolve();
  }

  /**
   * The request on `chunk` failed or stopped its thread. Several files: retried one by one, to find the one at fault.
   * One file: the file is skipped (a sibling's summary is simply left out).
   */
  private retry(chunk: Chunk, message: string): void {
    const pkg = chunk.pkg;
    const firstRead = chunk.kind === 'summarise' || (chunk.state === 'reading' && !chunk.reread);
    if (chunk.files.length > 1) {
      for (const file of chunk.files) {
        const single = this.addChunk(pkg, chunk.kind, [file], 0, !firstRead);
        this.outstanding++;
        this.queue.unshift(single);
      }
      if (firstRead) pkg.readsPending--;
      this.finish(chunk);
      return;
    }
    if (chunk.kind === 'read') pkg.skipped.push({ file: chunk.files[0], reason: `analysis failed: ${message}` });
    this.finish(chunk);
    if (firstRead) this.readDone(pkg);
  }

  private onExit(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (this.disposed) return;
    const message = slot.lastError ?? `the analysis thread exited with code ${code}`;
    const inFlight = slot.inFlight?.chunk;
    // The chunks it held were read correctly: read them again on another thread.
    for (const chunk of this.chunks) {
      if (chunk.holder === slot && chunk !== inFlight && (chunk.state === 'held' || chunk.state === 'analysing')) {
        chunk.state = 'queued';
        chunk.holder = undefined;
        chunk.reread = true;
        this.queue.unshift(chunk);
      }
    }
    if (inFlight) {
      this.retry(inFlight, message);
      this.spawn();
    }
    if (this.slots.size === 0 && this.outstanding > 0) {
      this.settle?.reject(new ThreadsUnavailableError(`analysis threads cannot run: ${message}`));
      return;
    }
    this.pump();
  }
}
