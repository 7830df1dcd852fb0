// The "Health Checks" view: one row per check with its latest result (name, outcome, status, latency, time; URL and
// failed assertions in the tooltip and below), a rerun button per row, and the last runs of each check below it.
import * as vscode from 'vscode';
import type { CheckResult } from '../../../server/src/protocol/checks';
import { OUTCOME_ICONS, type CheckRecord, type ResultsStore } from './results-store';

export const RESULT_ITEM_CONTEXT = 'leaklens.checkResult';

type Node =
  | { kind: 'check'; record: CheckRecord }
  | { kind: 'assertion'; text: string }
  | { kind: 'history'; result: CheckResult };

function time(result: CheckResult): string {
  return new Date(result.startedAt).toLocaleTimeString();
}

function outcomeText(result: CheckResult): string {
  return result.status === null ? (result.error ?? 'failed') : `${result.status} · ${result.latencyMs} ms`;
}

export class ResultsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ResultsStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.store.all().map((record) => ({ kind: 'check', record }));
    if (node.kind !== 'check') return [];
    const latest = node.record.latest;
    return [
      ...latest.failedAssertions.map((text): Node => ({ kind: 'assertion', text })),
      ...node.record.history.slice(1).map((result): Node => ({ kind: 'history', result })),
    ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'assertion') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    if (node.kind === 'history') {
      const item = new vscode.TreeItem(`${OUTCOME_ICONS[node.result.outcome]} ${outcomeText(node.result)}`);
      item.description = time(node.result);
      item.iconPath = new vscode.ThemeIcon('history');
      return item;
    }
    const { latest, history } = node.record;
    const item = new vscode.TreeItem(
      `${OUTCOME_ICONS[latest.outcome]} ${latest.name}`,
      latest.failedAssertions.length > 0 || history.length > 1 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = latest.id;
    item.description = `${outcomeText(latest)} · ${time(latest)}`;
    item.contextValue = RESULT_ITEM_CONTEXT;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escape(latest.name)}** — ${latest.outcome}\n\n`);
    tooltip.appendMarkdown(`\`${latest.method} ${escape(latest.url)}\`\n\n`);
    tooltip.appendMarkdown(`Status: ${latest.status ?? '—'} · Latency: ${latest.latencyMs} ms · Redirects: ${latest.redirects}\n\n`);
    if (latest.error) tooltip.appendMarkdown(`Error: ${escape(latest.error)}\n\n`);
    for (const failed of latest.failedAssertions) tooltip.appendMarkdown(`- ${escape(failed)}\n`);
    tooltip.appendMarkdown(`\nRun at ${new Date(latest.startedAt).toLocaleString()}`);
    item.tooltip = tooltip;
    if (latest.anchor) {
      const { start } = latest.anchor.range;
      item.command = {
        title: 'Go to check',
        command: 'vscode.open',
        arguments: [vscode.Uri.parse(latest.anchor.uri), { selection: new vscode.Range(start.line, start.character, start.line, start.character) }],
      };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The check a view row stands for, from the argument VS Code passes to a row's inline command. */
export function recordOfNode(node: unknown): CheckRecord | undefined {
  return typeof node === 'object' && node !== null && (node as Node).kind === 'check' ? (node as { record: CheckRecord }).record : undefined;
}
