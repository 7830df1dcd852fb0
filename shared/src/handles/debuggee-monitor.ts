// Samples one debug session's debuggee under the rules of the Handles view: a sampling loop runs only while the view is
// visible and the program runs; when the program stops, the loop stops at once (aborting an in-flight pprof request,
// which a paused Go program would never answer) and the goroutine count comes from the debugger's `threads` answer.
// Pure (no VS Code): the extension and the DAP-level tests use the same class.
import type { DapObserver } from './dap-observer';
import { ProcessGoneError } from './errors';
import type { PprofReader } from './pprof-reader';
import { takeSample } from './sample';
import { SamplingLoop } from './sampling-loop';
import type { HandleSample, ProcessIdentity } from './types';

export interface DebuggeeMonitorOptions {
  identity: ProcessIdentity;
  observer: DapObserver;
  intervalMs: number;
  pprof?: PprofReader;
  nodeResources?: (signal?: AbortSignal) => Promise<Record<string, number> | undefined>;
  onSample: (sample: HandleSample) => void;
  /** The process went away or may not be read: sampling has stopped for good. */
  onFailure: (error: Error) => void;
}

export class DebuggeeMonitor {
  private readonly loop: SamplingLoop;
  private readonly unsubscribe: () => void;
  private visible = false;
  private failed = false;
  private stoppedSampleTaken = false;

  constructor(private readonly options: DebuggeeMonitorOptions) {
    this.loop = new SamplingLoop(options.intervalMs, (signal) => this.sampleOnce(signal));
    this.unsubscribe = options.observer.onChange(() => this.update());
  }

  get sampling(): boolean {
    return this.loop.running;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.update();
  }

  dispose(): void {
    this.failed = true;
    this.loop.stop();
    this.unsubscribe();
  }

  private update(): void {
    const { state } = this.options.observer;
    if (this.failed || state === 'exited') {
      this.loop.stop();
      return;
    }
    if (state === 'running' && this.visible) {
      this.stoppedSampleTaken = false;
      this.loop.start();
      return;
    }
    this.loop.stop();
    // One sample per stop, once the debugger's goroutine list is known: /proc is safe to read while the program is paused.
    if (state === 'stopped' && this.visible && !this.stoppedSampleTaken && this.options.observer.stoppedGoroutines()) {
      this.stoppedSampleTaken = true;
      void this.sampleOnce();
    }
  }

  private async sampleOnce(signal?: AbortSignal): Promise<void> {
    const { observer } = this.options;
    try {
      const sample = await takeSample(
        {
          identity: this.options.identity,
          pprof: this.options.pprof,
          isRunning: () => observer.state === 'running' && !signal?.aborted,
          stoppedGoroutines: () => observer.stoppedGoroutines(),
          nodeResources: this.options.nodeResources,
        },
        signal,
      );
      if (!signal?.aborted && !this.failed) this.options.onSample(sample);
    } catch (err) {
      if (this.failed || signal?.aborted) return;
      // A vanished process at the end of a session is normal; anything else is worth telling once.
      this.failed = true;
      this.loop.stop();
      this.options.onFailure(err instanceof Error ? err : new ProcessGoneError(this.options.identity.pid, String(err)));
    }
  }
}
