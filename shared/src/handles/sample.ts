// One sample of a process: OS counts always; goroutines from pprof only when the caller says the program runs, else
// from what the debugger already knows (DAP `threads` while stopped). Never pauses the program.
import { readOsCounts } from './os-counts';
import type { PprofReader } from './pprof-reader';
import type { GoroutineSummary, HandleSample, ProcessIdentity } from './types';

export interface SampleSources {
  identity: ProcessIdentity;
  /** The Go program's pprof, when it is a Go program. */
  pprof?: PprofReader;
  /** False while the debuggee is paused: then pprof must not be asked (the request would hang). */
  isRunning: () => boolean;
  /** Goroutines as the debugger listed them at the last stop (Delve caps the list at 1024). */
  stoppedGoroutines?: () => GoroutineSummary | undefined;
  /** Node: `process.getActiveResourcesInfo()` counted by type, evaluated in the running session. */
  nodeResources?: (signal?: AbortSignal) => Promise<Record<string, number> | undefined>;
  now?: () => number;
}

export async function takeSample(sources: SampleSources, signal?: AbortSignal): Promise<HandleSample> {
  const timeMs = (sources.now ?? Date.now)();
  const os = await readOsCounts(sources.identity);
  let goroutines: GoroutineSummary | null = null;
  let goroutinesError: string | undefined;
  let nodeResources: Record<string, number> | undefined;
  if (sources.isRunning()) {
    if (sources.pprof) {
      // A failed read costs this sample its goroutines, never the sampling: the next sample asks again.
      goroutines = await sources.pprof.read(signal).catch((err: unknown) => {
        goroutinesError = err instanceof Error ? err.message : String(err);
        return null;
      });
    }
    if (sources.nodeResources) nodeResources = await sources.nodeResources(signal).catch(() => undefined);
  } else {
    goroutines = sources.stoppedGoroutines?.() ?? null;
  }
  const sample: HandleSample = { timeMs, pid: sources.identity.pid, ...os, goroutines };
  if (nodeResources) sample.nodeResources = nodeResources;
  if (goroutinesError !== undefined) sample.goroutinesError = goroutinesError;
  return sample;
}
