// "$(pass) 5 $(warning) 1 $(error) 0": the latest result of every check, shown once anything has run; a click opens the results view.
import * as vscode from 'vscode';
import { VIEW_FOCUS_COMMANDS } from '../commands';
import { statusBarText } from './outcome-text';
import type { ResultsStore } from './results-store';

export class ChecksStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('leaklens.checks.summary', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;
  private monitoring = false;

  constructor(private readonly store: ResultsStore) {
    this.item.name = 'LeakLens Health Checks';
    this.item.command = VIEW_FOCUS_COMMANDS.healthChecks;
    this.subscription = store.onDidChange(() => this.render());
  }

  setMonitoring(monitoring: boolean): void {
    this.monitoring = monitoring;
    this.render();
  }

  private render(): void {
    const { healthy, unhealthy, failed } = this.store.summary();
    if (healthy + unhealthy + failed === 0 && !this.monitoring) {
      this.item.hide();
      return;
    }
    this.item.text = statusBarText({ healthy, unhealthy, failed }, this.monitoring);
    this.item.tooltip = `LeakLens health checks${this.monitoring ? ' (monitoring)' : ''}: ${healthy} healthy, ${unhealthy} unhealthy, ${failed} failed. Click for the results.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
