// Which of our diagnostics repeat one of gopls's. Pure functions (no vscode import), so they are unit-tested in Node.
//
// gopls reports its analyzers' findings with `source` = the analyzer name, here "lostcancel" ("the cancel function is
// not used on all paths (possible context leak)"), on the line of the `ctx, cancel := context.With…(…)` assignment;
// `code` is "default" in recent gopls and absent in older ones, so the source is what identifies it. Our lost-cancel
// finding starts on the same line (the acquiring call), so a lost-cancel diagnostic of ours on a line that already
// carries gopls's lostcancel diagnostic says nothing new and is hidden. Our other lost-cancel findings (main, cancel
// stored in a struct field) are exactly the cases vet's lostcancel misses, so they stay.

/** The parts of a vscode.Diagnostic these functions look at. */
export interface DiagnosticLike {
  source?: string;
  code?: string | number | { value: string | number };
  range: { start: { line: number } };
}

import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol/ids';

export const GOPLS_LOSTCANCEL_SOURCE = 'lostcancel';

function codeOf(d: DiagnosticLike): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function isGoplsLostCancel(d: DiagnosticLike): boolean {
  return d.source === GOPLS_LOSTCANCEL_SOURCE || (d.source !== DIAGNOSTIC_SOURCE && codeOf(d) === GOPLS_LOSTCANCEL_SOURCE);
}

export function isOurLostCancel(d: DiagnosticLike): boolean {
  return d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'lost-cancel';
}

/** Lines (0-based) carrying gopls's lostcancel diagnostic, as a stable key for change detection. */
export function goplsLostCancelLines(diagnostics: readonly DiagnosticLike[]): string {
  return [...new Set(diagnostics.filter(isGoplsLostCancel).map((d) => d.range.start.line))].sort((a, b) => a - b).join(',');
}

/** `ours` without the lost-cancel diagnostics that gopls already reports on the same line (in `all` of the document). */
export function withoutGoplsDuplicates<D extends DiagnosticLike>(ours: D[], all: readonly DiagnosticLike[]): D[] {
  const lines = new Set(all.filter(isGoplsLostCancel).map((d) => d.range.start.line));
  return lines.size === 0 ? ours : ours.filter((d) => !(isOurLostCancel(d) && lines.has(d.range.start.line)));
}
