// Diagnostics from the built language server, as a real child process over --stdio: pull and push, incremental edits,
// half-typed code, oversize and untitled documents. Expected findings come from the CLI (same engine, same file).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cliFindings, type CliFinding } from './cliFindings';
import { CLEAN, HALF_TYPED, LEAKY_POLLER, TIME_AFTER_LINE } from './goSources';
import { LspTestClient, REPO_ROOT, untitledUri, type LspDiagnostic } from './lspClient';

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

// time-after-in-loop is off by default; these users turned it on, so LEAKY_POLLER's timer is reported (and the CLI
// the diagnostics are compared with runs it too).
const TIME_AFTER_ON = ['time-after-in-loop'];
const TIME_AFTER_SETTINGS = { rules: { 'time-after-in-loop': 'warning' } };

function fileUri(name: string): string {
  return pathToFileURL(path.join('/tmp/leaklens-lsp-test', name)).href;
}

/** Asserts that the diagnostics are exactly the CLI's findings, with LeakLens's source, code and doc link. */
function assertSameAsCli(diagnostics: LspDiagnostic[], expected: CliFinding[]): void {
  const actual = diagnostics.map((d) => ({
    rule: d.code,
    message: d.message,
    severity: d.severity,
    range: d.range,
  }));
  assert.deepEqual(
    actual,
    expected.map((f) => ({
      rule: f.rule,
      message: f.message,
      severity: SEVERITY[f.severity],
      range: { start: { line: f.line, character: f.character }, end: { line: f.endLine, character: f.endCharacter } },
    })),
  );
  for (const d of diagnostics) {
    assert.equal(d.source, 'leaklens');
    assert.equal(d.codeDescription?.href, pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', `${String(d.code)}.md`)).href);
  }
}

function timeAfterDiagnostic(diagnostics: LspDiagnostic[]): LspDiagnostic | undefined {
  return diagnostics.find((d) => d.code === 'time-after-in-loop');
}

describe('pull diagnostics (client declares textDocument.diagnostic)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ pull: true, settings: TIME_AFTER_SETTINGS });
  });
  after(async () => {
    await client.dispose();
  });

  test('a leaky document gets exactly the CLI findings, with code, doc link, range and severity', async () => {
    const uri = fileUri('poller.go');
    await client.open(uri, LEAKY_POLLER);
    const diagnostics = await client.pull(uri);
    const expected = await cliFindings(LEAKY_POLLER, TIME_AFTER_ON);
    assert.ok(expected.some((f) => f.rule === 'time-after-in-loop'), 'the CLI finds the time.After leak');
    assertSameAsCli(diagnostics, expected);
    const timeAfter = timeAfterDiagnostic(diagnostics);
    assert.equal(timeAfter?.range.start.line, TIME_AFTER_LINE);
    assert.equal(client.published.size, 0, 'a pull client gets no published diagnostics');
  });

  test('related information points at the exit where the body leaks, in the same document', async () => {
    const uri = fileUri('related.go');
    await client.open(uri, LEAKY_POLLER);
    const body = (await client.pull(uri)).find((d) => d.code === 'unclosed-body');
    assert.ok(body, 'the unclosed-body rule reports resp.Body');
    assert.equal(body.range.start.line, 20);
    const related = body.relatedInformation ?? [];
    assert.ok(related.length > 0, 'the leaking exit is named');
    assert.deepEqual(
      related.map((r) => ({ uri: r.location.uri, line: r.location.range.start.line })),
      [{ uri, line: 25 }],
    );
    assert.match(related[0].message, /return/);
  });

  test('incremental edits add and remove a leak, and the diagnostics follow', async () => {
    const uri = fileUri('edited.go');
    await client.open(uri, CLEAN);
    assert.deepEqual(await client.pull(uri), []);
    // Replace the body of main with a looping select on time.After (an incremental, ranged change).
    const loop = '\tfor {\n\t\tselect {\n\t\tcase <-make(chan int):\n\t\tcase <-time.After(time.Second):\n\t\t}\n\t}\n';
    await client.change(uri, 2, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } }, text: 'import "time"' },
      { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: loop },
    ]);
    const withLeak = await client.pull(uri);
    const leak = timeAfterDiagnostic(withLeak);
    assert.ok(leak, `expected a time-after-in-loop diagnostic, got ${JSON.stringify(withLeak)}`);
    assert.equal(leak.range.start.line, 8);
    // Now make the other case leave the loop: the select then waits for one timer at most.
    await client.change(uri, 3, [{ range: { start: { line: 7, character: 24 }, end: { line: 7, character: 24 } }, text: '\n\t\t\treturn' }]);
    assert.equal(timeAfterDiagnostic(await client.pull(uri)), undefined);
  });

  test('a half-typed file is analysed as far as it parses', async () => {
    const uri = fileUri('half.go');
    await client.open(uri, HALF_TYPED);
    const diagnostics = await client.pull(uri);
    assert.equal(timeAfterDiagnostic(diagnostics)?.range.start.line, 12);
  });

  test('an untitled document is analysed', async () => {
    const uri = untitledUri('Untitled-1');
    await client.open(uri, LEAKY_POLLER);
    assert.equal(timeAfterDiagnostic(await client.pull(uri))?.range.start.line, TIME_AFTER_LINE);
  });

  test('a binary-looking or empty document does not break the server', async () => {
    const uri = fileUri('junk.go');
    await client.open(uri, '\u0000\u0001\uffff}}}{{{ package package func ( ) ) ) ');
    assert.ok(Array.isArray(await client.pull(uri)));
    const empty = fileUri('empty.go');
    await client.open(empty, '');
    assert.deepEqual(await client.pull(empty), []);
  });
});

describe('push diagnostics (no pull capability, like Neovim 0.7)', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ pull: false, settings: { ...TIME_AFTER_SETTINGS, maxFileSize: 5_000 } });
  });
  after(async () => {
    await client.dispose();
  });

  test('the server publishes the CLI findings for an opened document', async () => {
    const uri = fileUri('pushed.go');
    await client.open(uri, LEAKY_POLLER);
    const diagnostics = await client.waitFor('published diagnostics', () => client.published.get(uri));
    assertSameAsCli(diagnostics, await cliFindings(LEAKY_POLLER, TIME_AFTER_ON));
  });

  test('each analysis is announced: analysing, then done with the number of findings and the time it took', async () => {
    const uri = fileUri('status.go');
    await client.open(uri, LEAKY_POLLER);
    const published = await client.waitFor('published diagnostics', () => client.published.get(uri));
    const statuses = client.notifications
      .filter((n) => n.method === 'leaklens/analysisStatus' && (n.params as { uri: string }).uri === uri)
      .map((n) => n.params as { state: string; findings?: number; durationMs?: number });
    assert.equal(statuses[0]?.state, 'analysing');
    const done = statuses.find((s) => s.state === 'done');
    assert.equal(done?.findings, published.length);
    assert.equal(typeof done?.durationMs, 'number');
  });

  test('an edit republishes; closing the document clears its diagnostics', async () => {
    const uri = fileUri('pushed-edit.go');
    await client.open(uri, LEAKY_POLLER);
    await client.waitFor('first diagnostics', () => (client.published.get(uri)?.length ? true : undefined));
    // Delete the time.After case (lines 13-14): its finding must disappear.
    await client.change(uri, 2, [{ range: { start: { line: 13, character: 0 }, end: { line: 15, character: 0 } }, text: '' }]);
    await client.waitFor('diagnostics without the time.After finding', () => {
      const published = client.published.get(uri);
      return published && !timeAfterDiagnostic(published) ? true : undefined;
    });
    await client.close(uri);
    await client.waitFor('cleared diagnostics', () => (client.published.get(uri)?.length === 0 ? true : undefined));
  });

  test('a file over leaklens.maxFileSize gets exactly one information diagnostic saying it was skipped', async () => {
    const uri = fileUri('huge.go');
    const huge = `${LEAKY_POLLER}\n${'// filler line to make the file large\n'.repeat(200)}`;
    await client.open(uri, huge);
    const diagnostics = await client.waitFor('published diagnostics', () => client.published.get(uri));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.equal(diagnostics[0].source, 'leaklens');
    assert.match(diagnostics[0].message, /skipped/);
    assert.match(diagnostics[0].message, /leaklens\.maxFileSize \(5,000 bytes\)/);
  });
});
