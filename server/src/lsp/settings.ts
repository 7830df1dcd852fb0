// The `leaklens` settings as the server sees them, per document (settings are resource-scoped), validated.
// Fetched with workspace/configuration when the client supports it (VS Code, Neovim); otherwise taken from the
// settings pushed with workspace/didChangeConfiguration or given as initializationOptions (Helix).
import type { Connection } from 'vscode-languageserver';
import { contributes } from '../../../package.json';
import type { RuleSetting } from '../analysis/analyzer';
import { DEFAULT_MAX_FILE_SIZE } from '../analysis/files';
import { isRuleId } from '../analysis/registry';
import type { RuleId } from '../analysis/types';

export interface LeakLensSettings {
  rules: Partial<Record<RuleId, RuleSetting>>;
  exclude: string[];
  maxFileSize: number;
  /** Analyse test code too (AnalysisSettings.analyzeScaffolding). */
  analyzeScaffolding: boolean;
  /** The whole `leaklens` section as the client sent it, for features with their own settings (checks.*, debug.*). */
  raw: Record<string, unknown>;
}

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
export const DEFAULT_EXCLUDE = ['**/vendor/**', '**/testdata/**'];

/** Turns whatever the client sent into settings; invalid entries fall back to defaults and are named in `problems`. */
export function parseSettings(value: unknown, problems: string[] = []): LeakLensSettings {
  const raw = isObject(value) ? value : {};
  const rules: Partial<Record<RuleId, RuleSetting>> = {};
  if (isObject(raw.rules)) {
    for (const [id, setting] of Object.entries(raw.rules)) {
      if (!isRuleId(id)) problems.push(`leaklens.rules: unknown rule "${id}"`);
      else if (typeof setting !== 'string' || !RULE_SETTINGS.includes(setting)) {
        problems.push(`leaklens.rules.${id}: expected one of ${RULE_SETTINGS.join(', ')}`);
      } else rules[id as RuleId] = setting as RuleSetting;
    }
  } else if (raw.rules !== undefined) problems.push('leaklens.rules: expected an object');
  let exclude = DEFAULT_EXCLUDE;
  if (Array.isArray(raw.exclude)) exclude = raw.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  else if (raw.exclude !== undefined) problems.push('leaklens.exclude: expected an array of glob strings');
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  if (typeof raw.maxFileSize === 'number' && Number.isFinite(raw.maxFileSize) && raw.maxFileSize > 0) maxFileSize = raw.maxFileSize;
  else if (raw.maxFileSize !== undefined) problems.push('leaklens.maxFileSize: expected a positive number of bytes');
  let analyzeScaffolding = false;
  if (typeof raw.analyzeScaffolding === 'boolean') analyzeScaffolding = raw.analyzeScaffolding;
  else if (raw.analyzeScaffolding !== undefined) problems.push('leaklens.analyzeScaffolding: expected true or false');
  return { rules, exclude, maxFileSize, analyzeScaffolding, raw };
}

export class SettingsStore {
  private readonly byResource = new Map<string, Promise<LeakLensSettings>>();
  private pushed: unknown;
  /** Setting problems already logged: each is logged once, not once per document. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    initializationOptions: unknown,
  ) {
    this.pushed = isObject(initializationOptions) ? (initializationOptions.leaklens ?? initializationOptions) : undefined;
  }

  /** The settings that apply to `uri` (cached until the next change). Never rejects. */
  get(uri: string): Promise<LeakLensSettings> {
    let settings = this.byResource.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.byResource.set(uri, settings);
    }
    return settings;
  }

  /** workspace/didChangeConfiguration: forget cached settings; keep pushed ones for clients that cannot be asked. */
  changed(pushedSettings: unknown): void {
    if (isObject(pushedSettings) && pushedSettings.leaklens !== undefined) this.pushed = pushedSettings.leaklens;
    this.byResource.clear();
  }

  forget(uri: string): void {
    this.byResource.delete(uri);
  }

  private async fetch(uri: string): Promise<LeakLensSettings> {
    let value = this.pushed;
    if (this.canPull) {
      try {
        // Clients without a `leaklens` section answer null (Helix keeps its config in initializationOptions).
        value = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'leaklens' })) ?? this.pushed;
      } catch (err) {
        this.connection.console.error(`Could not read the leaklens settings: ${String(err)}; using defaults.`);
      }
    }
    const problems: string[] = [];
    const settings = parseSettings(value, problems);
    for (const p of problems.filter((p) => !this.reported.has(p))) {
      this.reported.add(p);
      this.connection.console.warn(`Ignored setting ${p}`);
    }
    return settings;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `leaklens.x.y=value` for every setting in `raw` (the `leaklens` section) that differs from its manifest default. */
export function settingsDifferingFromDefaults(raw: Record<string, unknown>): string[] {
  const defaults: Record<string, unknown> = Object.fromEntries(
    Object.entries(contributes.configuration.properties as Record<string, { default?: unknown }>).map(([key, p]) => [key, p.default]),
  );
  const differing: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (key in defaults || !isObject(value)) {
      if (JSON.stringify(value) !== JSON.stringify(defaults[key])) differing.push(`${key}=${JSON.stringify(value)}`);
      return;
    }
    for (const [name, inner] of Object.entries(value)) visit(inner, `${key}.${name}`);
  };
  for (const [name, value] of Object.entries(raw)) visit(value, `leaklens.${name}`);
  return differing;
}
