// Which open documents must be re-analysed because a file of their package changed what it offers the others (its
// summary: helpers, fields read, resource returners, no-return functions). Each analysis of an open document compares
// its summary with the one before (a stable key), so typing inside a function body that changes none of it does not
// cascade. The summary a document is compared with first is its file's on-disk one, which the siblings saw until it
// was opened; on close the siblings fall back to the disk file again. Documents of the same folder with the same
// package clause (old or new) are named, and documents whose analysis used the folder's package as a module package
// they import, directly or not (uses()); a re-analysed dependent only re-announces its own summary, which did not
// change: one pass per change, no loops.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSummary } from '../../analysis/analyzer';
import type { SiblingSummaries } from './siblings';

interface Announced {
  key: string;
  packageName: string | undefined;
}

/** A stable key of a summary: equal keys, equal summaries (Map and Set contents sorted). */
export function summaryKey(summary: FileSummary | undefined): string {
  if (!summary) return '';
  const byName = <V>(entries: Iterable<[string, V]>): [string, V][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    summary.packageName,
    byName(summary.functions),
    [...summary.fieldsRead].sort(),
    byName(summary.returners),
    byName(summary.forwards),
    byName(summary.nilWhenFalse),
    [...summary.noReturn].sort(),
    [...summary.imports].sort(),
    byName(summary.calls.calls),
    [...summary.calls.values].sort(),
    [...summary.calls.commandTypes].sort(),
    [...(summary.calls.testMentions ?? [])].sort(),
    summary.defaultMuxRoutes,
    [...summary.debugMuxMakers].sort(),
  ]);
}

export class PackageDependents {
  /** By document URI: the summary the document announced last (file: documents only). */
  private readonly announced = new Map<string, Announced>();
  /** By document URI: the folders of the module packages its last analysis used. */
  private readonly usedFolders = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly siblings: SiblingSummaries,
    /** Re-analyses the named open documents (debounced) and tells the client. */
    private readonly reanalyse: (uris: string[]) => void,
  ) {}

  /** The last analysis of the open document `uri` used the module packages of `folders`. */
  uses(uri: string, folders: readonly string[]): void {
    if (folders.length > 0) this.usedFolders.set(uri, new Set(folders));
    else this.usedFolders.delete(uri);
  }

  /** After an analysis of the open document `uri`, with the summary of the analysed text. Never rejects. */
  async analysed(uri: string, summary: FileSummary, maxFileSize: number): Promise<void> {
    const filePath = pathOf(uri);
    if (!filePath) return;
    const now: Announced = { key: summaryKey(summary), packageName: summary.packageName };
    let before = this.announced.get(uri);
    this.announced.set(uri, now);
    if (!before) {
      const onDisk = await this.siblings.onDisk(filePath, maxFileSize);
      before = { key: summaryKey(onDisk), packageName: onDisk?.packageName };
    }
    this.changed(uri, before, now);
  }

  /** A document was closed: its siblings now see the file on disk again. Never rejects. */
  async closed(uri: string, maxFileSize: number): Promise<void> {
    const filePath = pathOf(uri);
    const before = this.announced.get(uri);
    this.announced.delete(uri);
    this.usedFolders.delete(uri);
    if (!filePath || !before) return;
    const onDisk = await this.siblings.onDisk(filePath, maxFileSize);
    this.changed(uri, before, { key: summaryKey(onDisk), packageName: onDisk?.packageName });
  }

  /**
   * .go files changed on disk (workspace/didChangeWatchedFiles), all at once: one re-analysis of each dependent however
   * many files changed (a branch switch). Only files next to an open document are read; an open document's text wins
   * over its file.
   */
  async changedOnDisk(uris: readonly string[], maxFileSize: number): Promise<void> {
    const openFolders = new Set([...this.announced.keys()].map((uri) => path.dirname(pathOf(uri) ?? '')));
    for (const folders of this.usedFolders.values()) for (const folder of folders) openFolders.add(folder);
    const dependents = new Set<string>();
    for (const uri of new Set(uris)) {
      const filePath = pathOf(uri);
      if (!filePath || this.announced.has(uri) || !openFolders.has(path.dirname(filePath))) continue;
      const { before, after } = await this.siblings.reread(filePath, maxFileSize);
      const was = { key: summaryKey(before), packageName: before?.packageName };
      for (const d of this.dependentsOf(uri, was, { key: summaryKey(after), packageName: after?.packageName })) dependents.add(d);
    }
    if (dependents.size > 0) this.reanalyse([...dependents]);
  }

  private changed(uri: string, before: Announced, now: Announced): void {
    const dependents = this.dependentsOf(uri, before, now);
    if (dependents.length > 0) this.reanalyse(dependents);
  }

  /**
   * When `uri`'s summary changed: the open documents of its folder and package (old or new clause), and those that
   * use its folder's package as a module package.
   */
  private dependentsOf(uri: string, before: Announced, now: Announced): string[] {
    if (before.key === now.key) return [];
    const folder = path.dirname(pathOf(uri) ?? '');
    const packages = new Set([before.packageName, now.packageName].filter((p) => p !== undefined));
    const samePackage = (other: string, a: Announced): boolean =>
      a.packageName !== undefined && packages.has(a.packageName) && path.dirname(pathOf(other) ?? '') === folder;
    return [...this.announced]
      .filter(([other, a]) => other !== uri && (samePackage(other, a) || this.usedFolders.get(other)?.has(folder) === true))
      .map(([other]) => other);
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
