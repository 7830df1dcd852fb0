// Editing features of the built language server over --stdio: quick fixes, suppression, documentation command,
// hover, and a settings change that turns a rule off.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIXABLE_TWICE, LEAKY_POLLER, TIME_AFTER_LINE, TWO_RULES_LINE, TWO_RULES_ON_ONE_CALL, WAITGROUP_ADD_INSIDE } from './goSources';
import { LspTestClient, REPO_ROOT, type LspCodeAction, type LspDiagnostic } from './lspClient';

const fileUri = (name: string): string => pathToFileURL(path.join('/tmp/leaklens-lsp-edit', name)).href;

function codeActions(client: LspTestClient, uri: string, diagnostics: LspDiagnostic[]): Promise<LspCodeAction[]> {
  const range = diagnostics[0].range;
  return client.request<LspCodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
}

function applyEdits(text: string, uri: string, action: LspCodeAction): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title} has edits for the document`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'go', 1, text), edits);
}

describe('editing features', () => {
  let client: LspTestClient;
  before(async () => {
    // lost-cancel and time-after-in-loop are off by default; this user turned them on, so fix-all has two rules' fixes
    // to apply and LEAKY_POLLER's timer is reported.
    client = await LspTestClient.start({ pull: true, settings: { rules: { 'lost-cancel': 'warning', 'time-after-in-loop': 'warning' } } });
  });
  after(async () => {
    await client.dispose();
  });

  test("a finding's quick fix comes first, preferred, and applying it removes the finding", async () => {
    const uri = fileUri('wg.go');
    await client.open(uri, WAITGROUP_ADD_INSIDE);
    const diagnostics = (await client.pull(uri)).filter((d) => d.code === 'waitgroup');
    assert.equal(diagnostics.length, 1, 'the waitgroup rule reports wg.Add inside the goroutine');
    const actions = await codeActions(client, uri, diagnostics);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, diagnostics);
    assert.match(fix.title, /before the go statement/);
    const fixed = applyEdits(WAITGROUP_ADD_INSIDE, uri, fix);
    await client.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual((await client.pull(uri)).filter((d) => d.code === 'waitgroup'), []);
  });

  test('"Suppress <rule> here" inserts the ignore comment above, indented like the line, and the finding goes', async () => {
    const uri = fileUri('suppress.go');
    await client.open(uri, LEAKY_POLLER);
    const diagnostics = (await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop');
    const actions = await codeActions(client, uri, diagnostics);
    const suppress = actions.find((a) => a.title === 'Suppress time-after-in-loop here');
    assert.ok(suppress, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(suppress.kind, 'quickfix');
    assert.deepEqual(suppress.edit?.changes?.[uri], [
      {
        range: { start: { line: TIME_AFTER_LINE, character: 0 }, end: { line: TIME_AFTER_LINE, character: 0 } },
        newText: '\t\t//leaklens:ignore time-after-in-loop explain why this does not leak\n',
      },
    ]);
    await client.change(uri, 2, [{ text: applyEdits(LEAKY_POLLER, uri, suppress) }]);
    assert.deepEqual((await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop'), []);
  });

  test('with snippet edits (LSP 3.18) the suppression quick fix selects the placeholder reason', async () => {
    const snippetClient = await LspTestClient.start({ pull: true, settings: { rules: { 'time-after-in-loop': 'warning' } }, snippetEdits: true });
    try {
      const uri = fileUri('suppress-snippet.go');
      await snippetClient.open(uri, LEAKY_POLLER);
      const diagnostics = (await snippetClient.pull(uri)).filter((d) => d.code === 'time-after-in-loop');
      const suppress = (await codeActions(snippetClient, uri, diagnostics)).find((a) => a.title === 'Suppress time-after-in-loop here');
      assert.ok(suppress?.edit?.documentChanges, 'a document change carrying a snippet');
      assert.equal(suppress.edit.changes, undefined);
      const [change] = suppress.edit.documentChanges;
      assert.equal(change.textDocument.uri, uri);
      assert.deepEqual(change.edits, [
        {
          range: { start: { line: TIME_AFTER_LINE, character: 0 }, end: { line: TIME_AFTER_LINE, character: 0 } },
          snippet: { kind: 'snippet', value: '\t\t//leaklens:ignore time-after-in-loop ${1:explain why this does not leak}\n' },
        },
      ]);
    } finally {
      await snippetClient.dispose();
    }
  });

  test('source.fixAll.leaklens is a declared kind and applies every preferred fix of the file in one edit', async () => {
    const kinds = (client.initializeResult?.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds;
    assert.deepEqual(kinds, ['quickfix', 'source.fixAll.leaklens']);
    const uri = fileUri('fix-all.go');
    await client.open(uri, FIXABLE_TWICE);
    const before = await client.pull(uri);
    const fixable = before.filter((d) => d.code === 'lost-cancel' || d.code === 'ticker-not-stopped');
    assert.equal(fixable.length, 2, before.map((d) => d.message).join('\n'));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const quickFixesOnly = await client.request<LspCodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    assert.deepEqual(quickFixesOnly, [], 'no fix-all in the light bulb');
    const actions = await client.request<LspCodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.leaklens');
    const fixed = applyEdits(FIXABLE_TWICE, uri, actions[0]);
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.pull(uri);
    assert.deepEqual(after.filter((d) => d.code === 'lost-cancel' || d.code === 'ticker-not-stopped'), []);
    assert.equal(fixed.split('defer cancel()').length - 1, 1);
    assert.equal(fixed.split('defer ticker.Stop()').length - 1, 1);
    const nothingLeft = await client.request<LspCodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only: ['source.fixAll.leaklens'] },
    });
    assert.deepEqual(nothingLeft, [], 'no action when nothing is fixable');
  });

  test('"Open documentation of <rule>" runs a server command that shows the rule page', async () => {
    const uri = fileUri('docs.go');
    await client.open(uri, LEAKY_POLLER);
    const diagnostics = (await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop');
    const open = (await codeActions(client, uri, diagnostics)).find((a) => a.title === 'Open documentation of time-after-in-loop');
    assert.ok(open?.command);
    const href = pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'time-after-in-loop.md')).href;
    assert.deepEqual(open.command.arguments, [href]);
    // This client cannot show documents, so the server names the page in a message instead.
    await client.request('workspace/executeCommand', { command: open.command.command, arguments: open.command.arguments });
    const message = await client.waitFor('window/showMessage', () =>
      client.notifications.find((n) => n.method === 'window/showMessage')?.params as { message: string } | undefined,
    );
    assert.match(message.message, /time-after-in-loop\.md/);
  });

  test('hover adds why each rule matters once, with its page, and never repeats the message the editor shows', async () => {
    const uri = fileUri('hover.go');
    await client.open(uri, LEAKY_POLLER);
    const [diagnostic] = (await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop');
    const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: diagnostic.range.start.line, character: diagnostic.range.start.character + 3 },
    });
    assert.ok(hover);
    assert.equal(hover.contents.kind, 'markdown');
    assert.ok(!hover.contents.value.includes(diagnostic.message), 'the editor shows the message already');
    assert.ok(hover.contents.value.includes(`(${diagnostic.codeDescription?.href})`), 'a link to the rule page');
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'time-after-in-loop.md'), 'utf8');
    const why = page.split(/^## Why.*$/m)[1]?.trim().split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
    assert.ok(why, 'the rule page has a "Why" section');
    assert.equal(hover.contents.value.split(why).length - 1, 1, 'the hover says why it matters once, from the rule page');
    assert.equal(hover.contents.value.split('time-after-in-loop**').length - 1, 1, 'the rule is named once');
    const nothing = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  test('hover on a call with findings of two rules explains each rule once', async () => {
    const uri = fileUri('hover-many.go');
    await client.open(uri, TWO_RULES_ON_ONE_CALL);
    const diagnostics = await client.pull(uri);
    const onGet = diagnostics.filter((d) => d.range.start.line === TWO_RULES_LINE);
    assert.deepEqual([...new Set(onGet.map((d) => d.code))].sort(), ['no-timeout', 'unclosed-body']);
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: TWO_RULES_LINE, character: onGet[0].range.start.character + 1 },
    });
    assert.ok(hover);
    for (const rule of ['no-timeout', 'unclosed-body']) {
      assert.equal(hover.contents.value.split(`**LeakLens ${rule}**`).length - 1, 1, `${rule} once:\n${hover.contents.value}`);
    }
    for (const d of onGet) assert.ok(!hover.contents.value.includes(d.message), 'no message repeated');
    assert.ok(hover.contents.value.split('\n').length <= 6, `short:\n${hover.contents.value}`);
  });

  test('turning a rule off in the settings removes its diagnostics (the server asks the client to pull again)', async () => {
    const uri = fileUri('settings.go');
    await client.open(uri, LEAKY_POLLER);
    assert.ok((await client.pull(uri)).some((d) => d.code === 'time-after-in-loop'));
    const refreshesBefore = client.refreshRequests;
    client.settings = { rules: { 'time-after-in-loop': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { leaklens: client.settings } });
    await client.waitFor('workspace/diagnostic/refresh', () => (client.refreshRequests > refreshesBefore ? true : undefined));
    assert.deepEqual((await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop'), []);
    // A severity override applies too.
    client.settings = { rules: { 'time-after-in-loop': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [error] = (await client.pull(uri)).filter((d) => d.code === 'time-after-in-loop');
    assert.equal(error?.severity, 1);
  });
});

describe('settings from initializationOptions (clients without a leaklens section, like Helix)', () => {
  test('rules given at initialize apply when workspace/configuration answers null', async () => {
    // One rule off by default turned on, one on by default turned off.
    const rules = { 'time-after-in-loop': 'error', 'unclosed-body': 'off' };
    const client = await LspTestClient.start({ pull: false, initializationOptions: { rules } });
    try {
      const uri = fileUri('helix.go');
      await client.open(uri, LEAKY_POLLER);
      const published = await client.waitFor('published diagnostics', () => client.published.get(uri));
      assert.equal(published.find((d) => d.code === 'time-after-in-loop')?.severity, 1, JSON.stringify(published));
      assert.equal(published.some((d) => d.code === 'unclosed-body'), false);
    } finally {
      await client.dispose();
    }
  });
});
