// Entry of an analysis worker thread (bundled as dist/analysis-worker.js): one Go parser, requests served one at a
// time in arrival order (protocol.ts). An exception in a request is answered with `failed`; anything that ends the
// thread (a wasm abort, running out of memory) is seen by the pool as the thread's exit.
import { parentPort, workerData } from 'node:worker_threads';
import { GoAnalyzer } from '../analyzer';
import { useCompiledGoWasm, type CompiledGoWasm } from '../parser';
import { ParsedFiles, summariseSiblings } from './folder-work';
import type { PackageSummariesMessage, WorkerReply, WorkerRequest } from './protocol';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('analysis-worker.js runs only as a worker thread');
  // A worker's stderr reaches the parent asynchronously and is dropped when the pool terminates it: send the analysis's
  // messages (files skipped as too deep, rules that failed) through the port, ahead of the reply they belong to.
  process.stderr.write = ((text: string | Uint8Array): boolean => {
    port.postMessage({ kind: 'log', text: typeof text === 'string' ? text : Buffer.from(text).toString() } satisfies WorkerReply);
    return true;
  }) as typeof process.stderr.write;
  // The pool's compiled wasm (thread-pool.ts), instantiated here rather than compiled again.
  if (workerData) useCompiledGoWasm(workerData as CompiledGoWasm);
  const analyzer = await GoAnalyzer.create();
  const held = new Map<number, ParsedFiles>();
  /** The summaries of each package this thread analyses chunks of (and of its module imports), sent once per package (protocol.ts). */
  const summariesByPackage = new Map<number, PackageSummariesMessage>();
  // Requests are chained so that each runs after the previous one has finished, in the order they arrived.
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'forget') {
      queue = queue.then(() => void summariesByPackage.delete(request.pkg));
      return;
    }
    queue = queue.then(async () => {
      const reply = await answer(request);
      try {
        port.postMessage(reply);
      } catch (err) {
        // A reply that cannot be cloned (a summary or finding holding something other than plain data).
        port.postMessage({ kind: 'failed', chunk: request.chunk, message: String(err) } satisfies WorkerReply);
      }
    });
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);

  async function answer(request: Exclude<WorkerRequest, { kind: 'forget' }>): Promise<WorkerReply> {
    try {
      switch (request.kind) {
        case 'read': {
          const files = new ParsedFiles(analyzer);
          held.set(request.chunk, files);
          return { kind: 'read', chunk: request.chunk, result: await files.read(request.files, request.maxFileSize) };
        }
        case 'summarise':
          return { kind: 'summarise', chunk: request.chunk, summaries: await summariseSiblings(analyzer, request.files, request.maxFileSize) };
        case 'analyse': {
          const files = held.get(request.chunk);
          held.delete(request.chunk);
          if (!files) throw new Error(`chunk ${request.chunk} is not held by this worker`);
          if (request.summaries) summariesByPackage.set(request.pkg, request.summaries);
          const summaries = summariesByPackage.get(request.pkg);
          if (!summaries) throw new Error(`the summaries of package ${request.pkg} were not sent to this worker`);
          return { kind: 'analyse', chunk: request.chunk, analyzed: files.analyse(request.settings, summaries.packageSummaries, summaries.modulePackages, request.askCallers) };
        }
      }
    } catch (err) {
      held.get(request.chunk)?.dispose();
      held.delete(request.chunk);
      return { kind: 'failed', chunk: request.chunk, message: String(err) };
    }
  }
}

serve().catch((err: unknown) => {
  process.stderr.write(`leaklens: analysis worker cannot start: ${String(err)}\n`);
  process.exitCode = 1;
});
