// Health checks as a language-server feature: diagnostics of *.checks files, "▶ Run" lenses in check files and Go
// files, and the run/discover requests. Nothing runs on open: only a run request (a user's action) sends anything.
import { DiagnosticSeverity, type CancellationToken, type CodeLens, type Diagnostic, type InitializeParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GoAnalyzer } from '../../analysis/analyzer';
import type { FeatureContext, LspFeature } from '../features';
import {
  CheckResultNotification,
  DiscoverChecksRequest,
  EXPLAIN_UNTRUSTED_COMMAND,
  RUN_CHECKS_COMMAND,
  RunChecksRequest,
  WorkspaceTrustNotification,
  type CheckRef,
  type CheckResult,
  type RunChecksParams,
  type RunChecksResult,
} from '../../protocol/checks';
import { Limiter } from '../../checks/limiter';
import { parseCheckFile } from '../../checks/parser';
import { runMany } from '../../checks/run-many';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../../checks/runner';
import { mask } from '../../checks/mask';
import { CheckSources, describeCheckFile, isCheckFileUri, urlRef } from '../../checks/sources';

export async function createHealthChecksFeature(ctx: FeatureContext): Promise<LspFeature> {
  const urlParser = await GoAnalyzer.create();
  const maxFileSize = async (uri: string): Promise<number> => (await ctx.settings.get(uri)).maxFileSize;
  const sources = new CheckSources((uri) => ctx.documents.get(uri)?.getText(), (text) => urlParser.parse(text), maxFileSize);
  const limiter = new Limiter(DEFAULT_CONCURRENCY);
  /** Runs in progress, so shutdown can cancel them. */
  const running = new Set<AbortController>();
  // Clients without workspace trust (Neovim, Helix) never say otherwise.
  let trusted = true;

  function lens(range: CodeLens['range'], title: string, refs: CheckRef[]): CodeLens {
    if (!trusted) {
      return { range, command: { title: '🔒 Checks disabled: this workspace is not trusted', command: EXPLAIN_UNTRUSTED_COMMAND, arguments: [] } };
    }
    return { range, command: { title, command: RUN_CHECKS_COMMAND, arguments: [refs] } };
  }

  async function checkFileLenses(doc: TextDocument): Promise<CodeLens[]> {
    const descriptors = describeCheckFile(parseCheckFile(doc.getText(), await maxFileSize(doc.uri)), doc.uri);
    if (descriptors.length === 0) return [];
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const all = lens(top, `▶ Run all (${descriptors.length})`, descriptors.map((d) => d.ref));
    if (!trusted) return [all];
    return [all, ...descriptors.map((d) => lens(d.anchor!.blockRange!, '▶ Run check', [d.ref]))];
  }

  async function goLenses(doc: TextDocument): Promise<CodeLens[]> {
    // The same size limit as the leak analysis: a huge (generated) file is not parsed for URLs either.
    await urlParser.ready();
    const { single, lists } = sources.goUrls(doc.getText(), await maxFileSize(doc.uri));
    const refOf = (u: { url: string; range: CodeLens['range'] }): CheckRef => urlRef(u.url, { uri: doc.uri, range: u.range });
    const lenses = [
      ...lists.map((l) => lens(l.range, `▶ Check ${l.urls.length} endpoint${l.urls.length === 1 ? '' : 's'}`, l.urls.map(refOf))),
      ...single.map((u) => lens(u.range, '▶ Check URL', [refOf(u)])),
    ].sort((a, b) => a.range.start.line - b.range.start.line);
    // Untrusted, every lens would say the same thing: say it once, at the first URL.
    return trusted ? lenses : lenses.slice(0, 1);
  }

  async function settingsFor(uri: string | undefined): Promise<{ timeoutMs: number; concurrency: number }> {
    const raw = uri ? (await ctx.settings.get(uri)).raw.checks : undefined;
    const checks = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback);
    return { timeoutMs: positive(checks.timeoutMs, DEFAULT_TIMEOUT_MS), concurrency: positive(checks.concurrency, DEFAULT_CONCURRENCY) };
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
          void ctx.connection.sendNotification(CheckResultNotification, maskedResult(result)).catch(() => undefined);
        },
      });
      return { results: results.map(maskedResult), cancelled: controller.signal.aborted };
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
        await urlParser.ready();
        const lists = await Promise.all(
          (params?.uris ?? []).map((uri) =>
            sources.describe(uri).catch((err: unknown) => {
              ctx.log(`Health checks: cannot list checks of ${uri}: ${err instanceof Error ? err.message : String(err)}`);
              return [];
            }),
          ),
        );
        return { checks: lists.flat() };
      });
      ctx.connection.onNotification(WorkspaceTrustNotification, (params) => {
        // Fails closed: only an explicit `trusted: true` trusts ({}, "no", null do not).
        trusted = params?.trusted === true;
        if (params?.trusted !== true && params?.trusted !== false) ctx.log(`Health checks: a malformed trust notification counts as untrusted: ${String(JSON.stringify(params)).slice(0, 200)}`);
        if (canRefreshLenses) void ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      });
    },
    async diagnostics(doc) {
      if (!isCheckFileUri(doc.uri) && doc.languageId !== 'healthchecks') return [];
      return parseCheckFile(doc.getText(), await maxFileSize(doc.uri)).diagnostics.map(
        (d): Diagnostic => ({
          range: d.range,
          message: mask(d.message),
          severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'leaklens',
          code: 'check-file',
        }),
      );
    },
    codeLenses(doc) {
      return doc.languageId === 'go' ? goLenses(doc) : checkFileLenses(doc);
    },
    dispose() {
      for (const controller of running) controller.abort();
      urlParser.dispose();
    },
  };
}

/** What leaves the server about a result: URL passwords masked everywhere, the ref included (the server rereads it). */
function maskedResult(result: CheckResult): CheckResult {
  const ref = result.ref?.kind === 'url' && result.ref.anchor ? urlRef(result.ref.url, result.ref.anchor) : result.ref;
  return { ...result, ref, name: mask(result.name), url: mask(result.url), error: result.error === null ? null : mask(result.error), failedAssertions: result.failedAssertions.map((f) => mask(f)) };
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
