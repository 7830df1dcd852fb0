import ruleModules from 'virtual:rule-modules';
import type { ResourceKind } from './engine/kinds';
import type { Rule } from './rule';
import { RULE_IDS, type RuleId } from './types';

const byId = new Map<RuleId, Rule>(ruleModules.map((r) => [r.id, r]));

/** Every implemented rule, in catalogue order. */
export const allRules: readonly Rule[] = RULE_IDS.flatMap((id) => byId.get(id) ?? []);

/** The resource kinds of every lifecycle rule, in catalogue order. */
export const allResourceKinds: readonly ResourceKind[] = allRules.flatMap((r) => r.resources ?? []);

export function findRule(id: string): Rule | undefined {
  return byId.get(id as RuleId);
}

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}
