// go.mod awareness: the `go` directive and the nearest go.mod above a folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { MAX_GO_MOD_SIZE } from '../../server/src/limits';
import { findGoVersion, findModule, folderOfImport, forgetGoModCache, importPathOf, moduleRelativeFolder, parseGoDirective, parseModuleDirective } from '../../server/src/analysis/gomod';
import { importPathsIn } from '../../server/src/analysis/module-graph';

describe('parseGoDirective', () => {
  it('reads the major and minor version of the usual forms', () => {
    assert.deepEqual(parseGoDirective('module x\n\ngo 1.23\n'), { major: 1, minor: 23 });
    assert.deepEqual(parseGoDirective('module x\ngo 1.22.5 // pinned\nrequire y v1.0.0\n'), { major: 1, minor: 22 });
    assert.deepEqual(parseGoDirective('module x\r\ngo 1.24rc1\r\n'), { major: 1, minor: 24 });
  });

  it('ignores a missing, commented-out or malformed directive', () => {
    assert.equal(parseGoDirective('module x\n'), undefined);
    assert.equal(parseGoDirective('module x\n// go 1.23\n'), undefined);
    assert.equal(parseGoDirective('module x\n/*\ngo 1.23\n*/\n'), undefined);
    assert.equal(parseGoDirective('module x\ngo one.two\n'), undefined);
    assert.equal(parseGoDirective('toolchain go1.23.1\n'), undefined);
  });
});

describe('module path and import paths', () => {
  it('reads the module directive, quoted or not, and the import paths of import declarations only', () => {
    assert.equal(parseModuleDirective('// tool\nmodule example.com/tool // the CLI\n\ngo 1.22\n'), 'example.com/tool');
    assert.equal(parseModuleDirective('module "example.com/quoted"\n'), 'example.com/quoted');
    assert.equal(parseModuleDirective('/* module example.com/old */\ngo 1.22\n'), undefined);
    const text = 'package app\n\nimport "os"\nimport fs "example.com/tool/fsutil"\n\nimport (\n\t"fmt"\n\tnet "example.com/tool/netx"\n)\n\nvar s = "example.com/tool/notanimport"\n';
    assert.deepEqual(importPathsIn(text), ['os', 'example.com/tool/fsutil', 'fmt', 'example.com/tool/netx']);
  });

  it('maps folders of a module to import paths and back, and leaves a nested module out', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-module-')));
    try {
      fs.mkdirSync(path.join(root, 'internal', 'fsutil'), { recursive: true });
      fs.mkdirSync(path.join(root, 'nested'));
      fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/tool\n\ngo 1.22\n');
      fs.writeFileSync(path.join(root, 'nested', 'go.mod'), 'module example.com/tool/nested\n');
      forgetGoModCache();
      const module = findModule(path.join(root, 'internal', 'fsutil'))!;
      assert.deepEqual(module, { root, path: 'example.com/tool' });
      assert.equal(importPathOf(module, path.join(root, 'internal', 'fsutil')), 'example.com/tool/internal/fsutil');
      assert.equal(folderOfImport(module, 'example.com/tool/internal/fsutil'), path.join(root, 'internal', 'fsutil'));
      assert.equal(folderOfImport(module, 'example.com/toolbox/x'), undefined);
      assert.equal(folderOfImport(module, 'example.com/tool/nested'), undefined, 'another module');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      forgetGoModCache();
    }
  });
});

describe('a module in the Go module cache without a go.mod', () => {
  it('takes the folder named <module>@<version> as its root and reads the path from that name', () => {
    const cache = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-cache-')));
    try {
      const root = path.join(cache, 'pkg', 'mod', 'github.com', '!acme', 'tracer-go@v2.30.0+incompatible');
      fs.mkdirSync(path.join(root, 'examples', 'server'), { recursive: true });
      fs.mkdirSync(path.join(cache, 'pkg', 'mod', 'cache', 'download', 'x'), { recursive: true });
      forgetGoModCache();
      const module = findModule(path.join(root, 'examples', 'server'))!;
      assert.deepEqual(module, { root, path: 'github.com/Acme/tracer-go' });
      assert.equal(importPathOf(module, path.join(root, 'examples', 'server')), 'github.com/Acme/tracer-go/examples/server');
      assert.deepEqual(moduleRelativeFolder(path.join(root, 'examples', 'server', 'main.go'))?.segments, ['examples', 'server']);
      assert.equal(findGoVersion(root), undefined, 'no go directive');
      assert.equal(findModule(path.join(cache, 'pkg', 'mod', 'cache', 'download', 'x')), undefined, 'the download cache is no module');
      assert.equal(findModule(cache), undefined);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
      forgetGoModCache();
    }
  });
});

describe('findGoVersion', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-gomod-'));
    fs.mkdirSync(path.join(root, 'mod', 'cmd', 'tool'), { recursive: true });
    fs.mkdirSync(path.join(root, 'mod', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(root, 'mod', 'go.mod'), 'module example.com/mod\n\ngo 1.21\n');
    fs.writeFileSync(path.join(root, 'mod', 'nested', 'go.mod'), 'module example.com/nested\n\ngo 1.23.2\n');
    forgetGoModCache();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('walks up to the nearest go.mod', () => {
    assert.deepEqual(findGoVersion(path.join(root, 'mod', 'cmd', 'tool')), { major: 1, minor: 21 });
    assert.deepEqual(findGoVersion(path.join(root, 'mod', 'nested')), { major: 1, minor: 23 });
  });

  it('answers from its cache until told that a go.mod changed', () => {
    const dir = path.join(root, 'mod', 'cmd', 'tool');
    fs.writeFileSync(path.join(root, 'mod', 'go.mod'), 'module example.com/mod\n\ngo 1.25\n');
    assert.deepEqual(findGoVersion(dir), { major: 1, minor: 21 });
    forgetGoModCache();
    assert.deepEqual(findGoVersion(dir), { major: 1, minor: 25 });
  });

  it('is undefined where no go.mod is found or it cannot be read', () => {
    assert.equal(findGoVersion(path.join(root, 'missing', 'dir')), undefined);
    fs.mkdirSync(path.join(root, 'unreadable'));
    fs.mkdirSync(path.join(root, 'unreadable', 'go.mod'));
    forgetGoModCache();
    assert.equal(findGoVersion(path.join(root, 'unreadable')), undefined);
  });

  it('counts a go.mod over the size limit, a FIFO or a device as absent, without reading it', () => {
    fs.mkdirSync(path.join(root, 'huge'));
    fs.writeFileSync(path.join(root, 'huge', 'go.mod'), `module example.com/huge\n\ngo 1.22\n${'// padding\n'.repeat(MAX_GO_MOD_SIZE / 10)}`);
    fs.mkdirSync(path.join(root, 'fifo'));
    execFileSync('mkfifo', [path.join(root, 'fifo', 'go.mod')]);
    fs.mkdirSync(path.join(root, 'zero'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero', 'go.mod'));
    forgetGoModCache();
    for (const dir of ['huge', 'fifo', 'zero']) assert.equal(findGoVersion(path.join(root, dir)), undefined, dir);
  });
});
