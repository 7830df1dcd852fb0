// SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps, GitLab) import.
// Paths are relative to %SRCROOT% (the working directory); lines and columns are 1-based, columns in UTF-16 code units.
import { pathToFileURL } from 'node:url';
import { allRules } from '../analysis/registry';
import { UNUSED_SUPPRESSION, type FindingCode, type Range, type Severity } from '../analysis/types';
import type { CheckReport } from './report';
import { ruleDocHref, ruleDocMarkdown } from '../analysis/ruleDocs';
import { LEAKLENS_VERSION } from './usage';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SOURCE_ROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface RuleDescriptor {
  id: FindingCode;
  summary: string;
  severity: Severity;
}

/** Every rule, plus the unused-suppression hint, so that every result's ruleIndex points at a descriptor. */
function descriptors(): RuleDescriptor[] {
  return [
    ...allRules.map((r) => ({ id: r.id, summary: r.summary, severity: r.defaultSeverity })),
    { id: UNUSED_SUPPRESSION, summary: 'A suppression comment that suppresses no finding.', severity: 'hint' },
  ];
}

export function formatSarif(report: CheckReport, workingDirectory: string): string {
  const rules = descriptors();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const location = (file: string, range: Range) => ({
    physicalLocation: {
      artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT },
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
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'LeakLens',
            version: LEAKLENS_VERSION,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              ...ruleHelp(r.id),
              defaultConfiguration: { level: LEVELS[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(workingDirectory) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * Where a rule is explained: the page shipped beside the CLI (a file: URI, valid on the machine that ran the check) and
 * the page itself as help markdown, which code-scanning services show next to each result.
 */
function ruleHelp(id: FindingCode): { helpUri?: string; help?: { text: string; markdown: string } } {
  const markdown = ruleDocMarkdown(id);
  return { helpUri: ruleDocHref(id), help: markdown === undefined ? undefined : { text: markdown, markdown } };
}

/** A folder's file: URI with the trailing slash SARIF needs to resolve relative URIs against it. */
export function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}
