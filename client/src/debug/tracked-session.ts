// One debug session as the Handles view knows it: its DAP state, its debuggee, and the samples taken so far.
// Owns its monitor (sampling loop, pprof requests) and its PID-retry timer, and releases both in dispose().
import * as vscode from 'vscode';
import { DapObserver } from '../../../shared/src/handles/dap-observer';
import { DebuggeeMonitor } from '../../../shared/src/handles/debuggee-monitor';
import { ProcessGoneError } from '../../../shared/src/handles/errors';
import { NODE_RESOURCES_EXPRESSION, parseNodeResources } from '../../../shared/src/handles/node-resources';
import { identifyProcess } from '../../../shared/src/handles/os-counts';
import { PprofReader } from '../../../shared/src/handles/pprof-reader';
import { listeningLoopbackPorts } from '../../../shared/src/handles/procfs';
import type { HandleSample, StackGroup } from '../../../shared/src/handles/types';
import { computeCounters, type CounterState } from './counters';
import { discoverPid, isGo, isJsDebug, requestWithTimeout } from './pid-resolver';

/** About an hour at the default 1 s interval; older samples are dropped (and not exported). */
const MAX_SAMPLES = 3600;
const PID_RETRY_MS = 1000;
const PID_RETRIES = 30;

export interface SessionHost {
  readonly visible: boolean;
  /** PIDs other sessions already watch (two Go sessions must not both take the same dlv child). */
  claimedPids(except: TrackedSession): Set<number>;
  changed(session: TrackedSession): void;
  sampled(session: TrackedSession, sample: HandleSample): void;
}

export class TrackedSession implements vscode.Disposable {
  readonly observer: DapObserver;
  readonly samples: HandleSample[] = [];
  counters: CounterState[] = [];
  pid: number | undefined;
  pidSource: string | undefined;
  notice: string | undefined;
  private monitor: DebuggeeMonitor | undefined;
  private pprof: PprofReader | undefined;
  private pidRetryTimer: NodeJS.Timeout | undefined;
  private pidRetries = 0;
  private discovering = false;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly session: vscode.DebugSession,
    private readonly host: SessionHost,
  ) {
    this.observer = new DapObserver(isGo(session));
    this.unsubscribe = this.observer.onChange(() => {
      if (this.pid === undefined) void this.discover();
      this.host.changed(this);
    });
    this.schedulePidRetry();
  }

  get state(): string {
    return this.observer.state;
  }

  get pprofUrl(): string | undefined {
    return this.pprof?.baseUrl;
  }

  get pprofError(): string | undefined {
    return this.pprof?.lastError;
  }

  get sampling(): boolean {
    return this.monitor?.sampling ?? false;
  }

  /** The latest pprof stack groups (largest first), for the view, the alert action and runtime evidence. */
  latestStacks(): StackGroup[] {
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const g = this.samples[i].goroutines;
      if (g?.source === 'pprof') return g.groups;
    }
    return [];
  }

  setVisible(visible: boolean): void {
    this.monitor?.setVisible(visible);
  }

  /** "Set Debuggee PID…": wins over anything discovered. */
  async overridePid(pid: number): Promise<void> {
    await this.useProcess(pid, 'set by you');
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.pidRetryTimer);
    this.monitor?.dispose();
    this.monitor = undefined;
    this.unsubscribe();
    this.observer.end();
  }

  private schedulePidRetry(): void {
    if (this.disposed || this.pid !== undefined || this.pidRetries >= PID_RETRIES) return;
    this.pidRetryTimer = setTimeout(() => {
      this.pidRetries++;
      void this.discover().finally(() => this.schedulePidRetry());
    }, PID_RETRY_MS);
  }

  private async discover(): Promise<void> {
    if (this.discovering || this.disposed || this.pid !== undefined || this.observer.state === 'exited') return;
    this.discovering = true;
    try {
      const found = await discoverPid(this.session, this.observer, this.host.claimedPids(this));
      if (found && this.pid === undefined && !this.disposed) await this.useProcess(found.pid, found.source);
    } finally {
      this.discovering = false;
    }
  }

  private async useProcess(pid: number, source: string): Promise<void> {
    let identity;
    try {
      identity = await identifyProcess(pid);
    } catch (err) {
      this.notice = err instanceof Error ? err.message : String(err);
      this.host.changed(this);
      if (source === 'set by you') throw err;
      return;
    }
    if (this.disposed) return;
    clearTimeout(this.pidRetryTimer);
    this.monitor?.dispose();
    this.samples.length = 0;
    this.counters = [];
    this.pid = pid;
    this.pidSource = source;
    this.notice = undefined;
    this.pprof = isGo(this.session) ? this.makePprofReader(pid) : undefined;
    this.monitor = new DebuggeeMonitor({
      identity,
      observer: this.observer,
      intervalMs: vscode.workspace.getConfiguration('leaklens.debug', this.session.workspaceFolder).get<number>('sampleIntervalMs', 1000),
      pprof: this.pprof,
      nodeResources: isJsDebug(this.session) ? () => this.evaluateNodeResources() : undefined,
      onSample: (sample) => this.addSample(sample),
      onFailure: (error) => {
        this.notice = error instanceof ProcessGoneError ? `Process ${pid} has exited.` : error.message;
        this.host.changed(this);
      },
    });
    this.monitor.setVisible(this.host.visible);
    this.host.changed(this);
  }

  private makePprofReader(pid: number): PprofReader | undefined {
    const fromLaunch = this.session.configuration['leaklens.pprof'];
    const fromSetting = vscode.workspace.getConfiguration('leaklens.debug', this.session.workspaceFolder).get<string>('pprofUrl', '');
    const baseUrl = typeof fromLaunch === 'string' && fromLaunch.trim() ? fromLaunch : fromSetting;
    try {
      return new PprofReader({ baseUrl, listPorts: process.platform === 'linux' ? () => listeningLoopbackPorts(pid) : undefined });
    } catch (err) {
      this.notice = `Ignoring the pprof URL: ${err instanceof Error ? err.message : String(err)}`;
      return new PprofReader({ listPorts: process.platform === 'linux' ? () => listeningLoopbackPorts(pid) : undefined });
    }
  }

  private async evaluateNodeResources(): Promise<Record<string, number> | undefined> {
    const answer = await requestWithTimeout<{ result?: string }>(this.session, 'evaluate', { expression: NODE_RESOURCES_EXPRESSION, context: 'watch' });
    return typeof answer.result === 'string' ? parseNodeResources(answer.result) : undefined;
  }

  private addSample(sample: HandleSample): void {
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
    this.counters = computeCounters(this.samples);
    this.host.sampled(this, sample);
  }
}
