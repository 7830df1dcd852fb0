// What the helper summaries (summaries.ts) look for, derived from the lifecycle rules' resource kinds: the release
// chains worth a walk and the parameter types that can carry a resource. A new lifecycle rule brings its own by
// declaring them on its kind (kinds.ts); nothing here names a rule or a type.
import type { ResourceKind } from './kinds';
import { escapeRegExp } from '../escape-regexp';

/** A release chain worth a walk: the kind-free description of one way to release a parameter. */
export interface Probe {
  chain: string;
  resourcePath: string[];
  releaseMethods: string[];
  releaseFunctions?: { importPath: string; name: string }[];
  /** Text that must appear in the body for the probe to be worth a walk. */
  needle: (param: string) => string;
  /** Parameter types some kind with this chain can carry: a parameter only handed to other helpers is probed for these. */
  types: RegExp;
}

/** What the summaries look for, derived from the lifecycle rules' kinds so that a new rule brings its own. */
interface Vocabulary {
  probes: Probe[];
  /** A parameter's type that can carry a resource; other parameters are not worth a walk (and count as hand-offs). */
  resourceType: RegExp;
  /** The same test over a whole parameter list's text, to skip most functions without looking at each parameter. */
  resourceTypeInList: RegExp;
}

const vocabularies = new WeakMap<readonly ResourceKind[], Vocabulary>();

export function vocabularyOf(kinds: readonly ResourceKind[]): Vocabulary {
  let vocabulary = vocabularies.get(kinds);
  if (!vocabulary) {
    vocabulary = { probes: probesOf(kinds), ...typeTestsOf(kinds.flatMap((k) => k.resourceTypes)) };
    vocabularies.set(kinds, vocabulary);
  }
  return vocabulary;
}

/**
 * Every release chain of the kinds, once each: 'Close', 'Body.Close', 'Stop', 'Wait', 'Run', '()', 'os/signal.Stop'…
 * A kind with a resourcePath also gets the bare method, for helpers handed the resource itself (`drain(resp.Body)`).
 */
function probesOf(kinds: readonly ResourceKind[]): Probe[] {
  const probes = new Map<string, Omit<Probe, 'types'>>();
  const typesOf = new Map<string, string[]>();
  const add = (kind: ResourceKind, probe: Omit<Probe, 'types'>): void => {
    if (!probes.has(probe.chain)) probes.set(probe.chain, probe);
    typesOf.set(probe.chain, [...(typesOf.get(probe.chain) ?? []), ...kind.resourceTypes]);
  };
  for (const kind of kinds) {
    for (const method of kind.releaseMethods) {
      if (method === '()') {
        add(kind, { chain: '()', resourcePath: [], releaseMethods: ['()'], needle: (p) => `${p}(` });
        continue;
      }
      for (const resourcePath of kind.resourcePath.length > 0 ? [kind.resourcePath, []] : [[]]) {
        const chain = [...resourcePath, method].join('.');
        add(kind, { chain, resourcePath, releaseMethods: [method], needle: (p) => `${p}.${chain}(` });
      }
    }
    for (const fn of kind.releaseFunctions ?? []) {
      add(kind, { chain: `${fn.importPath}.${fn.name}`, resourcePath: [], releaseMethods: [], releaseFunctions: [fn], needle: (p) => `${fn.name}(${p})` });
    }
  }
  return [...probes.values()].map((probe) => ({ ...probe, types: typeTestsOf(typesOf.get(probe.chain) ?? []).resourceType }));
}

/** Type names match as whole words anywhere in the type (`*http.Response`, `chan<- os.Signal`); 'func()' only whole. */
function typeTestsOf(typeNames: readonly string[]): Pick<Vocabulary, 'resourceType' | 'resourceTypeInList'> {
  const types = [...new Set(typeNames)];
  const words = types.filter((t) => /^\w+$/.test(t));
  const whole = types.filter((t) => !/^\w+$/.test(t)).map(escapeRegExp);
  const wordAlternative = words.length > 0 ? [`\\b(${words.join('|')})\\b`] : [];
  const orNothing = (alternatives: string[]): RegExp => new RegExp(alternatives.length > 0 ? alternatives.join('|') : '(?!)');
  return {
    resourceType: orNothing([...wordAlternative, ...whole.map((t) => `^${t}$`)]),
    resourceTypeInList: orNothing([...wordAlternative, ...whole]),
  };
}
