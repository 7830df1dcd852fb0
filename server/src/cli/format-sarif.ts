// SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps, GitLab) import.
// Paths are relative to %SRCROOT% (the working directory); lines and columns are 1-based, columns in UTF-16 code units.
import { allRules, severityWhenOn } from '../analysis/registry';
import { UNUSED_SUPPRESSION, type FindingCode, type Range, type Severity } from '../analysis/types';
import type { CheckReport } from './report';
import { ruleDocHref, ruleDocMarkdown } from '../analysis/ruleDocs';
import { artifactLocation, sarifLog } from './sarif-base';
import { LEAKLENS_VERSION } from './usage';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface RuleDescriptor {
  id: FindingCode;
  summary: string;
  severity: Severity;
  /** False for a rule off by default: SARIF consumers then know it runs only when asked for. */
  enabled: boolean;
}

/** Every rule, plus the unused-suppression hint, so that every result's ruleIndex points at a descriptor. */
function descriptors(): RuleDescriptor[] {
  return [
    ...allRules.map((r) => ({ id: r.id, summary: r.summary, severity: severityWhenOn(r), enabled: r.defaultSeverity !== 'off' })),
    { id: UNUSED_SUPPRESSION, summary: 'A suppression comment that suppresses no finding.', severity: 'hint', enabled: true },
  ];
}

export function formatSarif(report: CheckReport, workingDirectory: string): string {
  const rules = descriptors();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const location = (file: string, range: Range) => ({
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  });
  const results = report.findings.map(({ file, finding }) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule) ?? -1,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [location(file, finding.range)],
    relatedLocations: finding.related.map((r, id) => ({ id, ...location(file, r.range), message: { text: r.message } })),
  }));
  const ruleDescriptors = rules.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.summary },
    ...ruleHelp(r.id),
    defaultConfiguration: { level: LEVELS[r.severity], ...(r.enabled ? {} : { enabled: false }) },
  }));
  return sarifLog(LEAKLENS_VERSION, ruleDescriptors, workingDirectory, { columnKind: 'utf16CodeUnits', results });
}

/**
 * Where a rule is explained: the page shipped beside the CLI (a file: URI, valid on the machine that ran the check) and
 * the page itself as help markdown, which code-scanning services show next to each result.
 */
function ruleHelp(id: FindingCode): { helpUri?: string; help?: { text: string; markdown: string } } {
  const markdown = ruleDocMarkdown(id);
  return { helpUri: ruleDocHref(id), help: markdown === undefined ? undefined : { text: markdown, markdown } };
}
