// The rewrite of a package's own TestMain into the overlay: renamed, os.Exit wrapped, lines kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rewriteTestMain } from '../../shared/src/leaktest/testmain-rewrite';

const SOURCE = `package m

import (
	goos "os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	println("os.Exit(") // goos.Exit(1) in a comment stays
	if code != 0 { goos.Exit(code) }
	goos.Exit(code)
}

func helper() { goos.Exit(2) }
`;

describe('rewriteTestMain', () => {
  it('renames TestMain and wraps os.Exit in its body only, under the file\'s import name', () => {
    const out = rewriteTestMain(SOURCE)!;
    assert.match(out, /^func leaklensUserTestMain\(m \*testing\.M\) \{$/m);
    assert.match(out, /if code != 0 \{ leaklensExit\(code\) \}/);
    assert.match(out, /^\tleaklensExit\(code\)$/m);
    assert.match(out, /println\("os\.Exit\("\) \/\/ goos\.Exit\(1\) in a comment stays/);
    assert.match(out, /func helper\(\) \{ goos\.Exit\(2\) \}/);
  });

  it('keeps every line where it was, and keeps the os import used', () => {
    const out = rewriteTestMain(SOURCE)!;
    assert.deepEqual(out.split('\n').slice(0, SOURCE.split('\n').length - 1).map((l) => l.includes('TestMain')), SOURCE.split('\n').slice(0, -1).map((l) => l.includes('TestMain')));
    assert.match(out, /\nvar _ = goos\.Exit\n$/);
  });

  it('renames a TestMain that returns without os.Exit in a file that does not import os', () => {
    const out = rewriteTestMain('package m\n\nimport "testing"\n\nfunc TestMain(m *testing.M) { m.Run() }\n')!;
    assert.equal(out, 'package m\n\nimport "testing"\n\nfunc leaklensUserTestMain(m *testing.M) { m.Run() }\n');
  });

  it('leaves files without TestMain alone', () => {
    assert.equal(rewriteTestMain('package m\n\nfunc TestMainly(t *testing.T) {}\n'), undefined);
  });
});
