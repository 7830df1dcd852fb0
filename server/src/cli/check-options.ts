// Parses the arguments of `leaklens check`. Bad arguments throw UsageError (exit code 2), never a stack trace.
import { DEFAULT_MAX_FILE_SIZE } from '../analysis/files';
import { isRuleId, RULE_IDS } from '../analysis/registry';
import { UNUSED_SUPPRESSION, type FindingCode, type RuleId } from '../analysis/types';
import { UsageError } from './usage';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  /** The codes to report: the rules that run, plus unused-suppression unless disabled. */
  enabled: ReadonlySet<FindingCode>;
  maxFileSize: number;
  help: boolean;
}

const VALUE_FLAGS = ['--format', '--rules', '--disable', '--max-file-size'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

export function parseCheckArgs(args: readonly string[]): CheckOptions {
  const paths: string[] = [];
  const values: Partial<Record<ValueFlag, string>> = {};
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const [flag, inlineValue] = splitFlag(arg);
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = inlineValue ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    values[flag as ValueFlag] = value;
  }
  return {
    paths: paths.length > 0 ? paths : ['.'],
    format: parseFormat(values['--format']),
    enabled: enabledCodes(values['--rules'], values['--disable']),
    maxFileSize: parseMaxFileSize(values['--max-file-size']),
    help,
  };
}

/** `--format=json` → ['--format', 'json']; `--format` → ['--format', undefined]. */
function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`unknown format "${value}": use one of ${FORMATS.join(', ')}`);
}

function enabledCodes(rules: string | undefined, disable: string | undefined): Set<FindingCode> {
  const selected: FindingCode[] = rules === undefined ? [...RULE_IDS, UNUSED_SUPPRESSION] : parseCodeList('--rules', rules);
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

function parseMaxFileSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_SIZE;
  const bytes = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`--max-file-size needs a positive number of bytes, not "${value}"`);
  }
  return bytes;
}

/** The analysis setting that turns off every rule not enabled. */
export function ruleSettings(enabled: ReadonlySet<FindingCode>): Partial<Record<RuleId, 'off'>> {
  return Object.fromEntries(RULE_IDS.filter((id) => !enabled.has(id)).map((id) => [id, 'off']));
}
