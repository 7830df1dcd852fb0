import ruleModules from 'virtual:rule-modules';
import type { ResourceKind } from './engine/kinds';
import type { Rule } from './rule';
import type { RuleId } from './types';

/** Every rule: one per module in ./rules, in the order of their ids (the catalogue order of the README and SARIF). */
export const allRules: readonly Rule[] = [...ruleModules].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every rule id, in catalogue order. */
export const RULE_IDS: readonly RuleId[] = allRules.map((r) => r.id);

const byId = new Map<RuleId, Rule>(allRules.map((r) => [r.id, r]));

/** The resource kinds of every lifecycle rule, in catalogue order. */
export const allResourceKinds: readonly ResourceKind[] = allRules.flatMap((r) => r.resources ?? []);

export function findRule(id: string): Rule | undefined {
  return byId.get(id as RuleId);
}

export function isRuleId(id: string): id is RuleId {
  return byId.has(id as RuleId);
}
