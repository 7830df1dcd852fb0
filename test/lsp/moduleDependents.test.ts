// A helper of another package of the same module changing re-analyses the open files that import it: editing
// fsutil so that it no longer closes its argument makes the leak appear in the open file of package app, without an
// edit to it. An edit in fsutil that leaves its summary alone re-analyses nothing else.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type LspDiagnostic } from './lspClient';

const fsutil = (finishBody: string, comment = 'flushes and closes'): string => `package fsutil

import "os"

// Finish ${comment}.
func Finish(f *os.File) {
	_ = f.Sync()
	${finishBody}
}

func shut(f *os.File) {
	f.Close()
}
`;
const FINISH_CLOSES = fsutil('shut(f)');
const FINISH_ONLY_SYNCS = fsutil('println(f.Name())');
/** Same summary as FINISH_CLOSES: only a comment differs. */
const FINISH_CLOSES_RECOMMENTED = fsutil('shut(f)', 'syncs, then closes');

const CALLER = `package app

import (
	"os"

	"example.com/tool/fsutil"
)

func save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer fsutil.Finish(f)
	_, err = f.WriteString("saved")
	return err
}
`;

const unclosed = (diagnostics: LspDiagnostic[] | undefined): number => (diagnostics ?? []).filter((d) => d.code === 'unclosed-file').length;

describe('module dependents', () => {
  let root: string;
  let client: LspTestClient;
  const helperUri = (): string => pathToFileURL(path.join(root, 'fsutil', 'fsutil.go')).href;
  const callerUri = (): string => pathToFileURL(path.join(root, 'app', 'save.go')).href;

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-module-dependents-')));
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/tool\n\ngo 1.22\n');
    fs.mkdirSync(path.join(root, 'fsutil'));
    fs.mkdirSync(path.join(root, 'app'));
    fs.writeFileSync(path.join(root, 'fsutil', 'fsutil.go'), FINISH_CLOSES);
    fs.writeFileSync(path.join(root, 'app', 'save.go'), CALLER);
  });
  afterEach(async () => {
    await client?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the importer gets the finding when the helper stops closing; an edit that keeps the summary re-analyses nothing else', async () => {
    client = await LspTestClient.start({ pull: false, workspaceFolder: root });
    const publications = (uri: string): number =>
      client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri).length;
    const publicationOfCaller = async (after: number): Promise<LspDiagnostic[]> => {
      await client.waitFor(`publication ${after + 1} of save.go`, () => (publications(callerUri()) > after ? true : undefined));
      return client.published.get(callerUri()) ?? [];
    };
    await client.open(helperUri(), FINISH_CLOSES);
    await client.open(callerUri(), CALLER);
    assert.equal(unclosed(await publicationOfCaller(0)), 0, 'fsutil.Finish closes the file through shut');

    let seen = publications(callerUri());
    await client.change(helperUri(), 2, [{ text: FINISH_ONLY_SYNCS }]);
    assert.equal(unclosed(await publicationOfCaller(seen)), 1, 'save.go is re-analysed without an edit and the file leaks');

    seen = publications(callerUri());
    await client.change(helperUri(), 3, [{ text: FINISH_CLOSES }]);
    assert.equal(unclosed(await publicationOfCaller(seen)), 0, 'the helper closes again');

    // A comment edit: fsutil.go is analysed again, save.go is not.
    const analysesOfCaller = client.statusCount(callerUri(), 'done');
    const analysesOfHelper = client.statusCount(helperUri(), 'done');
    seen = publications(callerUri());
    await client.change(helperUri(), 4, [{ text: FINISH_CLOSES_RECOMMENTED }]);
    await client.waitFor('the analysis of the edited fsutil.go', () => (client.statusCount(helperUri(), 'done') > analysesOfHelper ? true : undefined));
    await client.waitFor('its publication', () => (publications(helperUri()) >= 4 ? true : undefined));
    // A barrier: a re-analysis of save.go would be scheduled with fsutil.go's result; give its debounce time to pass.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(client.statusCount(callerUri(), 'done'), analysesOfCaller, 'save.go was not analysed again');
    assert.equal(publications(callerUri()), seen, 'save.go was not published again');
  });
});
