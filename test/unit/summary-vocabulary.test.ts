// Helper summaries take their release chains and parameter types from the lifecycle rules' kinds: a new lifecycle
// rule needs no edit in the engine for `defer release(x)` to be understood.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoAnalyzer } from '../../server/src/analysis/analyzer';
import { isPkg, resourceKind, type ResourceKind } from '../../server/src/analysis/engine/kinds';
import { summarizeFile } from '../../server/src/analysis/engine/summaries';
import { vocabularyOf } from '../../server/src/analysis/engine/summary-vocabulary';
import { allResourceKinds } from '../../server/src/analysis/registry';

let analyzer: GoAnalyzer;
before(async () => {
  analyzer = await GoAnalyzer.create();
});
after(() => analyzer.dispose());

/** A kind no rule defines: a lease from lease.Acquire, released by Release. */
const leaseKind: ResourceKind = resourceKind({
  rule: 'unclosed-file',
  key: 'lease',
  returnsError: true,
  releaseMethods: ['Release'],
  resourceTypes: ['Lease'],
  verb: 'releasing',
  names: ['Acquire'],
  matches: (call, facts) => isPkg(call, facts, 'example.com/lease', ['Acquire']),
});

const HELPERS = `package main

func giveBack(l *lease.Lease) { l.Release() }

func stopAll(stop func()) { stop() }

func report(check func() error) { check() }
`;

function summaryOf(text: string, kinds: readonly ResourceKind[]) {
  const tree = analyzer.parse(text);
  try {
    return summarizeFile({ text, tree }, kinds);
  } finally {
    tree.delete();
  }
}

describe('summary vocabulary', () => {
  it('derives one release chain per release method and function of the rules, Body.Close also bare', () => {
    const chains = vocabularyOf(allResourceKinds).probes.map((p) => p.chain);
    assert.deepEqual(new Set(chains), new Set(['Body.Close', 'Close', 'Stop', '()', 'os/signal.Stop', 'Wait', 'Run', 'Output', 'CombinedOutput', 'Quit']));
    assert.equal(chains.length, new Set(chains).size, 'each chain is probed once');
  });

  it('summarises a parameter of a type only a new kind declares, with that kind release chain', () => {
    // Without the kind the parameter list carries no resource and the helper is not summarised at all.
    assert.deepEqual(summaryOf(HELPERS, allResourceKinds).functions.get('giveBack'), []);
    assert.deepEqual(summaryOf(HELPERS, [...allResourceKinds, leaseKind]).functions.get('giveBack'), [{ name: 'l', releases: ['Release'], escapes: false }]);
  });

  it("matches 'func()' as a whole type only", () => {
    const functions = summaryOf(HELPERS, allResourceKinds).functions;
    assert.deepEqual(functions.get('stopAll'), [{ name: 'stop', releases: ['()'], escapes: false }]);
    assert.deepEqual(functions.get('report'), [{ name: 'check', releases: [], escapes: true }]);
  });

  it('summarises nothing without kinds', () => {
    const functions = summaryOf(HELPERS, []).functions;
    assert.deepEqual([...functions.values()], [[], [], []]);
  });
});
