// Monitor: reruns picked checks every N seconds until stopped. One monitor at a time; the next run is scheduled only
// after the previous one finished (no overlap), and stop() clears the pending timer.
import * as vscode from 'vscode';
import type { CheckRef } from '../../../server/src/protocol/checks';
import type { CheckRuns } from './check-runs';
import type { ChecksStatusBar } from './status-bar';

interface Session {
  timer?: NodeJS.Timeout;
}

export class Monitor implements vscode.Disposable {
  /** The running monitor; a run finishing after stop() sees another (or no) session and schedules nothing. */
  private session: Session | undefined;

  constructor(
    private readonly runs: CheckRuns,
    private readonly statusBar: ChecksStatusBar,
  ) {}

  get active(): boolean {
    return this.session !== undefined;
  }

  start(refs: CheckRef[], intervalSeconds: number): void {
    this.stop();
    const session: Session = {};
    this.session = session;
    const tick = async (): Promise<void> => {
      session.timer = undefined;
      await this.runs.run(refs, { background: true });
      if (this.session === session) session.timer = setTimeout(() => void tick(), intervalSeconds * 1000);
    };
    this.setActive(true);
    void tick();
  }

  stop(): void {
    if (!this.session) return;
    clearTimeout(this.session.timer);
    this.session = undefined;
    this.setActive(false);
  }

  private setActive(active: boolean): void {
    this.statusBar.setMonitoring(active);
    void vscode.commands.executeCommand('setContext', 'leaklens.checks.monitoring', active);
  }

  dispose(): void {
    this.stop();
  }
}
