// `leaklens check` and a rule off by default (pool-put-nonpointer, an allocation hint): silent without flags, reported
// when --rules names it, and described as not enabled by default in SARIF.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeWorkspace, removeWorkspace, runCli, type JsonReport } from './run-cli';

const SLICE_PUT = `package main

import "sync"

var chunks = sync.Pool{New: func() any { return make([]byte, 4096) }}

func main() {
	b := chunks.Get().([]byte)
	chunks.Put(b)
}
`;

let ws: string;
before(() => {
  ws = makeWorkspace({ 'go.mod': 'module example.com/ws\n\ngo 1.22\n', 'pool/main.go': SLICE_PUT });
});
after(() => removeWorkspace(ws));

describe('leaklens check: a rule off by default', () => {
  it('does not run without flags', async () => {
    const r = await runCli(['check', '--format', 'json', 'pool'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).findings, []);
  });

  it('runs at its enabled severity when --rules names it', async () => {
    const r = await runCli(['check', '--format', 'json', '--rules', 'pool-put-nonpointer', 'pool'], ws);
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as JsonReport).findings;
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line, f.severity]),
      [['pool-put-nonpointer', 9, 'information']],
    );
  });

  it('--disable still wins over --rules', async () => {
    const r = await runCli(['check', '--rules', 'pool-put-nonpointer', '--disable', 'pool-put-nonpointer', 'pool'], ws);
    assert.equal(r.code, 0, r.stderr);
  });

  it('SARIF describes it as not enabled by default', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'pool'], ws);
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as { id: string; defaultConfiguration: { level: string; enabled?: boolean } }[];
    assert.deepEqual(rules.find((x) => x.id === 'pool-put-nonpointer')?.defaultConfiguration, { level: 'note', enabled: false });
    assert.deepEqual(rules.find((x) => x.id === 'unclosed-body')?.defaultConfiguration, { level: 'warning' });
  });
});
