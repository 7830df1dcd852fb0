// Custom requests and notifications of the health-check feature, shared by the language server and the VS Code client.
// Other LSP clients can use them too: everything is plain JSON.
import { NotificationType, RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { Range } from '../analysis/types';

export type CheckOutcome = 'healthy' | 'unhealthy' | 'failed';

/** Where a check lives in a document: results are shown after `range`; a failed check is a diagnostic on `blockRange`. */
export interface CheckAnchor {
  uri: string;
  range: Range;
  blockRange?: Range;
}

/**
 * A check named by where it is defined. The server re-reads the document (open or on disk) on every run, so a rerun
 * picks up edits; a block is found by name, the one nearest to `line` when names repeat.
 */
export type CheckRef =
  | { kind: 'block'; uri: string; name: string; line: number }
  | { kind: 'url'; url: string; anchor?: CheckAnchor };

/** A check as listed for picking (palette, monitor). `url` is the display form: no secret values. */
export interface CheckDescriptor {
  id: string;
  ref: CheckRef;
  name: string;
  method: string;
  url: string;
  anchor?: CheckAnchor;
  /** Why the check cannot run as written (e.g. an undefined variable); pickers show it disabled. */
  invalid?: string;
}

export interface CheckResult {
  /** Stable across runs of the same check: results views key their rows and history by it. */
  id: string;
  ref?: CheckRef;
  name: string;
  method: string;
  /** Display form of the URL (environment-derived parts stay written as {{env:NAME}}). */
  url: string;
  outcome: CheckOutcome;
  /** The final HTTP status after redirects; null when no answer came. */
  status: number | null;
  latencyMs: number;
  /** Why no answer came, in words: "connection refused", "timeout after 2000 ms", …; null when one came. */
  error: string | null;
  redirects: number;
  failedAssertions: string[];
  /** ISO 8601 time the check started. */
  startedAt: string;
  anchor?: CheckAnchor;
}

export interface RunChecksParams extends WorkDoneProgressParams {
  checks: CheckRef[];
  /** Default per-check timeout (a block's @timeout wins). Default 5000. */
  timeoutMs?: number;
  /** How many checks run at once across all runs of this server. Default 8. */
  concurrency?: number;
}

export interface RunChecksResult {
  results: CheckResult[];
  /** True when the run was cancelled: unfinished checks are reported failed with error "cancelled". */
  cancelled: boolean;
}

/** Runs checks. Honours $/cancelRequest and reports work-done progress when the params carry a workDoneToken. */
export const RunChecksRequest = new RequestType<RunChecksParams, RunChecksResult, void>('leaklens/checks/run');

export interface DiscoverChecksParams {
  /** Check files and Go files to list checks from (open documents are read from the editor, others from disk). */
  uris: string[];
}

export interface DiscoverChecksResult {
  checks: CheckDescriptor[];
}

/** Lists the checks defined in the given files, for pickers. Runs nothing. */
export const DiscoverChecksRequest = new RequestType<DiscoverChecksParams, DiscoverChecksResult, void>('leaklens/checks/discover');

/** Sent by a result of every finished check while a run is going on, so results appear one by one. */
export const CheckResultNotification = new NotificationType<CheckResult>('leaklens/checks/result');

export interface WorkspaceTrustParams {
  trusted: boolean;
}

/**
 * Tells the server whether the workspace is trusted. Untrusted: lenses say why checks cannot run and run requests
 * are refused. Clients without workspace trust never send it: the server then counts the workspace as trusted.
 */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('leaklens/checks/workspaceTrust');

/** Client command ids the server's lenses carry. Arguments: `CheckRef[]`. */
export const RUN_CHECKS_COMMAND = 'leaklens.checks.runRefs';
/** Lens shown instead when the workspace is not trusted. Argument: none. */
export const EXPLAIN_UNTRUSTED_COMMAND = 'leaklens.checks.explainUntrusted';
