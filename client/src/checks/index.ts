// Health checks in VS Code: lens and palette commands, the results view, inline results, diagnostics, the status bar,
// the monitor and workspace-trust gating. The language server runs the checks; this side only asks and shows.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { CheckResultNotification, type CheckRef } from '../../../server/src/protocol/checks';
import { COMMANDS } from '../commands';
import type { WalkthroughProgress } from '../walkthrough/progress';
import { CheckRuns } from './check-runs';
import { showInlineResults } from './inline-results';
import { Monitor } from './monitor';
import { discoverChecks, pickChecks, workspaceChecks } from './pick';
import { ResultsStore } from './results-store';
import { recordOfNode, ResultsView } from './results-view';
import { ChecksStatusBar } from './status-bar';
import { explainUntrusted, syncTrustWithServer } from './trust';
import { trackViewVisibility } from './view-visibility';

export function registerHealthChecks(context: vscode.ExtensionContext, client: BaseLanguageClient, walkthrough: WalkthroughProgress): void {
  const store = new ResultsStore();
  const runs = new CheckRuns(client, store);
  const statusBar = new ChecksStatusBar(store);
  const monitor = new Monitor(runs, statusBar);
  const view = new ResultsView(store);

  const runFile = async (): Promise<void> => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !(doc.languageId === 'healthchecks' || doc.languageId === 'go')) {
      void vscode.window.showInformationMessage('LeakLens: open a .checks file or a Go file to run its checks.');
      return;
    }
    const checks = await discoverChecks(client, [doc.uri]);
    if (checks.length === 0) void vscode.window.showInformationMessage('LeakLens: this file has no health checks.');
    else await runs.run(checks.map((c) => c.ref));
  };

  const startMonitor = async (): Promise<void> => {
    if (!vscode.workspace.isTrusted) return explainUntrusted();
    const refs = await pickChecks(await workspaceChecks(client), 'Checks to monitor');
    if (!refs) return;
    const fallback = vscode.workspace.getConfiguration('leaklens.checks').get<number>('monitorIntervalSeconds') ?? 30;
    const answer = await vscode.window.showInputBox({
      title: 'Rerun the checks every … seconds',
      value: String(fallback),
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 ? undefined : 'A whole number of seconds, at least 1'),
    });
    if (answer === undefined) return;
    monitor.start(refs, Number(answer.trim()));
  };

  context.subscriptions.push(
    store,
    store.onDidChange(() => walkthrough.done('ranCheck')),
    runs,
    statusBar,
    monitor,
    view,
    vscode.window.registerTreeDataProvider('leaklens.healthChecks', view),
    trackViewVisibility(),
    showInlineResults(store),
    syncTrustWithServer(client),
    // Results appear one by one while a run goes on; the run's final answer repeats them (the store ignores repeats).
    client.onNotification(CheckResultNotification, (result) => store.add([result])),
    vscode.commands.registerCommand(COMMANDS.runCheckRefs, (refs: CheckRef[]) => runs.run(refs)),
    vscode.commands.registerCommand(COMMANDS.explainUntrusted, explainUntrusted),
    vscode.commands.registerCommand(COMMANDS.runChecks, async () => {
      if (!vscode.workspace.isTrusted) return explainUntrusted();
      const refs = await pickChecks(await workspaceChecks(client), 'Run health checks');
      if (refs) await runs.run(refs);
    }),
    vscode.commands.registerCommand(COMMANDS.runFileChecks, runFile),
    vscode.commands.registerCommand(COMMANDS.rerunLastChecks, () => runs.rerunLast()),
    vscode.commands.registerCommand(COMMANDS.cancelChecks, () => {
      if (runs.cancelAll() === 0) void vscode.window.showInformationMessage('LeakLens: no health checks are running.');
    }),
    vscode.commands.registerCommand(COMMANDS.monitorChecks, startMonitor),
    vscode.commands.registerCommand(COMMANDS.stopMonitoringChecks, () => monitor.stop()),
    vscode.commands.registerCommand(COMMANDS.rerunCheckItem, (node: unknown) => {
      const ref = recordOfNode(node)?.latest.ref;
      if (ref) return runs.run([ref]);
      return undefined;
    }),
  );
}
