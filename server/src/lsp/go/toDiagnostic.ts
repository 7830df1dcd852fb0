// Finding (analysis vocabulary) → LSP Diagnostic.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { UNUSED_SUPPRESSION, type Finding, type Severity } from '../../analysis/types';
import { ruleDocHref } from '../../analysis/ruleDocs';

import { DIAGNOSTIC_SOURCE } from '../../protocol/ids';

export { DIAGNOSTIC_SOURCE };

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity];
}

/** `uri` is the document's: related locations are always in the same document. */
export function findingToDiagnostic(finding: Finding, uri: string): Diagnostic {
  const href = ruleDocHref(finding.rule);
  return {
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    ...(href ? { codeDescription: { href } } : {}),
    message: finding.message,
    range: finding.range,
    severity: toLspSeverity(finding.severity),
    relatedInformation: finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
    // Editors grey out a suppression comment that suppresses nothing, as they do unused code.
    ...(finding.rule === UNUSED_SUPPRESSION ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** The one information diagnostic of a document that was not analysed, at its first character. */
export function skippedDiagnostic(reason: string): Diagnostic {
  return {
    source: DIAGNOSTIC_SOURCE,
    severity: DiagnosticSeverity.Information,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `LeakLens skipped this file: ${reason}.`,
  };
}
