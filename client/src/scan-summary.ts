// What "Scan Workspace for Leaks" says when it ends. The server leaves out the Go files open in editors (they have
// live diagnostics), so the counts add those in: the numbers then match `leaklens check` on the same folder.
// Pure: unit-tested.

export interface ScanCounts {
  /** Files the scan analysed (open files not included). */
  filesAnalyzed: number;
  /** Scanned files with at least one finding, and their findings. */
  filesWithFindings: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

export interface OpenCounts {
  /** Go files of the workspace open in editors. */
  files: number;
  filesWithFindings: number;
  findings: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function scanSummary(scan: ScanCounts, open: OpenCounts): string {
  const findings = scan.findings + open.findings;
  const withFindings = scan.filesWithFindings + open.filesWithFindings;
  const files = scan.filesAnalyzed + open.files;
  return (
    `LeakLens: ${plural(findings, 'finding')} in ${withFindings} of ${plural(files, 'file')}` +
    (open.files > 0 ? ` (${open.files} open in editors, counted from their live diagnostics)` : '') +
    (scan.skipped > 0 ? `, ${scan.skipped} skipped` : '') +
    (scan.cancelled ? ' (cancelled before the end)' : '') +
    '.'
  );
}
