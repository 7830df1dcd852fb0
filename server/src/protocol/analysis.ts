// Custom LSP messages of the Go analysis, shared by the language server and the VS Code client (imported by both,
// so the two sides cannot drift apart). Plain LSP clients (Neovim, Helix) never need them.
import { NotificationType, RequestType, type Diagnostic, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

/** Sent by the server whenever the analysis of a Go document starts or ends; drives the client's language status item. */
export interface AnalysisStatusParams {
  uri: string;
  state: 'analysing' | 'done' | 'skipped';
  /** Number of findings (done) — absent while analysing. */
  findings?: number;
  /** Wall time of the analysis in milliseconds (done). */
  durationMs?: number;
  /** Why the document was not analysed (skipped): too large, excluded. */
  reason?: string;
}

export const AnalysisStatusNotification = new NotificationType<AnalysisStatusParams>('leaklens/analysisStatus');

/** Analyse every Go file of the workspace folders. Attach a workDoneToken to get progress; cancel with $/cancelRequest. */
export type ScanWorkspaceParams = WorkDoneProgressParams;

export interface ScannedFile {
  uri: string;
  diagnostics: Diagnostic[];
}

export interface ScanWorkspaceResult {
  filesAnalyzed: number;
  /** Files not analysed (too large, binary, unreadable), with the reason. */
  filesSkipped: { uri: string; reason: string }[];
  /** Only files with at least one diagnostic; documents open in the editor are left out (they have live diagnostics). */
  files: ScannedFile[];
  /** True when the scan was cancelled; `files` then holds what was found so far. */
  cancelled: boolean;
}

export const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>('leaklens/scanWorkspace');

/**
 * The server command behind "Open documentation of <rule>"; arguments: [href of the rule's page]. The server shows the
 * page with window/showDocument; the VS Code client intercepts it and opens the page rendered (Markdown preview).
 */
export const OPEN_RULE_DOC_COMMAND = 'leaklens.openRuleDoc';
