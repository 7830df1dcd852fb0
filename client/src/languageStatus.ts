// The language status item of Go files: the analysis state of the active document ("analysing…", "N findings",
// "skipped") and when it was last analysed, driven by the server's leaklens/analysisStatus notification.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalysisStatusNotification, type AnalysisStatusParams } from '../../server/src/protocol/analysis';

interface Status extends AnalysisStatusParams {
  at: Date;
}

export function registerLanguageStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('leaklens.analysis', [
    { language: 'go', scheme: 'file' },
    { language: 'go', scheme: 'untitled' },
  ]);
  item.name = 'LeakLens';
  item.command = { title: 'Show Output', command: COMMANDS.showOutput };
  const latest = new Map<string, Status>();

  const render = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : latest.get(uri);
    item.busy = status?.state === 'analysing';
    item.severity = vscode.LanguageStatusSeverity.Information;
    if (!status) {
      item.text = 'LeakLens';
      item.detail = 'waiting for the first analysis';
    } else if (status.state === 'analysing') {
      item.text = 'LeakLens: analysing…';
      item.detail = `started ${status.at.toLocaleTimeString()}`;
    } else if (status.state === 'skipped') {
      item.text = 'LeakLens: skipped';
      item.detail = status.reason;
      item.severity = vscode.LanguageStatusSeverity.Warning;
    } else {
      const n = status.findings ?? 0;
      item.text = `LeakLens: ${n === 0 ? 'no findings' : `${n} finding${n === 1 ? '' : 's'}`}`;
      item.detail = `last analysis ${status.at.toLocaleTimeString()} (${(status.durationMs ?? 0).toFixed(1)} ms)`;
    }
  };

  render();
  context.subscriptions.push(
    item,
    client.onNotification(AnalysisStatusNotification, (params) => {
      latest.set(params.uri, { ...params, at: new Date() });
      render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.workspace.onDidCloseTextDocument((doc) => latest.delete(doc.uri.toString())),
  );
}
