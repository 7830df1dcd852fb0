// The vocabulary shared by the analyzer, the rules, the language server and the CLI.
// Positions follow LSP: 0-based lines, UTF-16 columns (web-tree-sitter indexes JS strings the same way).

/**
 * The rule catalogue as a type: each module in ./rules adds its own id here (a module augmentation at its end), so
 * `RuleId` is exactly the set of rule modules, a `Rule` whose id is not declared does not compile, and no list is kept
 * by hand. At run time the list comes from the same modules (registry.ts); test/unit/catalogue.test.ts checks that both
 * agree with the file names.
 */
export interface RuleCatalogue {}

export type RuleId = keyof RuleCatalogue & string;

/** Not a rule: the code of the hint on a suppression comment that suppresses nothing (analysis/suppressions.ts). */
export const UNUSED_SUPPRESSION = 'unused-suppression';

/** What a finding is reported under: a rule id, or the unused-suppression hint. */
export type FindingCode = RuleId | typeof UNUSED_SUPPRESSION;

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: FindingCode;
  severity: Severity;
  /** One sentence: what leaks and how to fix it. */
  message: string;
  /** The acquiring expression. */
  range: Range;
  /** Where it leaks, e.g. "returns here without closing resp.Body". */
  related: RelatedLocation[];
  fixes: QuickFix[];
}
