// Sends run requests to the server: trust gating, settings, work-done progress shown by VS Code with a cancel
// button, cancellation of every running run, and "rerun last".
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import { RunChecksRequest, type CheckRef, type RunChecksResult } from '../../../server/src/protocol/checks';
import type { ResultsStore } from './results-store';
import { explainUntrusted } from './trust';

export interface RunOptions {
  /** Background runs (the monitor) show progress in the status bar instead of a notification. */
  background?: boolean;
}

export class CheckRuns implements vscode.Disposable {
  private readonly running = new Set<vscode.CancellationTokenSource>();
  private lastRefs: CheckRef[] | undefined;

  constructor(
    private readonly client: BaseLanguageClient,
    private readonly store: ResultsStore,
  ) {}

  get hasLast(): boolean {
    return this.lastRefs !== undefined;
  }

  /** Runs the checks and records their results; undefined when nothing ran (untrusted, nothing picked, failure). */
  async run(refs: CheckRef[], options: RunOptions = {}): Promise<RunChecksResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void explainUntrusted();
      return undefined;
    }
    if (refs.length === 0) return undefined;
    if (!options.background) this.lastRefs = refs;
    const scope = refs.map((r) => (r.kind === 'block' ? r.uri : r.anchor?.uri)).find((u) => u !== undefined);
    const settings = vscode.workspace.getConfiguration('leaklens.checks', scope ? vscode.Uri.parse(scope) : undefined);
    const source = new vscode.CancellationTokenSource();
    this.running.add(source);
    void vscode.commands.executeCommand('setContext', 'leaklens.checks.running', true);
    try {
      return await vscode.window.withProgress(
        {
          location: options.background ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
          title: `LeakLens: running ${refs.length} health check${refs.length === 1 ? '' : 's'}`,
          cancellable: true,
        },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => source.cancel());
          const workDoneToken = randomUUID();
          let reported = 0;
          const onProgress = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind === 'end') return;
            const percentage = value.percentage ?? reported;
            progress.report({ message: value.message, increment: percentage - reported });
            reported = percentage;
          });
          try {
            const result = await this.client.sendRequest(
              RunChecksRequest,
              {
                checks: refs,
                timeoutMs: settings.get<number>('timeoutMs'),
                concurrency: settings.get<number>('concurrency'),
                workDoneToken,
              },
              source.token,
            );
            this.store.add(result.results);
            return result;
          } finally {
            onProgress.dispose();
            onCancel.dispose();
          }
        },
      );
    } catch (err) {
      if (!source.token.isCancellationRequested) {
        void vscode.window.showErrorMessage(`LeakLens: health checks could not run: ${err instanceof Error ? err.message : String(err)}`);
      }
      return undefined;
    } finally {
      this.running.delete(source);
      source.dispose();
      if (this.running.size === 0) void vscode.commands.executeCommand('setContext', 'leaklens.checks.running', false);
    }
  }

  rerunLast(): Promise<RunChecksResult | undefined> {
    if (!this.lastRefs) {
      void vscode.window.showInformationMessage('LeakLens: no health checks have run yet. Use "Run Health Checks…" or a ▶ lens.');
      return Promise.resolve(undefined);
    }
    return this.run(this.lastRefs);
  }

  /** Cancels every running run; returns how many there were. */
  cancelAll(): number {
    const count = this.running.size;
    for (const source of this.running) source.cancel();
    return count;
  }

  dispose(): void {
    this.cancelAll();
  }
}
