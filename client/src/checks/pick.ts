// Finds every check of the workspace (blocks of *.checks files, URLs in Go code) and lets the user pick some.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { DiscoverChecksRequest, type CheckDescriptor, type CheckRef } from '../../../server/src/protocol/checks';

const MAX_CHECK_FILES = 500;
const MAX_GO_FILES = 3000;

export async function discoverChecks(client: BaseLanguageClient, uris: readonly vscode.Uri[]): Promise<CheckDescriptor[]> {
  if (uris.length === 0) return [];
  const { checks } = await client.sendRequest(DiscoverChecksRequest, { uris: uris.map((u) => u.toString()) });
  return checks;
}

export async function workspaceChecks(client: BaseLanguageClient): Promise<CheckDescriptor[]> {
  const [checkFiles, goFiles] = await Promise.all([
    vscode.workspace.findFiles('**/*.checks', '**/{node_modules,.git}/**', MAX_CHECK_FILES),
    vscode.workspace.findFiles('**/*.go', '**/{vendor,testdata,node_modules,.git}/**', MAX_GO_FILES),
  ]);
  return discoverChecks(client, [...checkFiles, ...goFiles]);
}

/** A multi-select quick pick of `checks`; undefined when dismissed. */
export async function pickChecks(checks: CheckDescriptor[], title: string): Promise<CheckRef[] | undefined> {
  if (checks.length === 0) {
    void vscode.window.showInformationMessage('LeakLens: no health checks found: add a .checks file, or http(s) URLs in Go code.');
    return undefined;
  }
  type Item = vscode.QuickPickItem & { ref: CheckRef };
  const items = checks.map((c): Item => {
    const where = c.anchor ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(c.anchor.uri))}:${c.anchor.range.start.line + 1}` : undefined;
    return { label: c.name, description: c.name === c.url ? c.method : `${c.method} ${c.url}`, detail: where, ref: c.ref };
  });
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true, matchOnDetail: true });
  return picked && picked.length > 0 ? picked.map((i) => i.ref) : undefined;
}
