import ruleModules from 'virtual:rule-modules';
import type { ResourceKind } from './engine/kinds';
import type { Rule } from './rule';
import type { RuleId, Severity } from './types';

/** Every rule: one per module in ./rules, in the order of their ids (the catalogue order of the README and SARIF). */
export const allRules: readonly Rule[] = [...ruleModules].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every rule id, in catalogue order. */
export const RULE_IDS: readonly RuleId[] = allRules.map((r) => r.id);

const byId = new Map<RuleId, Rule>(allRules.map((r) => [r.id, r]));

/** The resource kinds of every lifecycle rule, in catalogue order. */
export const allResourceKinds: readonly ResourceKind[] = allRules.flatMap((r) => r.resources ?? []);

/** The severity of a rule's findings when it runs without a setting naming one: its enabled severity if off by default. */
export function severityWhenOn(rule: Rule): Severity {
  return rule.defaultSeverity === 'off' ? rule.enabledSeverity : rule.defaultSeverity;
}

/** The rules that run when no setting names them: every rule but those off by default. */
export const DEFAULT_RULE_IDS: readonly RuleId[] = allRules.filter((r) => r.defaultSeverity !== 'off').map((r) => r.id);

/** Settings that turn on every rule off by default, at its enabled severity: for harnesses that check every rule. */
export function everyRuleOn(): Partial<Record<RuleId, Severity>> {
  return Object.fromEntries(allRules.flatMap((r) => (r.defaultSeverity === 'off' ? [[r.id, r.enabledSeverity]] : [])));
}

export function findRule(id: string): Rule | undefined {
  return byId.get(id as RuleId);
}

export function isRuleId(id: string): id is RuleId {
  return byId.has(id as RuleId);
}
