// Runs `leaklens test` for a request with progress and Cancel (which ends the CLI's process group), remembers the
// request for Rerun, and hands the report to the history, the diagnostics and the view. One run at a time: a new
// request cancels the one going on.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startLeakTestCli, type RunningCli } from './cli-process';
import { VIEW_FOCUS_COMMANDS } from '../commands';
import { RUNNING_CONTEXT } from './context-keys';
import type { LeakDiagnostics } from './diagnostics';
import { reportSummary } from './findings';
import type { LeakRunsView } from './results-view';
import type { LeakTestRequest, RunHistory } from './run-history';

export class LeakTestRuns implements vscode.Disposable {
  private current: RunningCli | undefined;
  private last: LeakTestRequest | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly history: RunHistory,
    private readonly diagnostics: LeakDiagnostics,
    private readonly view: LeakRunsView,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get lastRequest(): LeakTestRequest | undefined {
    return this.last;
  }

  async run(request: LeakTestRequest): Promise<void> {
    this.current?.cancel();
    this.last = request;
    const settings = vscode.workspace.getConfiguration('leaklens.leakCheck', vscode.Uri.file(request.cwd));
    const args = [
      '--count', String(settings.get<number>('count', 1)),
      '--timeout', settings.get<string>('timeout', '60s'),
      ...(request.run ? ['--run', request.run] : []),
      ...request.packages,
    ];
    const goTestFlags = settings.get<string[]>('goTestFlags', []);
    if (goTestFlags.length > 0) args.push('--', ...goTestFlags);
    const cli = startLeakTestCli({ node: process.execPath, cliPath: join(this.extensionPath, 'dist', 'cli.js'), cwd: request.cwd, args });
    this.current = cli;
    this.output.info(`leak check: leaklens test --format json ${args.join(' ')} (in ${request.cwd}, pid ${cli.pid ?? '?'})`);
    const startedAt = new Date();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    try {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LeakLens: running ${request.label} with leak check`, cancellable: true },
        async (_progress, token) => {
          const onCancel = token.onCancellationRequested(() => cli.cancel());
          try {
            return await cli.outcome;
          } finally {
            onCancel.dispose();
          }
        },
      );
      if (outcome.kind === 'cancelled') {
        this.output.info('leak check: cancelled');
        return;
      }
      if (outcome.kind === 'failed') {
        this.output.error(`leak check failed: ${outcome.message}`);
        void vscode.window.showErrorMessage(`LeakLens: the leak check did not finish: ${outcome.message.split('\n')[0]}`, 'Show Output').then((choice) => {
          if (choice) this.output.show(true);
        });
        return;
      }
      if (outcome.stderr.trim()) this.output.info(outcome.stderr.trimEnd());
      const completed = this.history.add(request, outcome.report, startedAt);
      this.diagnostics.show(this.history.currentFindings());
      this.view.refresh();
      const summary = reportSummary(outcome.report);
      this.output.info(`leak check of ${request.label}: ${summary}`);
      const message = `LeakLens: ${request.label}: ${summary}`;
      if (completed.findings.length > 0 || outcome.report.packages.some((p) => p.buildError)) {
        void vscode.window.showWarningMessage(message, 'Show Leak Checks').then((choice) => {
          if (choice) void vscode.commands.executeCommand(VIEW_FOCUS_COMMANDS.leakChecks);
        });
      } else {
        void vscode.window.showInformationMessage(message);
      }
    } finally {
      if (this.current === cli) {
        this.current = undefined;
        void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
      }
    }
  }

  async rerun(): Promise<void> {
    if (!this.last) {
      void vscode.window.showInformationMessage('LeakLens: no leak check has run yet in this window.');
      return;
    }
    await this.run(this.last);
  }

  /** Returns whether a run was going on. */
  cancel(): boolean {
    if (!this.current) return false;
    this.current.cancel();
    return true;
  }

  clear(): void {
    this.history.clear();
    this.diagnostics.show([]);
    this.view.refresh();
  }

  dispose(): void {
    this.current?.cancel();
  }
}
