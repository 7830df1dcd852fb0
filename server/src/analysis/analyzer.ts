// The one entry point to analysis, shared by the language server and the CLI.
import type { Parser, Tree } from './parser';
import { PackageSummaries, summarizeFile as summarizeWithKinds, type FileSummary } from './engine/summaries';
import { isDiagnosticBuildOnly, isIgnoredBuildScript } from './files';
import { MAX_TREE_DEPTH, tooDeepToAnalyse } from './flow/nesting';
import { createGoParser } from './parser';
import { allResourceKinds, allRules } from './registry';
import type { GoFile, GoVersion, ReportedFinding } from './rule';
import { applySuppressions } from './suppressions';
import type { Finding, RuleId, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface AnalysisSettings {
  /** Per-rule severity or 'off'; rules not named keep their default severity. */
  rules?: Partial<Record<RuleId, RuleSetting>>;
  goVersion?: GoVersion;
}

export type { FileSummary } from './engine/summaries';

/** What the other files of a package need to know about this one (helpers, fields read); cached per GoFile. */
export function summarizeFile(file: GoFile): FileSummary {
  return summarizeWithKinds(file, allResourceKinds);
}

/**
 * Runs every enabled rule over an already parsed file. A rule that throws is reported on stderr and skipped.
 * `siblings` are summarizeFile() results of the other .go files in the same folder; those with another package clause
 * are ignored. They let rules follow same-package helpers (`defer closeBody(resp)`).
 */
export function analyzeFile(file: GoFile, settings: AnalysisSettings = {}, siblings: readonly FileSummary[] = []): Finding[] {
  const findings: Finding[] = [];
  if (isIgnoredBuildScript(file.text) || isDiagnosticBuildOnly(file.text)) return findings;
  if (tooDeepToAnalyse(file.tree)) {
    process.stderr.write(`leaklens: ${file.path ?? 'an untitled file'} nests deeper than ${MAX_TREE_DEPTH} syntax levels; not analysed\n`);
    return findings;
  }
  const packageSummaries = new PackageSummaries(file, siblings, allResourceKinds);
  const ranRules = new Set<RuleId>();
  for (const rule of allRules) {
    const setting = settings.rules?.[rule.id];
    if (setting === 'off') continue;
    const report = (f: ReportedFinding): void => {
      findings.push({ related: [], fixes: [], ...f, rule: rule.id, severity: setting ?? f.severity ?? rule.defaultSeverity });
    };
    try {
      rule.check({ file, goVersion: settings.goVersion, packageSummaries, report });
      ranRules.add(rule.id);
    } catch (err) {
      process.stderr.write(`leaklens: rule ${rule.id} failed on ${file.path ?? 'an untitled file'}: ${String(err)}\n`);
    }
  }
  return applySuppressions(file, findings, { ranRules }).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** Parses and analyses whole texts; owns one parser. Call dispose() when done. */
export class GoAnalyzer {
  private constructor(private readonly parser: Parser) {}

  static async create(): Promise<GoAnalyzer> {
    return new GoAnalyzer(await createGoParser());
  }

  /** Parses `text` (reusing `oldTree` if it was edited to match) and returns the new tree; the caller owns it. */
  parse(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  analyzeText(text: string, path: string | undefined, settings?: AnalysisSettings, siblings?: readonly FileSummary[]): Finding[] {
    const tree = this.parse(text);
    try {
      return analyzeFile({ path, text, tree }, settings, siblings);
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    this.parser.delete();
  }
}
