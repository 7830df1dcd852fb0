// The "Health Checks" view: one row per check with its latest result (name, outcome, status, latency, time; URL and
// failed assertions in the tooltip and below), a rerun button per row, and the last runs of each check below it.
import * as vscode from 'vscode';
import type { CheckResult } from '../../../server/src/protocol/checks';
import { OUTCOME_CODICONS, outcomeText, resultTooltip } from './outcome-text';
import type { CheckRecord, ResultsStore } from './results-store';

export const RESULT_ITEM_CONTEXT = 'leaklens.checkResult';

type Node =
  | { kind: 'check'; record: CheckRecord }
  | { kind: 'assertion'; text: string }
  | { kind: 'history'; result: CheckResult };

function time(result: CheckResult): string {
  return new Date(result.startedAt).toLocaleTimeString();
}

const OUTCOME_COLORS: Record<CheckResult['outcome'], string> = { healthy: 'testing.iconPassed', unhealthy: 'list.warningForeground', failed: 'testing.iconFailed' };

function outcomeIcon(result: CheckResult): vscode.ThemeIcon {
  return new vscode.ThemeIcon(OUTCOME_CODICONS[result.outcome], new vscode.ThemeColor(OUTCOME_COLORS[result.outcome]));
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
      const item = new vscode.TreeItem(outcomeText(node.result));
      item.description = time(node.result);
      item.iconPath = outcomeIcon(node.result);
      return item;
    }
    const { latest, history } = node.record;
    const item = new vscode.TreeItem(
      latest.name,
      latest.failedAssertions.length > 0 || history.length > 1 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = latest.id;
    item.description = `${outcomeText(latest)} · ${time(latest)}`;
    item.contextValue = RESULT_ITEM_CONTEXT;
    item.iconPath = outcomeIcon(latest);
    item.tooltip = new vscode.MarkdownString(resultTooltip(latest, new Date(latest.startedAt).toLocaleString()));
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

/** The check a view row stands for, from the argument VS Code passes to a row's inline command. */
export function recordOfNode(node: unknown): CheckRecord | undefined {
  return typeof node === 'object' && node !== null && (node as Node).kind === 'check' ? (node as { record: CheckRecord }).record : undefined;
}
