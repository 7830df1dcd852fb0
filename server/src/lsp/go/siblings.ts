// Summaries of the other Go files of a document's package (same folder), which let rules follow same-package helpers
// (`defer closeBody(resp)`). Open documents are summarised from their live tree, once per version; files on disk once
// per modification (size + mtime), so an edit re-summarises its own file only. Files of another package clause are
// passed along too: analyzeFile ignores them. The same summaries, per folder, give the packages of the same module a
// document imports (moduleOf: `util.CloseQuietly(f)`).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forImporters, ParserAbortedError, summarizeFile, unparsedGeneratedFileSummary, type FileSummary, type GoAnalyzer, type ModulePackages } from '../../analysis/analyzer';
import { findModule, folderOfImport } from '../../analysis/gomod';
import { parsedForSiblings, readGoSource } from '../../analysis/files';
import type { DocumentStore } from '../documents';
import type { GoTrees } from './goTrees';

/** A folder with more Go files than this is generated code; its files are analysed without sibling summaries. */
const MAX_SIBLINGS = 400;
/** Module packages followed from one document, directly or not: beyond this many, the rest are unknown (silent). */
const MAX_MODULE_PACKAGES = 100;
/**
 * How long the summaries of an imported folder are reused without looking at its files again. An edit of an open
 * document and a change the client reports on disk drop them at once; this bounds how stale a change the client did
 * not report can be, while typing elsewhere re-reads nothing.
 */
const MODULE_FOLDER_TTL_MS = 2_000;

export interface ModuleContext {
  packages: ModulePackages;
  /** The folders of those packages: an edit in one re-analyses the document (packageDependents.ts). */
  folders: string[];
}

interface DiskEntry {
  mtimeMs: number;
  size: number;
  summary: FileSummary | undefined;
}

export class SiblingSummaries {
  private readonly diskEntries = new Map<string, DiskEntry>();
  private readonly ofOpen = new Map<string, { version: number; summary: FileSummary }>();
  /** Summaries of imported module folders (test files left out), by folder, and when they were read. */
  private readonly moduleFolders = new Map<string, { summaries: FileSummary[]; readAt: number }>();

  constructor(
    private readonly analyzer: GoAnalyzer,
    private readonly trees: GoTrees,
    private readonly documents: DocumentStore,
  ) {
    const forgetFolderOf = (uri: string): void => {
      if (!uri.startsWith('file:')) return;
      try {
        this.moduleFolders.delete(path.dirname(fileURLToPath(uri)));
      } catch {
        // not a local file path: no folder of it is cached
      }
    };
    documents.onDocument({
      opened: (doc) => forgetFolderOf(doc.uri),
      changed: (doc) => forgetFolderOf(doc.uri),
      closed: (uri) => {
        this.ofOpen.delete(uri);
        forgetFolderOf(uri);
      },
    });
  }

  /** The summaries of the .go files next to `filePath` (not itself). Never rejects: unreadable files are left out. */
  of(filePath: string, maxFileSize: number): Promise<FileSummary[]> {
    return this.inFolder(path.dirname(filePath), maxFileSize, (name) => path.join(path.dirname(filePath), name) !== filePath);
  }

  /** The summaries of the .go files of `folder` whose names `wanted` accepts. */
  private async inFolder(folder: string, maxFileSize: number, wanted: (name: string) => boolean): Promise<FileSummary[]> {
    let names: string[];
    try {
      names = (await fs.readdir(folder)).filter((n) => n.endsWith('.go') && wanted(n));
    } catch {
      return []; // an unsaved file's folder may be gone: analyse the file alone
    }
    if (names.length > MAX_SIBLINGS) return [];
    const openByPath = new Map(
      this.documents.all().flatMap((d) => (d.uri.startsWith('file:') && d.languageId === 'go' ? [[fileURLToPath(d.uri), d] as const] : [])),
    );
    const summaries: FileSummary[] = [];
    for (const name of names) {
      const sibling = path.join(folder, name);
      const doc = openByPath.get(sibling);
      const summary = doc && doc.getText().length <= maxFileSize ? this.ofOpenDocument(doc) : await this.ofFile(sibling, maxFileSize);
      if (summary) summaries.push(summary);
    }
    return summaries;
  }

  /**
   * The summaries of the packages of `filePath`'s module that `imports` name, and of those they import in turn, by
   * import path. Test files are left out (no package imports them). Never rejects: unreadable files are left out.
   * An imported folder's summaries are cached like siblings': an edit re-summarises its own file only.
   */
  async moduleOf(filePath: string, imports: readonly string[], maxFileSize: number): Promise<ModuleContext> {
    const module = findModule(path.dirname(filePath));
    const packages = new Map<string, FileSummary[]>();
    const folders: string[] = [];
    if (!module) return { packages, folders };
    const pending = [...imports];
    while (pending.length > 0 && packages.size < MAX_MODULE_PACKAGES) {
      const importPath = pending.shift()!;
      if (packages.has(importPath)) continue;
      const folder = folderOfImport(module, importPath);
      if (!folder || folder === path.dirname(filePath)) continue;
      const summaries = await this.ofModuleFolder(folder, maxFileSize);
      packages.set(importPath, summaries);
      folders.push(folder);
      for (const s of summaries) pending.push(...s.imports);
    }
    return { packages, folders };
  }

  /** The summaries an importer sees of the package in `folder` (cached: MODULE_FOLDER_TTL_MS). */
  private async ofModuleFolder(folder: string, maxFileSize: number): Promise<FileSummary[]> {
    const cached = this.moduleFolders.get(folder);
    if (cached && performance.now() - cached.readAt < MODULE_FOLDER_TTL_MS) return cached.summaries;
    const summaries = (await this.inFolder(folder, maxFileSize, (name) => !name.endsWith('_test.go'))).map(forImporters);
    this.moduleFolders.set(folder, { summaries, readAt: performance.now() });
    return summaries;
  }

  /** The summary of the file on disk (cached per size + mtime); undefined when it is missing or unreadable. */
  onDisk(filePath: string, maxFileSize: number): Promise<FileSummary | undefined> {
    return this.ofFile(filePath, maxFileSize);
  }

  /** The summary of a file the client reported changed: the one held before, and the one of its current content. */
  async reread(filePath: string, maxFileSize: number): Promise<{ before: FileSummary | undefined; after: FileSummary | undefined }> {
    this.moduleFolders.delete(path.dirname(filePath));
    const before = this.diskEntries.get(filePath)?.summary;
    return { before, after: await this.ofFile(filePath, maxFileSize) };
  }

  dispose(): void {
    this.diskEntries.clear();
    this.ofOpen.clear();
    this.moduleFolders.clear();
  }

  private ofOpenDocument(doc: Parameters<GoTrees['treeFor']>[0]): FileSummary {
    const cached = this.ofOpen.get(doc.uri);
    if (cached?.version === doc.version) return cached.summary;
    const text = doc.getText();
    const summary = parsedForSiblings(text) ? summarizeFile({ path: doc.uri, text, tree: this.trees.treeFor(doc) }) : unparsedGeneratedFileSummary(text);
    this.ofOpen.set(doc.uri, { version: doc.version, summary });
    return summary;
  }

  private async ofFile(filePath: string, maxFileSize: number): Promise<FileSummary | undefined> {
    let stat;
    try {
      stat = await fs.stat(filePath);
    } catch {
      this.diskEntries.delete(filePath);
      return undefined;
    }
    const cached = this.diskEntries.get(filePath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.summary;
    const source = await readGoSource(filePath, maxFileSize);
    let summary: FileSummary | undefined;
    if (source.kind === 'text' && !parsedForSiblings(source.text)) {
      summary = unparsedGeneratedFileSummary(source.text);
    } else if (source.kind === 'text') {
      let tree;
      try {
        tree = this.analyzer.parse(source.text);
      } catch (err) {
        if (err instanceof ParserAbortedError) return undefined; // not cached: the next parser may manage
        throw err;
      }
      try {
        summary = summarizeFile({ path: filePath, text: source.text, tree });
      } finally {
        tree.delete();
      }
    }
    this.diskEntries.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, summary });
    return summary;
  }
}
