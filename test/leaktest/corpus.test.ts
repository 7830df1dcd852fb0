// The runtime corpus (test/leaktest/corpus, scored by `npm run eval:runtime`) is well-formed: enough bug and clean
// packages, each bug package marks its blocking lines and each clean package says why it is clean, markers sit on
// code, and the module is gofmt-clean and passes go vet. Quick: nothing here runs the corpus's tests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCommand } from '../authoring/toolchain';
import { markerProblems } from './eval-scoring';
import { KNOWN_STATES, readCorpus } from './read-corpus';

const CORPUS = path.join(REPO_ROOT, 'test', 'leaktest', 'corpus');
const corpus = readCorpus(CORPUS);

function lineOf(file: string, line: number): string {
  return fs.readFileSync(file, 'utf8').split('\n')[line - 1];
}

describe('runtime corpus', () => {
  it('has at least 25 bug packages under bugs/ and 10 clean ones under clean/', () => {
    const bugs = corpus.filter((p) => !p.clean);
    const clean = corpus.filter((p) => p.clean);
    assert.ok(bugs.length >= 25, `${bugs.length} bug packages`);
    assert.ok(clean.length >= 10, `${clean.length} clean packages`);
    assert.deepEqual(bugs.filter((p) => !p.name.startsWith('bugs/')).map((p) => p.name), []);
    assert.deepEqual(clean.filter((p) => !p.name.startsWith('clean/')).map((p) => p.name), []);
  });

  it('marks every package correctly', () => {
    const problems = corpus.flatMap((p) => markerProblems(p, KNOWN_STATES).map((problem) => `${p.name} ${problem}`));
    assert.deepEqual(problems, []);
  });

  it('puts `// leak:` markers on code lines and `// created` markers on go statements', () => {
    const misplaced: string[] = [];
    for (const pkg of corpus) {
      for (const m of pkg.leaks) {
        if (/^\s*\/\//.test(lineOf(m.file, m.line))) misplaced.push(`${pkg.name}: ${path.basename(m.file)}:${m.line} is a comment line`);
      }
      for (const site of pkg.created) {
        const [file, line] = [site.slice(0, site.lastIndexOf(':')), Number(site.slice(site.lastIndexOf(':') + 1))];
        if (!/\bgo\s/.test(lineOf(file, line))) misplaced.push(`${pkg.name}: ${path.basename(file)}:${line} has no go statement`);
      }
    }
    assert.deepEqual(misplaced, []);
  });

  it('is one Go 1.26 module that gofmt and go vet accept', async () => {
    assert.match(fs.readFileSync(path.join(CORPUS, 'go.mod'), 'utf8'), /^module \S+\n\ngo 1\.26\n$/);
    const gofmt = await runCommand('gofmt', ['-l', '.'], CORPUS);
    assert.equal(gofmt.code, 0, gofmt.stderr);
    assert.equal(gofmt.stdout, '', 'files gofmt would change');
    const vet = await runCommand('go', ['vet', './...'], CORPUS);
    assert.equal(vet.code, 0, `go vet:\n${vet.stderr}`);
  });
});
