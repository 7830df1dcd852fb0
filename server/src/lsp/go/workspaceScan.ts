// leaklens/scanWorkspace: analyse every Go file under the workspace folders (the CLI's walker and reader, so both see
// the same files), with work-done progress and cancellation. Documents open in the editor are left out: they already
// have live diagnostics. The client shows the result in the Problems panel.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkspaceFolder } from 'vscode-languageserver';
import { ParserAbortedError, type GoAnalyzer } from '../../analysis/analyzer';
import { readGoSource, walkGoFiles } from '../../analysis/files';
import { findGoVersion } from '../../analysis/gomod';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../../protocol/analysis';
import type { SettingsStore } from '../settings';
import { isExcluded, isExcludedFolder } from './exclusion';
import type { SiblingSummaries } from './siblings';
import { importPathsIn } from '../../analysis/module-graph';
import { findingToDiagnostic } from './toDiagnostic';

export interface ScanDependencies {
  connection: Connection;
  analyzer: GoAnalyzer;
  siblings: SiblingSummaries;
  settings: SettingsStore;
  workspaceFolders: WorkspaceFolder[];
  /** Paths of the Go documents open in the editor. */
  openFilePaths: ReadonlySet<string>;
  log(message: string): void;
}

export async function scanWorkspace(
  params: ScanWorkspaceParams,
  token: CancellationToken,
  deps: ScanDependencies,
): Promise<ScanWorkspaceResult> {
  const progress = deps.connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin('LeakLens: scanning for leaks', 0, 'finding Go files…', true);
  const result: ScanWorkspaceResult = { filesAnalyzed: 0, filesSkipped: [], files: [], cancelled: false };
  const abort = new AbortController();
  const onCancel = token.onCancellationRequested(() => abort.abort());
  try {
    const folders = deps.workspaceFolders.filter((f) => f.uri.startsWith('file:')).map((f) => ({ uri: f.uri, path: fileURLToPath(f.uri) }));
    const folderPaths = folders.map((f) => f.path);
    const work: { file: string; settingsUri: string }[] = [];
    for (const folder of folders) {
      const settings = await deps.settings.get(folder.uri);
      const files = walkGoFiles(folder.path, {
        signal: abort.signal,
        skipFolder: (p) => isExcludedFolder(p, folderPaths, settings.exclude),
        onProblem: (p) => deps.log(`Scan: skipped ${p.path}: ${p.message}`),
      });
      try {
        for await (const file of files) {
          if (!deps.openFilePaths.has(file) && !isExcluded(file, folderPaths, settings.exclude)) work.push({ file, settingsUri: folder.uri });
        }
      } catch (err) {
        deps.log(`Scan: cannot read the workspace folder ${folder.path}: ${String(err)}`);
      }
    }
    for (const [i, { file, settingsUri }] of work.entries()) {
      if (token.isCancellationRequested) break;
      progress.report(Math.floor((i * 100) / work.length), `${i + 1}/${work.length} ${path.basename(file)}`);
      const settings = await deps.settings.get(settingsUri);
      const source = await readGoSource(file, settings.maxFileSize);
      const uri = pathToFileURL(file).href;
      if (source.kind === 'skipped') {
        result.filesSkipped.push({ uri, reason: source.reason });
        continue;
      }
      const siblings = await deps.siblings.of(file, settings.maxFileSize);
      const module = await deps.siblings.moduleOf(file, importPathsIn(source.text), settings.maxFileSize);
      const goVersion = findGoVersion(path.dirname(file));
      await deps.analyzer.ready();
      let findings;
      try {
        findings = deps.analyzer.analyzeText(source.text, file, { rules: settings.rules, goVersion, analyzeScaffolding: settings.analyzeScaffolding }, siblings, module.packages);
      } catch (err) {
        if (!(err instanceof ParserAbortedError)) throw err;
        result.filesSkipped.push({ uri, reason: err.message });
        continue;
      }
      result.filesAnalyzed++;
      if (findings.length > 0) result.files.push({ uri, diagnostics: findings.map((f) => findingToDiagnostic(f, uri)) });
      // Lets cancellation and other requests through between two files.
      await new Promise((resolve) => setImmediate(resolve));
    }
    result.cancelled = token.isCancellationRequested;
    return result;
  } finally {
    onCancel.dispose();
    progress.done();
  }
}
