// LeakLens: Scan Workspace for Leaks — asks the server to analyse every Go file of the workspace, with progress and
// cancel in a notification, and shows the findings of files that are not open in the Problems panel (open files have
// live diagnostics already; a scanned file's entries go when it is opened).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { showError } from './output';
import { scanSummary, type OpenCounts } from './scan-summary';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol/ids';
import { WorkDoneProgress, type LanguageClient, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from '../../server/src/protocol/analysis';
import { withoutGoplsDuplicates } from './goplsDuplicates';

export function registerWorkspaceScan(context: vscode.ExtensionContext, client: LanguageClient): void {
  const collection = vscode.languages.createDiagnosticCollection('leaklens-scan');
  context.subscriptions.push(
    collection,
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, () => scanWorkspace(client, collection)),
    vscode.workspace.onDidOpenTextDocument((doc) => collection.delete(doc.uri)),
  );
}

async function scanWorkspace(client: LanguageClient, collection: vscode.DiagnosticCollection): Promise<void> {
  if (!client.isRunning()) {
    void vscode.window.showWarningMessage('LeakLens: the language server is not running; try LeakLens: Restart Server.');
    return;
  }
  const options = { location: vscode.ProgressLocation.Notification, title: 'LeakLens: scanning for leaks', cancellable: true };
  await vscode.window.withProgress(options, async (progress, token) => {
    const workDoneToken = randomUUID();
    let reported = 0;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind !== 'report') return;
      const percentage = (value as WorkDoneProgressReport).percentage ?? reported;
      progress.report({ increment: percentage - reported, message: value.message });
      reported = percentage;
    });
    try {
      const result = await client.sendRequest(ScanWorkspaceRequest, { workDoneToken }, token);
      const shown = await show(client, collection, result);
      void announce(result, shown);
    } catch (err) {
      if (token.isCancellationRequested) void vscode.window.showInformationMessage('LeakLens: scan cancelled.');
      else void showError(`LeakLens: the scan failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      listener.dispose();
    }
  });
}

/** Puts the scan's diagnostics into the collection (replacing the previous scan's); returns what was shown. */
async function show(client: LanguageClient, collection: vscode.DiagnosticCollection, result: ScanWorkspaceResult): Promise<{ files: number; findings: number }> {
  collection.clear();
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const shown = { files: 0, findings: 0 };
  for (const file of result.files) {
    const uri = client.protocol2CodeConverter.asUri(file.uri);
    if (open.has(uri.toString())) continue;
    const diagnostics = withoutGoplsDuplicates(await client.protocol2CodeConverter.asDiagnostics(file.diagnostics), vscode.languages.getDiagnostics(uri));
    collection.set(uri, diagnostics);
    shown.files += diagnostics.length > 0 ? 1 : 0;
    shown.findings += diagnostics.length;
  }
  return shown;
}

/** The workspace's Go files open in editors (the scan leaves them out) and their live LeakLens findings. */
function openGoFiles(): OpenCounts {
  const counts: OpenCounts = { files: 0, filesWithFindings: 0, findings: 0 };
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.languageId !== 'go' || doc.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(doc.uri)) continue;
    const findings = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
    counts.files++;
    counts.filesWithFindings += findings > 0 ? 1 : 0;
    counts.findings += findings;
  }
  return counts;
}

async function announce(result: ScanWorkspaceResult, shown: { files: number; findings: number }): Promise<void> {
  const open = openGoFiles();
  const summary = scanSummary(
    { filesAnalyzed: result.filesAnalyzed, filesWithFindings: shown.files, findings: shown.findings, skipped: result.filesSkipped.length, cancelled: result.cancelled },
    open,
  );
  const choice = await vscode.window.showInformationMessage(summary, ...(shown.findings + open.findings > 0 ? ['Show Problems'] : []));
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}
