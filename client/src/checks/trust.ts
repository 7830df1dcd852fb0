// Workspace trust: health checks send network requests, so they run only in a trusted workspace. The server is told
// the trust state (its lenses then say why they are disabled) on every (re)start and when trust is granted.
import * as vscode from 'vscode';
import { State, type BaseLanguageClient } from 'vscode-languageclient';
import { WorkspaceTrustNotification } from '../../../server/src/protocol/checks';

export const UNTRUSTED_MESSAGE = 'LeakLens: health checks send network requests, so they run only in a trusted workspace.';

/** Says why a feature is off in an untrusted workspace (health checks by default) and offers to manage trust. */
export async function explainUntrusted(message = UNTRUSTED_MESSAGE): Promise<void> {
  const manage = 'Manage Workspace Trust';
  if ((await vscode.window.showWarningMessage(message, manage)) === manage) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

export function syncTrustWithServer(client: BaseLanguageClient): vscode.Disposable {
  const send = (): void => {
    if (!client.isRunning()) return;
    client.sendNotification(WorkspaceTrustNotification, { trusted: vscode.workspace.isTrusted }).catch(() => undefined);
  };
  send();
  const onState = client.onDidChangeState((e) => {
    if (e.newState === State.Running) send();
  });
  const onGrant = vscode.workspace.onDidGrantWorkspaceTrust(send);
  return vscode.Disposable.from(onState, onGrant);
}
