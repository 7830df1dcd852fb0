// Every command the extension contributes, in one table. A test (test/package/commands.test.ts) checks it against
// package.json's contributes.commands both ways and that no code registers or runs a "leaklens." id written out by
// hand, as rust-analyzer does. Free of vscode so tests can import it.
import { EXPLAIN_UNTRUSTED_COMMAND, RUN_CHECKS_COMMAND } from '../../server/src/protocol/checks';
import { NEW_SCRIPT_COMMAND_ID } from './authoring/command-id';

export const COMMANDS = {
  restartServer: 'leaklens.restartServer',
  showOutput: 'leaklens.showOutput',
  scanWorkspace: 'leaklens.scanWorkspace',
  runChecks: 'leaklens.checks.run',
  runFileChecks: 'leaklens.checks.runFile',
  rerunLastChecks: 'leaklens.checks.rerunLast',
  cancelChecks: 'leaklens.checks.cancel',
  monitorChecks: 'leaklens.checks.monitor',
  stopMonitoringChecks: 'leaklens.checks.stopMonitor',
  /** Carried by the server's lenses. Arguments: `CheckRef[]`. */
  runCheckRefs: RUN_CHECKS_COMMAND,
  explainUntrusted: EXPLAIN_UNTRUSTED_COMMAND,
  /** A Health Checks view row's rerun button. Argument: the row. */
  rerunCheckItem: 'leaklens.checks.rerunItem',
  setDebuggeePid: 'leaklens.debug.setPid',
  exportSamples: 'leaklens.debug.exportSamples',
  showTopStacks: 'leaklens.debug.showTopStacks',
  newScript: NEW_SCRIPT_COMMAND_ID,
  /** Run by VS Code after a LeakLens quick fix's edit (walkthrough/steps.ts); not in the palette. */
  recordQuickFix: 'leaklens.walkthrough.recordQuickFix',
} as const;

/** Commands VS Code makes for the extension's views: `<view id>.focus`. */
export const VIEW_FOCUS_COMMANDS = {
  handles: 'leaklens.handles.focus',
  healthChecks: 'leaklens.healthChecks.focus',
} as const;
