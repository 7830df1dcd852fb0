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

type Item = vscode.QuickPickItem & { ref?: CheckRef };

/**
 * A multi-select quick pick of `checks`; undefined when dismissed. Checks that cannot run are listed below a separator
 * with the reason and cannot be selected (VS Code has no disabled items: selecting one is undone at once).
 */
export async function pickChecks(checks: CheckDescriptor[], title: string): Promise<CheckRef[] | undefined> {
  if (checks.length === 0) {
    void vscode.window.showInformationMessage('LeakLens: no health checks found: add a .checks file, or http(s) URLs in Go code.');
    return undefined;
  }
  const where = (c: CheckDescriptor): string | undefined =>
    c.anchor ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(c.anchor.uri))}:${c.anchor.range.start.line + 1}` : undefined;
  const runnable = checks.filter((c) => c.invalid === undefined);
  const invalid = checks.filter((c) => c.invalid !== undefined);
  const items: Item[] = [
    ...runnable.map((c): Item => ({ label: c.name, description: c.name === c.url ? c.method : `${c.method} ${c.url}`, detail: where(c), ref: c.ref })),
    ...(invalid.length > 0 ? [{ label: 'Cannot run', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...invalid.map((c): Item => ({ label: `$(circle-slash) ${c.name}`, description: c.invalid, detail: where(c) })),
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = items;
  try {
    return await new Promise<CheckRef[] | undefined>((resolve) => {
      pick.onDidChangeSelection((selected) => {
        if (selected.some((i) => i.ref === undefined)) pick.selectedItems = selected.filter((i) => i.ref !== undefined);
      });
      pick.onDidAccept(() => {
        const refs = pick.selectedItems.flatMap((i) => (i.ref ? [i.ref] : []));
        resolve(refs.length > 0 ? refs : undefined);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}
