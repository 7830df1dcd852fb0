// Sends run requests to the server: trust gating, settings, work-done progress (in the status bar; a run still going
// after a second also gets a notification with Cancel, so quick runs do not flash one), cancellation of every running
// run, and "rerun last".
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';
import { RunChecksRequest, type CheckRef, type RunChecksResult } from '../../../server/src/protocol/checks';
import { showError } from '../output';
import type { ResultsStore } from './results-store';
import { explainUntrusted } from './trust';

export interface RunOptions {
  /** Background runs (the monitor) show progress in the status bar only, however long they take. */
  background?: boolean;
}

/** A run still going after this long also shows a notification (with Cancel); quicker ones only the status bar. */
export const NOTIFICATION_AFTER_MS = 1000;

type ProgressStep = { message?: string; increment?: number };

/**
 * Runs `task` with window (status-bar) progress; unless `background`, a cancellable notification joins it once the
 * task has taken NOTIFICATION_AFTER_MS. `report` takes the total percentage done; both places show the same.
 */
async function withRunProgress<T>(
  title: string,
  background: boolean,
  cancel: () => void,
  task: (report: (message: string | undefined, percentage: number) => void) => Promise<T>,
): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async (windowProgress) => {
    const places = new Set<vscode.Progress<ProgressStep>>([windowProgress]);
    let latest: { message?: string; percentage: number } = { percentage: 0 };
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const escalate = background
      ? undefined
      : setTimeout(() => {
          void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (notification, token) => {
            const onCancel = token.onCancellationRequested(cancel);
            notification.report({ message: latest.message, increment: latest.percentage });
            places.add(notification);
            return finished.finally(() => onCancel.dispose());
          });
        }, NOTIFICATION_AFTER_MS);
    try {
      return await task((message, percentage) => {
        for (const place of places) place.report({ message, increment: percentage - latest.percentage });
        latest = { message, percentage };
      });
    } finally {
      clearTimeout(escalate);
      finish();
    }
  });
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
      return await withRunProgress(
        `LeakLens: running ${refs.length} health check${refs.length === 1 ? '' : 's'}`,
        options.background === true,
        () => source.cancel(),
        async (report) => {
          const workDoneToken = randomUUID();
          let reported = 0;
          const onProgress = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind === 'end') return;
            reported = value.percentage ?? reported;
            report(value.message, reported);
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
          }
        },
      );
    } catch (err) {
      if (!source.token.isCancellationRequested) {
        void showError(`LeakLens: health checks could not run: ${err instanceof Error ? err.message : String(err)}`);
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
      void vscode.window.showInformationMessage('LeakLens: no health checks have run yet. Use "Run Health Checks…" or a Run lens.');
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
