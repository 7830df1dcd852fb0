// The text format: one `file:line:col: rule: message` line per finding (1-based), as `go vet` prints them.
import type { CheckReport } from './report';

export function formatText(report: CheckReport): string {
  return report.findings
    .map(({ file, finding }) => {
      const { line, character } = finding.range.start;
      return `${file}:${line + 1}:${character + 1}: ${finding.rule}: ${finding.message}\n`;
    })
    .join('');
}
