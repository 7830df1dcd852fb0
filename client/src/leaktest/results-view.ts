// The "Leak Checks" view: runs (newest first) → packages → leaks and hangs; a leak row opens its blocking line.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { COMMANDS } from '../commands';
import { absoluteLocation } from './findings';
import { packageStatus, type CompletedRun, type RunHistory } from './run-history';
import type { HungGoroutine, LeakGroup, PackageLeakReport, SourceLocation } from './report';

type Node =
  | { kind: 'run'; run: CompletedRun }
  | { kind: 'package'; run: CompletedRun; pkg: PackageLeakReport }
  | { kind: 'leak'; run: CompletedRun; leak: LeakGroup }
  | { kind: 'hang'; run: CompletedRun; goroutine: HungGoroutine }
  | { kind: 'buildError'; text: string };

function openLine(run: CompletedRun, at: SourceLocation): vscode.Command {
  const { file, line } = absoluteLocation(at, run.request.cwd);
  return { title: 'Open', command: COMMANDS.openLeakLine, arguments: [file, line + 1] };
}

function where(at: SourceLocation): string {
  return `${basename(at.file)}:${at.line}`;
}

export class LeakRunsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly history: RunHistory) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.history.runs.map((run): Node => ({ kind: 'run', run }));
    if (node.kind === 'run') return node.run.report.packages.map((pkg): Node => ({ kind: 'package', run: node.run, pkg }));
    if (node.kind !== 'package') return [];
    const { run, pkg } = node;
    return [
      ...(pkg.buildError ? [{ kind: 'buildError', text: pkg.buildError } as Node] : []),
      ...pkg.leaks.map((leak): Node => ({ kind: 'leak', run, leak })),
      ...(pkg.hang?.goroutines ?? []).map((goroutine): Node => ({ kind: 'hang', run, goroutine })),
    ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'run': {
        const { run } = node;
        const item = new vscode.TreeItem(run.request.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `run-${run.id}`;
        const leaked = run.findings.length > 0;
        item.description = `${run.startedAt.toLocaleTimeString()} · ${run.report.mode} · ${run.report.go}`;
        item.tooltip = `${run.request.label} in ${run.request.cwd}`;
        item.iconPath = new vscode.ThemeIcon(leaked ? 'warning' : 'pass');
        return item;
      }
      case 'package': {
        const { pkg } = node;
        const hasChildren = pkg.leaks.length > 0 || pkg.hang !== null || pkg.buildError !== null;
        const item = new vscode.TreeItem(pkg.package, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `run-${node.run.id}-${pkg.package}`;
        item.description = packageStatus(pkg);
        item.iconPath = new vscode.ThemeIcon(pkg.buildError || pkg.hang ? 'error' : pkg.leaks.length > 0 ? 'warning' : 'pass');
        return item;
      }
      case 'leak': {
        const { leak } = node;
        const item = new vscode.TreeItem(`${leak.count} × ${leak.state}`);
        item.description = `${where(leak.blockedAt)}${leak.test ? ` · ${leak.test}` : ''}`;
        item.tooltip = `${leak.count} goroutine(s) blocked forever on ${leak.state} in ${leak.blockedAt.function} (${leak.blockedAt.file}:${leak.blockedAt.line})${
          leak.createdAt ? `\ncreated at ${leak.createdAt.file}:${leak.createdAt.line} in ${leak.createdAt.function}` : ''
        }`;
        item.iconPath = new vscode.ThemeIcon('debug-disconnect');
        item.command = openLine(node.run, leak.blockedAt);
        return item;
      }
      case 'hang': {
        const { goroutine } = node;
        const item = new vscode.TreeItem(`hang: ${goroutine.state}`);
        item.iconPath = new vscode.ThemeIcon('watch');
        item.description = where(goroutine.blockedAt);
        item.tooltip = `${goroutine.blockedAt.function} (${goroutine.blockedAt.file}:${goroutine.blockedAt.line})`;
        item.command = openLine(node.run, goroutine.blockedAt);
        return item;
      }
      case 'buildError': {
        const item = new vscode.TreeItem(node.text.split('\n')[0]);
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
