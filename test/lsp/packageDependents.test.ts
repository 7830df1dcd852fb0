// A same-package helper changing in one file re-analyses the other open files of the package, without an edit to
// them: pushed to push clients, by a workspace/diagnostic/refresh for pull clients. Edits that leave the file's
// summary alone (typing inside a function body) re-analyse nothing else.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type LspDiagnostic } from './lspClient';

const helpers = (closeBody: string, version = 'v1'): string => `package main

import "net/http"

func closeBody(resp *http.Response) {
	${closeBody}
}

func describe() string {
	return "${version}"
}
`;
const HELPER_CLOSES = helpers('resp.Body.Close()');
const HELPER_ONLY_READS = helpers('println(resp.Status)');
/** Same summary as HELPER_CLOSES: only a string inside a function body differs. */
const HELPER_CLOSES_RETYPED = helpers('resp.Body.Close()', 'v2');

const CALLER = `package main

import "net/http"

func fetch(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer closeBody(resp)
	return nil
}
`;

const unclosed = (diagnostics: LspDiagnostic[] | undefined): number => (diagnostics ?? []).filter((d) => d.code === 'unclosed-body').length;

describe('same-package dependents', () => {
  let root: string;
  let client: LspTestClient;
  const uriOf = (name: string): string => pathToFileURL(path.join(root, name)).href;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-dependents-')));
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/fetcher\n\ngo 1.22\n');
    fs.writeFileSync(path.join(root, 'a.go'), HELPER_CLOSES);
    fs.writeFileSync(path.join(root, 'b.go'), CALLER);
  });
  afterEach(async () => {
    await client?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('push client', () => {
    /** Resolves with b.go's diagnostics of the first publication after `after` publications. */
    const publicationOfB = async (after: number): Promise<LspDiagnostic[]> => {
      await client.waitFor(`publication ${after + 1} of b.go`, () => (publications(uriOf('b.go')) > after ? true : undefined));
      return client.published.get(uriOf('b.go')) ?? [];
    };
    const publications = (uri: string): number =>
      client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri).length;

    test('the caller gets the finding when the helper stops closing, and loses it when it closes again', async () => {
      client = await LspTestClient.start({ pull: false, workspaceFolder: root });
      await client.open(uriOf('a.go'), HELPER_CLOSES);
      await client.open(uriOf('b.go'), CALLER);
      assert.equal(unclosed(await publicationOfB(0)), 0, 'the helper closes the body');

      let seen = publications(uriOf('b.go'));
      await client.change(uriOf('a.go'), 2, [{ text: HELPER_ONLY_READS }]);
      assert.equal(unclosed(await publicationOfB(seen)), 1, 'b.go is re-analysed without an edit and the body leaks');

      seen = publications(uriOf('b.go'));
      await client.change(uriOf('a.go'), 3, [{ text: HELPER_CLOSES }]);
      assert.equal(unclosed(await publicationOfB(seen)), 0, 'the helper closes again');
    });

    test('closing the edited helper file falls back to the file on disk', async () => {
      client = await LspTestClient.start({ pull: false, workspaceFolder: root });
      await client.open(uriOf('a.go'), HELPER_CLOSES);
      await client.open(uriOf('b.go'), CALLER);
      await publicationOfB(0);
      let seen = publications(uriOf('b.go'));
      await client.change(uriOf('a.go'), 2, [{ text: HELPER_ONLY_READS }]);
      assert.equal(unclosed(await publicationOfB(seen)), 1);
      seen = publications(uriOf('b.go'));
      await client.close(uriOf('a.go')); // unsaved: on disk the helper still closes
      assert.equal(unclosed(await publicationOfB(seen)), 0);
    });

    test('a helper file changed on disk (watched .go files) re-analyses the open caller', async () => {
      client = await LspTestClient.start({ pull: false, workspaceFolder: root });
      const registration = await client.waitFor('the .go file watcher registration', () =>
        client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
      );
      assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/*.go' }] });
      await client.open(uriOf('b.go'), CALLER);
      assert.equal(unclosed(await publicationOfB(0)), 0);
      const seen = publications(uriOf('b.go'));
      fs.writeFileSync(path.join(root, 'a.go'), HELPER_ONLY_READS);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('a.go'), type: 2 }] });
      assert.equal(unclosed(await publicationOfB(seen)), 1);
    });
  });

  describe('pull client', () => {
    test('a refresh request arrives and the pull shows the finding; an edit that keeps the summary re-analyses nothing else', async () => {
      client = await LspTestClient.start({ pull: true, workspaceFolder: root });
      const a = uriOf('a.go');
      const b = uriOf('b.go');
      await client.open(a, HELPER_CLOSES);
      await client.open(b, CALLER);
      assert.equal(unclosed(await client.pull(b)), 0);
      assert.equal(unclosed(await client.pull(a)), 0);

      let refreshes = client.refreshRequests;
      await client.change(a, 2, [{ text: HELPER_ONLY_READS }]);
      await client.waitFor('workspace/diagnostic/refresh', () => (client.refreshRequests > refreshes ? true : undefined));
      assert.equal(unclosed(await client.pull(b)), 1, 'the pull after the refresh shows the leak');

      refreshes = client.refreshRequests;
      await client.change(a, 3, [{ text: HELPER_CLOSES }]);
      await client.waitFor('workspace/diagnostic/refresh', () => (client.refreshRequests > refreshes ? true : undefined));
      assert.equal(unclosed(await client.pull(b)), 0);

      // Typing inside a function body: a.go is analysed again, b.go is not.
      refreshes = client.refreshRequests;
      const analysesOfB = client.statusCount(b, 'done');
      const analysesOfA = client.statusCount(a, 'done');
      await client.change(a, 4, [{ text: HELPER_CLOSES_RETYPED }]);
      await client.waitFor('the analysis of the retyped a.go', () => (client.statusCount(a, 'done') > analysesOfA ? true : undefined));
      // Barriers: a refresh would be sent with a.go's result, before this answer; a scheduled re-analysis of b.go
      // would make its pull wait for it.
      await client.pull(a);
      await client.pull(b);
      assert.equal(client.refreshRequests, refreshes, 'no refresh request');
      assert.equal(client.statusCount(b, 'done'), analysesOfB, 'b.go was not analysed again');
    });

    test('declares inter-file dependencies, so that VS Code pulls other documents after an edit', async () => {
      client = await LspTestClient.start({ pull: true, workspaceFolder: root });
      assert.deepEqual(client.initializeResult?.capabilities.diagnosticProvider, { interFileDependencies: true, workspaceDiagnostics: false });
    });
  });
});
