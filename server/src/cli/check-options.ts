// Parses the arguments of `leaklens check`. Bad arguments throw UsageError (exit code 2), never a stack trace.
import { DEFAULT_MAX_FILE_SIZE } from '../limits';
import { allRules, DEFAULT_RULE_IDS, isRuleId, RULE_IDS } from '../analysis/registry';
import type { RuleSetting } from '../analysis/analyzer';
import { UNUSED_SUPPRESSION, type FindingCode, type RuleId } from '../analysis/types';
import { oneOf, parseCommandLine, UsageError, wholeNumber } from './usage';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  /** The codes to report: the rules that run, plus unused-suppression unless disabled. */
  enabled: ReadonlySet<FindingCode>;
  maxFileSize: number;
  /** Analyse test scaffolding and test code too (AnalysisSettings.analyzeScaffolding). */
  includeScaffolding: boolean;
  help: boolean;
}

export function parseCheckArgs(args: readonly string[]): CheckOptions {
  const { values, positionals } = parseCommandLine(args, {
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      rules: { type: 'string' },
      disable: { type: 'string' },
      'max-file-size': { type: 'string' },
      'include-scaffolding': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('--format', values.format, FORMATS, 'text'),
    enabled: enabledCodes(values.rules, values.disable),
    maxFileSize: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : wholeNumber('--max-file-size', values['max-file-size']),
    includeScaffolding: values['include-scaffolding'] === true,
    help: values.help === true,
  };
}

function enabledCodes(rules: string | undefined, disable: string | undefined): Set<FindingCode> {
  // Without --rules, the rules that are on by default; a rule off by default runs when --rules names it.
  const selected: FindingCode[] = rules === undefined ? [...DEFAULT_RULE_IDS, UNUSED_SUPPRESSION] : parseCodeList('--rules', rules);
  const disabled = new Set(disable === undefined ? [] : parseCodeList('--disable', disable));
  return new Set(selected.filter((code) => !disabled.has(code)));
}

function parseCodeList(flag: string, list: string): FindingCode[] {
  const codes = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = codes.filter((c) => !isFindingCode(c));
  if (unknown.length > 0) {
    throw new UsageError(`${flag}: unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}; known rules: ${RULE_IDS.join(', ')}`);
  }
  if (codes.length === 0) throw new UsageError(`${flag} needs at least one rule id`);
  return codes as FindingCode[];
}

function isFindingCode(code: string): code is FindingCode {
  return code === UNUSED_SUPPRESSION || isRuleId(code);
}

/** The analysis setting that turns off every rule not enabled, and on, at its enabled severity, an enabled rule off by default. */
export function ruleSettings(enabled: ReadonlySet<FindingCode>): Partial<Record<RuleId, RuleSetting>> {
  return Object.fromEntries(
    allRules.flatMap((r): [RuleId, RuleSetting][] => (!enabled.has(r.id) ? [[r.id, 'off']] : r.defaultSeverity === 'off' ? [[r.id, r.enabledSeverity]] : [])),
  );
}
