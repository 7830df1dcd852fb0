// tree-sitter aborting on a Go text too big for its wasm memory (issue 11, item 27): the analyzer recovers with a fresh
// wasm instance, in-process, in the CLI (the run goes on) and in the language server (other documents keep their
// diagnostics). The text is over any sensible size limit, so the tests raise the limit to let it reach the parser.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { GoAnalyzer, ParserAbortedError } from '../../server/src/analysis/analyzer';
import { wasmGeneration } from '../../server/src/analysis/parser';
import { LEAKY_BODY, LEAKY_BODY_LINE, makeWorkspace, removeWorkspace, runCli } from '../cli/run-cli';
import { LspTestClient } from '../lsp/lspClient';

/** About 55 MB of Go that tree-sitter's wasm memory cannot hold the tree of ("Aborted()"). */
function abortingGo(): string {
  return `package main\n\nfunc f() {\n${'x := []int{1,2,3,4,5,6,7,8,9}; _ = x\n'.repeat(1_500_000)}}\n\nfunc main() { _ = "http://127.0.0.1:9/a" }\n`;
}

describe('a wasm abort is recovered, never a dead parser (item 27)', () => {
  it('in-process: the parse throws ParserAbortedError, and after ready() every analyzer parses again', async () => {
    const first = await GoAnalyzer.create();
    const bystander = await GoAnalyzer.create();
    try {
      const generation = wasmGeneration();
      assert.throws(() => first.parse(abortingGo()), ParserAbortedError);
      assert.equal(wasmGeneration(), generation + 1);
      // The other analyzer lived in the same dead instance: it recovers too.
      await first.ready();
      await bystander.ready();
      const findings = bystander.analyzeText(LEAKY_BODY, '/tmp/main.go');
      assert.deepEqual(findings.filter((f) => f.rule === 'unclosed-body').map((f) => f.range.start.line + 1), [LEAKY_BODY_LINE]);
      assert.ok(first.analyzeText(LEAKY_BODY, '/tmp/main.go').length > 0);
    } finally {
      first.dispose();
      bystander.dispose();
    }
  });

  describe('the CLI', () => {
    let root: string;
    before(() => {
      root = makeWorkspace({ 'a_huge.go': abortingGo(), 'b_main.go': LEAKY_BODY });
    });
    after(() => removeWorkspace(root));

    it('skips the file it aborted on with a warning and reports the others', async () => {
      const result = await runCli(['check', '--max-file-size', '100000000', 'a_huge.go', 'b_main.go'], root, 300_000);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /skipped a_huge\.go: the Go parser ran out of memory/);
      assert.match(result.stdout, new RegExp(`^b_main\\.go:${LEAKY_BODY_LINE}:\\d+: unclosed-body`, 'm'));
    });
  });

  describe('the language server', () => {
    let client: LspTestClient;
    let root: string;
    before(async () => {
      root = makeWorkspace({});
      client = await LspTestClient.start({ pull: false, workspaceFolder: root, settings: { maxFileSize: 100_000_000 } });
    });
    after(async () => {
      await client.dispose();
      removeWorkspace(root);
    });

    it('URL lenses of a huge Go document abort the parser; Go analysis of other documents goes on', async () => {
      const huge = pathToFileURL(path.join(root, 'huge.go')).href;
      await client.open(huge, abortingGo());
      const skipped = await client.waitFor('the huge file skipped', () => client.published.get(huge), 300_000);
      assert.match(skipped[0]?.message ?? '', /ran out of memory/);
      await client.request('textDocument/codeLens', { textDocument: { uri: huge } }, 300_000).catch(() => undefined);
      const uri = pathToFileURL(path.join(root, 'main.go')).href;
      fs.writeFileSync(path.join(root, 'main.go'), LEAKY_BODY);
      await client.open(uri, LEAKY_BODY);
      const diagnostics = await client.waitFor('diagnostics of main.go', () => client.published.get(uri), 60_000);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'unclosed-body').map((d) => d.range.start.line + 1), [LEAKY_BODY_LINE]);
    });
  });
});
