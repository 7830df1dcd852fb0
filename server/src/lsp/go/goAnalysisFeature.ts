// The Go leak analysis as a language-server feature: diagnostics of open Go documents (incremental trees, settings,
// size limit, exclude globs), quick fixes, hovers, the open-documentation command and the workspace scan.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  type CancellationToken,
  type Diagnostic,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, GoAnalyzer, ParserAbortedError, summarizeFile } from '../../analysis/analyzer';
import { utf8SizeUpTo } from '../../limits';
import { isGeneratedGoSource } from '../../analysis/files';
import { findGoVersion, forgetGoModCache } from '../../analysis/gomod';
import { testCodeReason } from '../../analysis/flow/test-code';
import { importPathsIn } from '../../analysis/module-graph';
import type { GoFile } from '../../analysis/rule';
import type { Finding } from '../../analysis/types';
import { AnalysisStatusNotification, OPEN_RULE_DOC_COMMAND, ScanWorkspaceRequest, type AnalysisStatusParams } from '../../protocol/analysis';
import type { FeatureContext, LspFeature } from '../features';
import { FIX_ALL_KIND, leakLensCodeActions } from './codeActions';
import { isExcluded } from './exclusion';
import { GoTrees } from './goTrees';
import { leakLensHover } from './hover';
import { PackageDependents } from './packageDependents';
import { SiblingSummaries } from './siblings';
import { findingToDiagnostic, skippedDiagnostic } from './toDiagnostic';
import { scanWorkspace } from './workspaceScan';

export async function createGoAnalysisFeature(ctx: FeatureContext): Promise<LspFeature> {
  const analyzer = await GoAnalyzer.create();
  const trees = new GoTrees(analyzer);
  const siblingSummaries = new SiblingSummaries(analyzer, trees, ctx.documents);
  // A changed summary re-analyses the open documents of the same package and of the module packages importing it:
  // they may call its helpers.
  const dependents = new PackageDependents(siblingSummaries, (uris) => ctx.refreshDiagnostics(uris));
  const logFailure = (what: string) => (err: unknown) => ctx.log(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  /** The findings behind the last diagnostics of each open document, for code actions and hovers. */
  const findingsByUri = new Map<string, Finding[]>();
  ctx.documents.onDocument(trees);
  ctx.documents.onDocument({
    closed: (uri) => {
      findingsByUri.delete(uri);
      void ctx.settings
        .get(uri)
        .then((settings) => dependents.closed(uri, settings.maxFileSize))
        .catch(logFailure(`Re-analysing the package of ${uri} after close`));
    },
  });

  const folderPaths = (): string[] =>
    ctx.workspaceFolders().filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));

  /** The last state sent per document, so that typing sends "analysing" once, not once per keystroke. */
  const lastState = new Map<string, AnalysisStatusParams['state']>();
  const status = (params: AnalysisStatusParams): void => {
    if (params.state === 'analysing' && lastState.get(params.uri) === 'analysing') return;
    lastState.set(params.uri, params.state);
    void ctx.connection.sendNotification(AnalysisStatusNotification, params).catch(() => undefined);
  };
  // The state turns to "analysing" as soon as the text changes, while the analysis waits for typing to pause.
  const pending = (doc: TextDocument): void => {
    if (doc.languageId === 'go') status({ uri: doc.uri, state: 'analysing' });
  };
  ctx.documents.onDocument({ opened: pending, changed: pending, closed: (uri) => lastState.delete(uri) });

  /** Open documents already named in the log as not analysed: one line per document while it stays open. */
  const loggedAsNotAnalysed = new Set<string>();
  ctx.documents.onDocument({ closed: (uri) => loggedAsNotAnalysed.delete(uri) });
  /**
   * Says once why an open document gets no findings at all (generated code, or test code while that is not analysed),
   * and how to get them if there is a way: else the silence looks like a bug.
   */
  const logNotAnalysed = (uri: string, filePath: string, reason: string | undefined): void => {
    if (reason === undefined || loggedAsNotAnalysed.has(uri)) return;
    loggedAsNotAnalysed.add(uri);
    const relative = folderPaths()
      .map((f) => path.relative(f, filePath))
      .find((r) => !r.startsWith('..') && !path.isAbsolute(r));
    const shown = relative === undefined ? filePath : relative.split(path.sep).join('/');
    ctx.log(`leaklens: ${shown} is not analysed: ${reason}`);
  };

  /** Forgets what we hold about a document we do not analyse (too large, excluded). */
  const skip = (doc: TextDocument, reason: string): void => {
    trees.drop(doc.uri);
    findingsByUri.delete(doc.uri);
    status({ uri: doc.uri, state: 'skipped', reason });
  };

  /** Hands the summary of an analysed document to `dependents`; a failure costs the document none of its diagnostics. */
  function announceSummary(uri: string, file: GoFile, maxFileSize: number): void {
    try {
      // Cached per file object: usually computed already by the rules that follow helpers.
      const summary = summarizeFile(file);
      void dependents.analysed(uri, summary, maxFileSize).catch(logFailure(`Re-analysing the package of ${uri}`));
    } catch (err) {
      logFailure(`Summarising ${uri}`)(err);
    }
  }

  async function diagnostics(doc: TextDocument, token: CancellationToken): Promise<Diagnostic[]> {
    try {
      return await analyse(doc, token);
    } catch (err) {
      if (!(err instanceof ParserAbortedError)) throw err;
      ctx.log(`Go analysis of ${doc.uri}: ${err.message}`);
      skip(doc, err.message);
      return [skippedDiagnostic(err.message)];
    }
  }

  async function analyse(doc: TextDocument, token: CancellationToken): Promise<Diagnostic[]> {
    await analyzer.ready();
    const filePath = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : undefined;
    const settings = await ctx.settings.get(doc.uri);
    if (filePath && isExcluded(filePath, folderPaths(), settings.exclude)) {
      skip(doc, 'excluded by leaklens.exclude');
      return [];
    }
    if (isGeneratedGoSource(doc.getText())) {
      // Never parsed: a generator's output can be megabytes (the compiler's rewriteAMD64.go is 1.9 MB), and
      // tree-sitter's memory, once grown to hold its tree, never shrinks. Its siblings read its summary from disk.
      if (filePath) logNotAnalysed(doc.uri, filePath, GENERATED_REASON);
      skip(doc, GENERATED_REASON);
      return [];
    }
    const siblings = filePath ? await siblingSummaries.of(filePath, settings.maxFileSize) : [];
    const module = filePath ? await siblingSummaries.moduleOf(filePath, importPathsIn(doc.getText()), settings.maxFileSize) : undefined;
    // From here on all is synchronous, so the text, the tree and the findings belong to one version.
    if (token.isCancellationRequested || ctx.documents.get(doc.uri) !== doc) return [];
    const text = doc.getText();
    const size = utf8SizeUpTo(text, settings.maxFileSize);
    if (size > settings.maxFileSize) {
      const reason = `it has ${size.toLocaleString('en-US')} bytes, more than leaklens.maxFileSize (${settings.maxFileSize.toLocaleString('en-US')} bytes)`;
      skip(doc, reason);
      return [skippedDiagnostic(reason)];
    }
    status({ uri: doc.uri, state: 'analysing' });
    const started = performance.now();
    const goVersion = filePath ? findGoVersion(path.dirname(filePath)) : undefined;
    const file = { path: filePath ?? doc.uri, text, tree: trees.treeFor(doc) };
    const findings = analyzeFile(file, { rules: settings.rules, goVersion, analyzeScaffolding: settings.analyzeScaffolding }, siblings, module?.packages);
    const testCode = settings.analyzeScaffolding === true ? undefined : testCodeReason(file);
    if (filePath) logNotAnalysed(doc.uri, filePath, testCode && `${testCode}; set leaklens.analyzeScaffolding to analyse it`);
    findingsByUri.set(doc.uri, findings);
    status({ uri: doc.uri, state: 'done', findings: findings.length, durationMs: performance.now() - started });
    if (filePath) {
      dependents.uses(doc.uri, module?.folders ?? []);
      announceSummary(doc.uri, file, settings.maxFileSize);
    }
    return findings.map((f) => findingToDiagnostic(f, doc.uri));
  }

  return {
    name: 'Go leak analysis',
    languages: ['go'],
    commands: {
      [OPEN_RULE_DOC_COMMAND]: async ([href]) => {
        if (typeof href !== 'string') throw new Error(`${OPEN_RULE_DOC_COMMAND} expects the page's URL`);
        if (ctx.clientCapabilities.window?.showDocument?.support) await ctx.connection.window.showDocument({ uri: href, takeFocus: true });
        // A plain message (not a request that waits for the user): the client may not answer message requests.
        else await ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `LeakLens rule documentation: ${fileURLToPath(href)}` });
      },
    },
    activate() {
      ctx.connection.onRequest(ScanWorkspaceRequest, (params, token) =>
        scanWorkspace(params, token, {
          connection: ctx.connection,
          analyzer,
          siblings: siblingSummaries,
          settings: ctx.settings,
          workspaceFolders: ctx.workspaceFolders(),
          openFilePaths: new Set(ctx.documents.all().flatMap((d) => (d.uri.startsWith('file:') ? [fileURLToPath(d.uri)] : []))),
          log: ctx.log,
        }),
      );
    },
    diagnostics,
    codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
    codeActions: (doc, params) =>
      leakLensCodeActions(doc, params, findingsByUri.get(doc.uri) ?? [], {
        snippetEdits: ctx.clientCapabilities.workspace?.workspaceEdit?.snippetEditSupport === true,
      }),
    hover: (doc, params) => leakLensHover(findingsByUri.get(doc.uri) ?? [], params.position),
    initialized() {
      // The VS Code client's own watcher covers go.mod only; .go files on disk are sibling summaries too.
      if (ctx.clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration !== true) return;
      ctx.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.go' }] })
        .catch(logFailure('Watching .go files'));
    },
    watchedFilesChanged(changes) {
      const goFiles = changes.filter((c) => c.uri.endsWith('.go')).map((c) => c.uri);
      if (goFiles.length > 0) {
        // One setting for the batch: the size limit only decides which files are summarised.
        void ctx.settings
          .get(goFiles[0])
          .then((settings) => dependents.changedOnDisk(goFiles, settings.maxFileSize))
          .catch(logFailure('Re-analysing after .go files changed on disk'));
      }
      // A changed `go` directive changes what the timer rules say.
      if (!changes.some((c) => c.uri.endsWith('/go.mod'))) return;
      forgetGoModCache();
      ctx.refreshDiagnostics();
    },
    dispose() {
      siblingSummaries.dispose();
      trees.dispose();
      analyzer.dispose();
    },
  };
}

/** Why a generated document is left out whole, worded for the log and the status. */
const GENERATED_REASON = 'generated code (its "Code generated … DO NOT EDIT." line); what it leaks is its generator\'s to fix';
