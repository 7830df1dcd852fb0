// What a rule module exports. Each file in ./rules exports `rule`; esbuild.mjs collects them (virtual:rule-modules).
import type { ResourceKind } from './engine/kinds';
import type { PackageSummaries } from './engine/summaries';
import type { Tree } from './parser';
import type { Finding, RuleId, Severity } from './types';

export interface GoVersion {
  major: number;
  minor: number;
}

/** One Go source file as the rules see it. */
export interface GoFile {
  /** Absolute path or URI, for messages only; untitled documents have none. */
  path?: string;
  text: string;
  tree: Tree;
}

export type ReportedFinding = Omit<Finding, 'rule' | 'severity' | 'related' | 'fixes'> &
  Partial<Pick<Finding, 'severity' | 'related' | 'fixes'>>;

export interface RuleContext {
  file: GoFile;
  /** The `go` directive of the nearest go.mod, when known. */
  goVersion?: GoVersion;
  /** Summaries of the same-package functions (this file and its siblings), for following helpers one call deep. */
  packageSummaries?: PackageSummaries;
  report(finding: ReportedFinding): void;
}

interface RuleBase {
  id: RuleId;
  /** One line: what the rule finds. Used in SARIF, the README and hovers. */
  summary: string;
  /** The resources a lifecycle rule traces (engine/kinds.ts); the engine also follows helpers that return them. */
  resources?: readonly ResourceKind[];
  check(ctx: RuleContext): void;
}

/**
 * A rule runs by default at `defaultSeverity`. A weaker hint (not a leak) is 'off' by default: it runs only when a
 * setting names a severity for it, or when the CLI's `--rules` names it, and then reports at `enabledSeverity`.
 */
export type Rule = RuleBase & ({ defaultSeverity: Severity } | { defaultSeverity: 'off'; enabledSeverity: Severity });
