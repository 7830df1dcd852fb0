// The latest result of every check plus a short history per check, for the view, the inline results, the diagnostics
// and the status bar. Results arrive one by one (server notifications) and again at the end of a run: deduplicated.
import * as vscode from 'vscode';
import type { CheckOutcome, CheckResult } from '../../../server/src/protocol/checks';

export const HISTORY_LENGTH = 10;

export interface CheckRecord {
  latest: CheckResult;
  /** Newest first, the latest included, at most HISTORY_LENGTH. */
  history: CheckResult[];
}

export type Summary = Record<CheckOutcome, number>;

export class ResultsStore implements vscode.Disposable {
  private readonly records = new Map<string, CheckRecord>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  add(results: readonly CheckResult[]): void {
    let any = false;
    for (const result of results) {
      const record = this.records.get(result.id);
      if (record?.history.some((r) => r.startedAt === result.startedAt)) continue;
      const history = [result, ...(record?.history ?? [])].slice(0, HISTORY_LENGTH);
      this.records.set(result.id, { latest: result, history });
      any = true;
    }
    if (any) this.changed.fire();
  }

  all(): CheckRecord[] {
    return [...this.records.values()].sort((a, b) => a.latest.name.localeCompare(b.latest.name));
  }

  /** Latest results anchored in `uri`. */
  inDocument(uri: string): CheckResult[] {
    return [...this.records.values()].map((r) => r.latest).filter((r) => r.anchor?.uri === uri);
  }

  /** Forgets where results of `uri` are shown (the text changed, so their ranges no longer fit); keeps them listed. */
  detachDocument(uri: string): void {
    let any = false;
    for (const record of this.records.values()) {
      if (record.latest.anchor?.uri === uri) {
        record.latest = { ...record.latest, anchor: undefined };
        any = true;
      }
    }
    if (any) this.changed.fire();
  }

  summary(): Summary {
    const summary: Summary = { healthy: 0, unhealthy: 0, failed: 0 };
    for (const record of this.records.values()) summary[record.latest.outcome]++;
    return summary;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
