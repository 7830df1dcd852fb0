// Sets and restores the walkthrough's context keys (see steps.ts) and records applied quick fixes.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { WALKTHROUGH_CONTEXT_KEYS, type WalkthroughStep } from './steps';

export class WalkthroughProgress {
  constructor(private readonly state: vscode.Memento) {
    for (const key of Object.values(WALKTHROUGH_CONTEXT_KEYS)) {
      if (state.get(key) === true) void vscode.commands.executeCommand('setContext', key, true);
    }
  }

  /** Marks `step` done, now and in later sessions. */
  done(step: WalkthroughStep): void {
    const key = WALKTHROUGH_CONTEXT_KEYS[step];
    if (this.state.get(key) === true) return;
    void this.state.update(key, true);
    void vscode.commands.executeCommand('setContext', key, true);
  }

  register(): vscode.Disposable {
    return vscode.commands.registerCommand(COMMANDS.recordQuickFix, () => this.done('fixedLeak'));
  }
}
