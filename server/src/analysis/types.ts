// The vocabulary shared by the analyzer, the rules, the language server and the CLI.
// Positions follow LSP: 0-based lines, UTF-16 columns (web-tree-sitter indexes JS strings the same way).

export const RULE_IDS = [
  'chan-blocked',
  'waitgroup',
  'lost-cancel',
  'loop-ignores-ctx',
  'server-not-shutdown',
  'unbounded-spawn',
  'go-in-defer',
  'unclosed-file',
  'unclosed-body',
  'unclosed-conn',
  'unclosed-rows',
  'client-per-request',
  'no-timeout',
  'ticker-not-stopped',
  'time-tick-leak',
  'time-after-in-loop',
  'pool-no-reset',
  'pool-put-nonpointer',
  'pool-long-lived',
  'cmd-not-waited',
  'signal-not-stopped',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

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
