// Health checks as a language-server feature: diagnostics of *.checks files, "Run" lenses in check files and Go
// files (one per URL list, one per lone URL; `leaklens.checks.goUrlLenses` turns the Go ones off), and the
// run/discover requests; a block that cannot run (say, an undefined variable) is listed with the reason; completion
// in check files. Nothing runs on open: only a run request (a user's action) sends anything.
import { DiagnosticSeverity, type CancellationToken, type CodeLens, type Diagnostic, type InitializeParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createGoParser } from '../../analysis/parser';
import type { FeatureContext, LspFeature } from '../features';
import {
  CheckResultNotification,
  DiscoverChecksRequest,
  EXPLAIN_UNTRUSTED_COMMAND,
  RUN_CHECKS_COMMAND,
  RunChecksRequest,
  WorkspaceTrustNotification,
  type CheckDescriptor,
  type CheckRef,
  type RunChecksParams,
  type RunChecksResult,
} from '../../protocol/checks';
import { CHECK_FILE_DIAGNOSTIC_CODE, DIAGNOSTIC_SOURCE } from '../../protocol/ids';
import { CHECKS_COMPLETION_TRIGGERS, checksCompletions } from './completion';
import { Limiter } from '../../checks/limiter';
import { parseCheckFile } from '../../checks/parser';
import { runMany } from '../../checks/run-many';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../../checks/runner';
import { CheckSources, describeCheckFile, isCheckFileUri } from '../../checks/sources';

export async function createHealthChecksFeature(ctx: FeatureContext): Promise<LspFeature> {
  const goParser = await createGoParser();
  const sources = new CheckSources((uri) => ctx.documents.get(uri)?.getText(), goParser);
  const limiter = new Limiter(DEFAULT_CONCURRENCY);
  /** Runs in progress, so shutdown can cancel them. */
  const running = new Set<AbortController>();
  // Clients without workspace trust (Neovim, Helix) never say otherwise.
  let trusted = true;

  function lens(range: CodeLens['range'], title: string, refs: CheckRef[]): CodeLens {
    if (!trusted) {
      return { range, command: { title: '$(lock) Checks disabled: this workspace is not trusted', command: EXPLAIN_UNTRUSTED_COMMAND, arguments: [] } };
    }
    return { range, command: { title, command: RUN_CHECKS_COMMAND, arguments: [refs] } };
  }

  function checkFileLenses(doc: TextDocument): CodeLens[] {
    const descriptors = describeBlocks(doc.getText(), doc.uri);
    if (descriptors.length === 0) return [];
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const runnable = descriptors.filter((d) => d.invalid === undefined);
    const all = lens(top, `$(play) Run all (${runnable.length})`, runnable.map((d) => d.ref));
    if (!trusted) return [all];
    return [
      all,
      ...descriptors.map((d) =>
        d.invalid === undefined
          ? lens(d.anchor!.blockRange!, '$(play) Run check', [d.ref])
          : { range: d.anchor!.blockRange!, command: { title: `$(error) Cannot run: ${d.invalid}`, command: '' } },
      ),
    ];
  }

  async function goLenses(doc: TextDocument): Promise<CodeLens[]> {
    const text = doc.getText();
    // The same size limit as the leak analysis: a huge (generated) file is not parsed for URLs either.
    const settings = await ctx.settings.get(doc.uri);
    if (text.length > settings.maxFileSize || !checkSettings(settings.raw).goUrlLenses) return [];
    const { single, lists } = sources.goUrls(text);
    const urlRef = (u: { url: string; range: CodeLens['range'] }): CheckRef => ({ kind: 'url', url: u.url, anchor: { uri: doc.uri, range: u.range } });
    const lenses = [
      ...lists.map((l) => lens(l.range, `$(play) Check ${l.urls.length} endpoint${l.urls.length === 1 ? '' : 's'}`, l.urls.map(urlRef))),
      ...single.map((u) => lens(u.range, '$(play) Check URL', [urlRef(u)])),
    ].sort((a, b) => a.range.start.line - b.range.start.line);
    // Untrusted, every lens would say the same thing: say it once, at the first URL.
    return trusted ? lenses : lenses.slice(0, 1);
  }

  async function settingsFor(uri: string | undefined): Promise<CheckSettings> {
    return checkSettings(uri ? (await ctx.settings.get(uri)).raw : {});
  }

  async function describeWithProblems(uri: string): Promise<CheckDescriptor[]> {
    return isCheckFileUri(uri) ? describeBlocks(await sources.text(uri), uri) : sources.describe(uri);
  }

  async function run(params: RunChecksParams, token: CancellationToken, reportProgress: ProgressReporter): Promise<RunChecksResult> {
    if (!trusted) throw new Error('Health checks run only in a trusted workspace.');
    if (!Array.isArray(params?.checks) || !params.checks.every(isCheckRef)) throw new Error('leaklens/checks/run expects { checks: CheckRef[] }');
    const firstUri = params.checks.map((r) => (r.kind === 'block' ? r.uri : r.anchor?.uri)).find((u) => u !== undefined);
    for (const key of ['timeoutMs', 'concurrency'] as const) {
      const value = params[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new Error(`leaklens/checks/run: ${key} must be a whole number ≥ 1`);
    }
    const defaults = await settingsFor(firstUri);
    limiter.setLimit(params.concurrency ?? defaults.concurrency);
    const controller = new AbortController();
    running.add(controller);
    const onCancel = token.onCancellationRequested(() => controller.abort());
    try {
      const checks = await sources.resolve(params.checks, (name) => process.env[name]);
      reportProgress.begin(checks.length);
      const results = await runMany(checks, {
        limiter,
        signal: controller.signal,
        timeoutMs: params.timeoutMs ?? defaults.timeoutMs,
        onResult: (result, done, total) => {
          reportProgress.report(done, total, result.name);
          void ctx.connection.sendNotification(CheckResultNotification, result).catch(() => undefined);
        },
      });
      return { results, cancelled: controller.signal.aborted };
    } finally {
      reportProgress.done();
      onCancel.dispose();
      running.delete(controller);
    }
  }

  return {
    name: 'Health checks',
    languages: ['healthchecks', 'go'],
    activate(initializeParams: InitializeParams) {
      const canRefreshLenses = initializeParams.capabilities.workspace?.codeLens?.refreshSupport === true;
      ctx.connection.onRequest(RunChecksRequest, (params, token) => {
        // Custom requests get no reporter from the library: attach one to the client's workDoneToken (a no-op without).
        const workDone = ctx.connection.window.attachWorkDoneProgress(params?.workDoneToken);
        return run(params, token, {
          begin: (total) => workDone.begin('Running health checks', 0, `0/${total}`, true),
          report: (done, total, name) => workDone.report(Math.round((done / Math.max(total, 1)) * 100), `${done}/${total} · ${name}`),
          done: () => workDone.done(),
        });
      });
      ctx.connection.onRequest(DiscoverChecksRequest, async (params) => {
        const lists = await Promise.all(
          (params?.uris ?? []).map((uri) =>
            describeWithProblems(uri).catch((err: unknown) => {
              ctx.log(`Health checks: cannot list checks of ${uri}: ${err instanceof Error ? err.message : String(err)}`);
              return [];
            }),
          ),
        );
        return { checks: lists.flat() };
      });
      ctx.connection.onNotification(WorkspaceTrustNotification, (params) => {
        trusted = params?.trusted !== false;
        if (canRefreshLenses) void ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      });
    },
    diagnostics(doc) {
      if (!isCheckFileUri(doc.uri) && doc.languageId !== 'healthchecks') return [];
      return parseCheckFile(doc.getText()).diagnostics.map(
        (d): Diagnostic => ({
          range: d.range,
          message: d.message,
          severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: DIAGNOSTIC_SOURCE,
          code: CHECK_FILE_DIAGNOSTIC_CODE,
        }),
      );
    },
    completionTriggers: CHECKS_COMPLETION_TRIGGERS,
    completion(doc, params) {
      return doc.languageId === 'go' ? [] : checksCompletions(doc.getText(), params.position);
    },
    codeLenses(doc) {
      return doc.languageId === 'go' ? goLenses(doc) : checkFileLenses(doc);
    },
    dispose() {
      for (const controller of running) controller.abort();
      goParser.delete();
    },
  };
}

interface ProgressReporter {
  begin(total: number): void;
  report(done: number, total: number, name: string): void;
  done(): void;
}

function isCheckRef(value: unknown): value is CheckRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  if (ref.kind === 'url') return typeof ref.url === 'string';
  return ref.kind === 'block' && typeof ref.uri === 'string' && typeof ref.name === 'string' && typeof ref.line === 'number';
}

interface CheckSettings {
  timeoutMs: number;
  concurrency: number;
  goUrlLenses: boolean;
}

/** The `checks` part of the `leaklens` settings; anything malformed falls back to the default. */
function checkSettings(raw: Record<string, unknown>): CheckSettings {
  const checks = typeof raw.checks === 'object' && raw.checks !== null ? (raw.checks as Record<string, unknown>) : {};
  const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback);
  return {
    timeoutMs: positive(checks.timeoutMs, DEFAULT_TIMEOUT_MS),
    concurrency: positive(checks.concurrency, DEFAULT_CONCURRENCY),
    goUrlLenses: checks.goUrlLenses !== false,
  };
}

/** The blocks of a check file as descriptors; a block that cannot run carries the first error inside it. */
function describeBlocks(text: string, uri: string): CheckDescriptor[] {
  const file = parseCheckFile(text);
  const errors = file.diagnostics.filter((d) => d.severity === 'error');
  return describeCheckFile(file, uri).map((d) => {
    const block = d.anchor!.blockRange!;
    const error = errors.find((e) => e.range.start.line >= block.start.line && e.range.start.line <= block.end.line);
    return error ? { ...d, invalid: error.message } : d;
  });
}
