// Runtime evidence meets static hints: where goroutines pile up at a line that a LeakLens diagnostic covers, that
// diagnostic's message says so; lines no LeakLens diagnostic covers are left for a separate information diagnostic.
// Pure (no vscode import at runtime), so the language-client middleware and the unit tests share it.
//
// Only the blocked-at line is known: pprof's goroutine?debug=1 stacks end at the goroutine's entry function and carry
// no `created by` frame (that is in debug=2 only, far too large to fetch every second), so the `go` statement that
// created the goroutines cannot be matched.

import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol/ids';

export const STATIC_HINT_SOURCE = DIAGNOSTIC_SOURCE;
export const RUNTIME_EVIDENCE_SOURCE = 'leaklens runtime';

/** The parts of a vscode.Diagnostic the merge reads and rewrites. */
export interface MergeableDiagnostic {
  message: string;
  source?: string;
  range: { start: { line: number }; end: { line: number } };
}

/** Goroutines seen blocked at one line of one document, summed over the debug sessions that saw them. */
export interface LineEvidence {
  /** 0-based, like diagnostic ranges. */
  line: number;
  goroutines: number;
  sessionNames: string[];
}

export function runtimeEvidenceText(goroutines: number): string {
  return `seen at runtime: ${goroutines} goroutines blocked here`;
}

function covers(d: MergeableDiagnostic, line: number): boolean {
  return d.source === STATIC_HINT_SOURCE && d.range.start.line <= line && d.range.end.line >= line;
}

/** The narrowest LeakLens diagnostic covering the line (a hint on a statement beats one spanning its function). */
function hintIndexFor(diagnostics: readonly MergeableDiagnostic[], line: number): number {
  let best = -1;
  diagnostics.forEach((d, index) => {
    if (!covers(d, line)) return;
    const span = d.range.end.line - d.range.start.line;
    if (best < 0 || span < diagnostics[best].range.end.line - diagnostics[best].range.start.line) best = index;
  });
  return best;
}

/** A copy of the diagnostic (same prototype and fields, so language-client data for code actions survives) with a new message. */
function withMessage<D extends MergeableDiagnostic>(diagnostic: D, message: string): D {
  return Object.assign(Object.create(Object.getPrototypeOf(diagnostic) as object) as D, diagnostic, { message });
}

/**
 * The diagnostics of one document with " — seen at runtime: N goroutines blocked here" appended to each LeakLens hint
 * that covers an evidence line (counts of several lines under one hint add up). The input is not modified.
 */
export function withRuntimeEvidence<D extends MergeableDiagnostic>(diagnostics: readonly D[], evidence: readonly LineEvidence[]): D[] {
  const goroutinesByHint = new Map<number, number>();
  for (const { line, goroutines } of evidence) {
    const index = hintIndexFor(diagnostics, line);
    if (index >= 0) goroutinesByHint.set(index, (goroutinesByHint.get(index) ?? 0) + goroutines);
  }
  if (goroutinesByHint.size === 0) return [...diagnostics];
  return diagnostics.map((d, index) => {
    const goroutines = goroutinesByHint.get(index);
    return goroutines === undefined ? d : withMessage(d, `${d.message} — ${runtimeEvidenceText(goroutines)}`);
  });
}

/** The evidence lines no LeakLens diagnostic covers: these get a diagnostic of their own. */
export function evidenceWithoutStaticHint(diagnostics: readonly MergeableDiagnostic[], evidence: readonly LineEvidence[]): LineEvidence[] {
  return evidence.filter(({ line }) => hintIndexFor(diagnostics, line) < 0);
}

/** The message of such a diagnostic of its own. */
export function standaloneEvidenceMessage(evidence: LineEvidence): string {
  const sessions = evidence.sessionNames.map((name) => JSON.stringify(name)).join(', ');
  const label = evidence.sessionNames.length === 1 ? 'debug session' : 'debug sessions';
  return `${runtimeEvidenceText(evidence.goroutines)} (${label} ${sessions}); no static LeakLens hint on this line`;
}
