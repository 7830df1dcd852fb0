// Test scaffolding, test support and code generators in the editor: skipped by default with one log line per open file saying what
// matched, analysed with leaklens.analyzeScaffolding.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseSettings } from '../../server/src/lsp/settings';
import { LspTestClient } from './lspClient';

const LEAKY_FILE = `package main

import "os"

func size(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	st, _ := f.Stat()
	return st.Size()
}
`;

/** A file outside test folders that imports a test framework: test support. */
const FAKES = LEAKY_FILE.replace('import "os"', 'import (\n\t"os"\n\n\t_ "github.com/stretchr/testify/assert"\n)');

function logMessages(client: LspTestClient): string[] {
  return client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
}

describe('leaklens.analyzeScaffolding', () => {
  let root: string;
  let client: LspTestClient;
  const uriOf = (name: string): string => pathToFileURL(path.join(root, name)).href;
  const fileCodes = async (name: string): Promise<unknown[]> => (await client.pull(uriOf(name))).map((d) => d.code).filter((c) => c === 'unclosed-file');

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-scaffolding-')));
    const files: Record<string, string> = {
      'go.mod': 'module example.com/tool\n\ngo 1.22\n',
      'scripts/deploy/main.go': LEAKY_FILE,
      'internal/fakes/fakes.go': FAKES,
      'cmd/tool/main.go': LEAKY_FILE,
      'internal/catalog/catalog.go': 'package catalog\n\n//go:generate go run ./gen -o names.go\n',
      'internal/catalog/gen/main.go': LEAKY_FILE,
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    client = await LspTestClient.start({ pull: true, settings: {}, workspaceFolder: root });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('by default a scaffolding file gets no diagnostics and one log line naming the folder and the setting', async () => {
    await client.open(uriOf('scripts/deploy/main.go'), LEAKY_FILE);
    assert.deepEqual(await fileCodes('scripts/deploy/main.go'), []);
    await client.change(uriOf('scripts/deploy/main.go'), 2, [{ text: `${LEAKY_FILE}\n` }]);
    assert.deepEqual(await fileCodes('scripts/deploy/main.go'), []);
    const lines = logMessages(client).filter((m) => m.includes('is not analysed'));
    assert.deepEqual(lines, [
      'leaklens: scripts/deploy/main.go is not analysed: test scaffolding (folder "scripts"); set leaklens.analyzeScaffolding to analyse it',
    ]);
  });

  test('a file importing a test framework is named with the import; program code is analysed and not logged', async () => {
    await client.open(uriOf('internal/fakes/fakes.go'), FAKES);
    await client.open(uriOf('cmd/tool/main.go'), LEAKY_FILE);
    assert.deepEqual(await fileCodes('internal/fakes/fakes.go'), []);
    assert.deepEqual(await fileCodes('cmd/tool/main.go'), ['unclosed-file']);
    const lines = logMessages(client).filter((m) => m.includes('is not analysed'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.equal(lines[1], 'leaklens: internal/fakes/fakes.go is not analysed: test support (imports "github.com/stretchr/testify/assert"); set leaklens.analyzeScaffolding to analyse it');
  });

  test('a main run by //go:generate go run is named with the file holding the directive', async () => {
    await client.open(uriOf('internal/catalog/gen/main.go'), LEAKY_FILE);
    assert.deepEqual(await fileCodes('internal/catalog/gen/main.go'), []);
    const lines = logMessages(client).filter((m) => m.includes('is not analysed'));
    assert.equal(
      lines.at(-1),
      'leaklens: internal/catalog/gen/main.go is not analysed: code generator (run by //go:generate in "internal/catalog/catalog.go"); set leaklens.analyzeScaffolding to analyse it',
    );
  });

  test('with the setting on, scaffolding and test support are analysed and nothing more is logged', async () => {
    const loggedBefore = logMessages(client).filter((m) => m.includes('is not analysed')).length;
    client.settings = { analyzeScaffolding: true };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { leaklens: client.settings } });
    assert.deepEqual(await fileCodes('scripts/deploy/main.go'), ['unclosed-file']);
    assert.deepEqual(await fileCodes('internal/fakes/fakes.go'), ['unclosed-file']);
    assert.deepEqual(await fileCodes('internal/catalog/gen/main.go'), ['unclosed-file']);
    assert.equal(logMessages(client).filter((m) => m.includes('is not analysed')).length, loggedBefore);
  });
});

describe('parsing leaklens.analyzeScaffolding', () => {
  test('is off by default, takes a boolean and reports anything else', () => {
    assert.equal(parseSettings(undefined).analyzeScaffolding, false);
    assert.equal(parseSettings({ analyzeScaffolding: true }).analyzeScaffolding, true);
    const problems: string[] = [];
    assert.equal(parseSettings({ analyzeScaffolding: 'yes' }, problems).analyzeScaffolding, false);
    assert.deepEqual(problems, ['leaklens.analyzeScaffolding: expected true or false']);
  });
});
