// What the server reads around a document: same-package helpers in sibling files, and the go.mod `go` directive
// (re-read when the client reports go.mod changed).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

const FETCH = `package main

import "net/http"

func fetch(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	logStatus(resp)
	return nil
}
`;

const HELPERS = `package main

import "net/http"

func logStatus(resp *http.Response) {
	println(resp.Status)
}
`;

const TICKER = `package main

import (
	"context"
	"time"
)

func pollUntil(ctx context.Context, check func() bool) {
	ticker := time.NewTicker(time.Second)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if check() {
				return
			}
		}
	}
}
`;

describe('package context', () => {
  let root: string;
  let client: LspTestClient;
  const uriOf = (name: string): string => pathToFileURL(path.join(root, name)).href;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-pkg-')));
    const files: Record<string, string> = {
      'go.mod': 'module example.com/poller\n\ngo 1.22\n',
      'fetch.go': FETCH,
      'helpers.go': HELPERS,
      'poller.go': TICKER,
      'alone/fetch.go': FETCH,
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    client = await LspTestClient.start({ pull: true, workspaceFolder: root });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a helper in a sibling file is followed: it only reads the response, so the body still leaks', async () => {
    await client.open(uriOf('fetch.go'), FETCH);
    await client.open(uriOf('alone/fetch.go'), FETCH);
    const withHelper = (await client.pull(uriOf('fetch.go'))).filter((d) => d.code === 'unclosed-body');
    const alone = (await client.pull(uriOf('alone/fetch.go'))).filter((d) => d.code === 'unclosed-body');
    // Control: where the helper is unknown, handing resp to it counts as an escape (no finding).
    assert.deepEqual(alone, []);
    assert.equal(withHelper.length, 1, 'the sibling summary says logStatus does not close the body');
  });

  test('the go directive of go.mod sets the timer rules apart, and a go.mod change is picked up', async () => {
    const uri = uriOf('poller.go');
    await client.open(uri, TICKER);
    const [before122] = (await client.pull(uri)).filter((d) => d.code === 'ticker-not-stopped');
    assert.equal(before122?.severity, 2, 'go 1.22: warning');
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/poller\n\ngo 1.23\n');
    const refreshes = client.refreshRequests;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('go.mod'), type: 2 }] });
    await client.waitFor('workspace/diagnostic/refresh', () => (client.refreshRequests > refreshes ? true : undefined));
    const after123 = (await client.pull(uri)).filter((d) => d.code === 'ticker-not-stopped');
    assert.deepEqual(after123, [], 'go 1.23: collected without Stop, nothing leaks');
  });
});
