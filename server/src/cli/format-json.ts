// The JSON format, exactly: {"version":1,"filesAnalyzed":N,"findings":[{file,line,column,endLine,endColumn,rule,severity,message}]}.
// Lines and columns are 1-based. Consumers depend on this shape: change it only with a new "version".
import type { CheckReport } from './report';

export function formatJson(report: CheckReport): string {
  const findings = report.findings.map(({ file, finding }) => ({
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
  }));
  return `${JSON.stringify({ version: 1, filesAnalyzed: report.filesAnalyzed, findings })}\n`;
}
