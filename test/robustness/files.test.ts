// The Go-file walker shared by the CLI and the workspace scan: order, skipped folders, symlink loops, problems, cancel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeGoSource, UnreadableRootError, walkGoFiles, type WalkProblem } from '../../server/src/analysis/files';
import { makeWorkspace, removeWorkspace } from '../cli/run-cli';

let ws: string;
before(() => {
  ws = makeWorkspace({
    'b/z.go': 'package b',
    'b/a.go': 'package b',
    'a/deep/deeper/x.go': 'package deeper',
    'a/readme.md': '# not go',
    'main.go': 'package main',
    'vendor/v.go': 'package v',
    'testdata/t.go': 'package t',
    'node_modules/n.go': 'package n',
    '.git/g.go': 'package g',
    '.hidden/h.go': 'package h',
    '_fixtures/f.go': 'package main',
    'real/r.go': 'package r',
  });
  fs.symlinkSync(path.join(ws, 'real'), path.join(ws, 'alias'));
  fs.symlinkSync('..', path.join(ws, 'real', 'up'));
  fs.symlinkSync('nowhere', path.join(ws, 'b', 'broken.go'));
});
after(() => removeWorkspace(ws));

async function collect(root: string, onProblem?: (p: WalkProblem) => void, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  for await (const file of walkGoFiles(root, { onProblem, signal })) found.push(path.relative(ws, file));
  return found;
}

describe('walkGoFiles', () => {
  it('yields .go files in sorted order, skipping vendor, testdata, node_modules, hidden folders and folders the go tool ignores (_name)', async () => {
    const problems: WalkProblem[] = [];
    const files = await collect(ws, (p) => problems.push(p));
    // alias/ and real/ are one real folder: visited once, under the name met first.
    assert.deepEqual(files, ['a/deep/deeper/x.go', 'alias/r.go', 'b/a.go', 'b/z.go', 'main.go']);
    assert.deepEqual(
      problems.map((p) => [path.relative(ws, p.path), p.message]),
      [['b/broken.go', 'no such file or folder (ENOENT)']],
    );
  });

  it('walks a folder the go tool ignores when it is the root itself', async () => {
    assert.deepEqual(await collect(path.join(ws, '_fixtures')), ['_fixtures/f.go']);
  });

  it('yields a file root as is, and rejects a missing root', async () => {
    assert.deepEqual(await collect(path.join(ws, 'a', 'readme.md')), ['a/readme.md']);
    await assert.rejects(collect(path.join(ws, 'missing')), (err: unknown) => {
      assert.ok(err instanceof UnreadableRootError);
      assert.match(err.message, /missing: no such file or folder/);
      return true;
    });
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await collect(ws, undefined, controller.signal), []);
  });
});

describe('decodeGoSource', () => {
  it('accepts UTF-8 text and refuses NUL bytes, invalid UTF-8 and oversized input', () => {
    assert.deepEqual(decodeGoSource(Buffer.from('package main // héllo\n')), { kind: 'text', text: 'package main // héllo\n' });
    assert.equal(decodeGoSource(Buffer.from([0x70, 0x00, 0x61])).kind, 'skipped');
    assert.deepEqual(decodeGoSource(Buffer.from([0x70, 0xff, 0x61])), { kind: 'skipped', reason: 'not valid UTF-8' });
    assert.match((decodeGoSource(Buffer.alloc(11, 0x61), 10) as { reason: string }).reason, /11 bytes is over the limit of 10/);
  });
});
