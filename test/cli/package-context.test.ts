// What the CLI reads around a file: the go directive of the nearest go.mod, and the other files of its package.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeWorkspace, removeWorkspace, runCli, type JsonReport } from './run-cli';

/** A ticker that is not stopped on the early return. */
const UNSTOPPED_TICKER = `package main

import "time"

func wait(n int) {
	t := time.NewTicker(time.Second)
	if n > 0 {
		return
	}
	<-t.C
}

func main() {
	for i := 0; i < 3; i++ {
		wait(i)
	}
}
`;

/** The response goes to a helper; whether that leaks depends on the helper, which lives in another file. */
const HANDS_TO_HELPER = `package main

import "net/http"

func status(client *http.Client, url string) (int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	logStatus(resp)
	return resp.StatusCode, nil
}

func main() { for { _, _ = status(&http.Client{Timeout: 5e9}, "http://127.0.0.1:1/") } }
`;
const HELPER_THAT_DOES_NOT_CLOSE = `package main

import "net/http"

func logStatus(resp *http.Response) { println(resp.Status) }
`;

let ws: string;
before(() => {
  ws = makeWorkspace({
    'old/go.mod': 'module example.com/old\n\ngo 1.22\n',
    'old/cmd/main.go': UNSTOPPED_TICKER,
    'new/go.mod': 'module example.com/new\n\ngo 1.24.1\n',
    'new/cmd/main.go': UNSTOPPED_TICKER,
    'pkg/main.go': HANDS_TO_HELPER,
    'pkg/helpers.go': HELPER_THAT_DOES_NOT_CLOSE,
    'alone/main.go': HANDS_TO_HELPER,
  });
});
after(() => removeWorkspace(ws));

async function findings(args: string[]): Promise<JsonReport['findings']> {
  const r = await runCli(['check', '--format', 'json', ...args], ws);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return (JSON.parse(r.stdout) as JsonReport).findings;
}

describe('leaklens check: package context', () => {
  it("reads each file's Go version from its nearest go.mod (tickers are collected since Go 1.23)", async () => {
    const found = await findings(['--rules', 'ticker-not-stopped', 'old', 'new']);
    // Under Go 1.23 the unstopped ticker is collected: nothing leaks, so only the old module's file has a finding.
    assert.deepEqual(
      found.map((f) => [f.file, f.severity]),
      [['old/cmd/main.go', 'warning']],
    );
  });

  it('follows a helper in another file of the same package, also when only one file is named', async () => {
    const rules = ['--rules', 'unclosed-body'];
    const expected = [['pkg/main.go', 6, 'unclosed-body']];
    const summary = (fs: JsonReport['findings']) => fs.map((f) => [f.file, f.line, f.rule]);
    assert.deepEqual(summary(await findings([...rules, 'pkg'])), expected);
    assert.deepEqual(summary(await findings([...rules, 'pkg/main.go'])), expected);
    // Without the helper's body in sight, handing the response over counts as an escape: no finding.
    assert.deepEqual(summary(await findings([...rules, 'alone'])), []);
  });
});
