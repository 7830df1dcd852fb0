// Every Go snippet, expanded with its defaults into a small program, is gofmt-clean, passes go vet and has no
// LeakLens findings: a snippet that teaches leak-safe code must not contain a leak itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { goModContent } from '../../client/src/authoring/go-module';
import { expandSnippet } from './expand-snippet';
import { describeFindings, leakLensFindings, REPO_ROOT, runCommand } from './toolchain';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'snippets', 'go.json'), 'utf8')) as Record<string, Snippet>);

/** The standard packages the snippets use, by the name they are referred to in code. */
const STD_PACKAGES: Record<string, string> = {
  bufio: 'bufio',
  bytes: 'bytes',
  context: 'context',
  errors: 'errors',
  exec: 'os/exec',
  fmt: 'fmt',
  http: 'net/http',
  io: 'io',
  net: 'net',
  os: 'os',
  signal: 'os/signal',
  sync: 'sync',
  syscall: 'syscall',
  time: 'time',
};

/** What gopls' organize-imports adds when the snippet lands in a file: the packages the code (not a comment) uses. */
function importsOf(code: string): string[] {
  const withoutComments = code.replace(/\/\/.*$/gm, '');
  return Object.entries(STD_PACKAGES)
    .filter(([name]) => new RegExp(`(?<![\\w.])${name}\\.`).test(withoutComments))
    .map(([, path]) => path)
    .sort();
}

function programOf(code: string): string {
  const imports = importsOf(code).map((path) => `\t"${path}"\n`).join('');
  return `package main\n\nimport (\n${imports})\n\n${code}\n\nfunc main() {}\n`;
}

let module: string;
/** Snippet name → its package folder inside `module`. */
const folders = new Map<string, string>();

before(() => {
  module = mkdtempSync(join(tmpdir(), 'leaklens-snippets-'));
  writeFileSync(join(module, 'go.mod'), goModContent('snippets'));
  snippets.forEach(([name, snippet], index) => {
    const folder = `s${index}-${snippet.prefix}`;
    mkdirSync(join(module, folder));
    writeFileSync(join(module, folder, 'main.go'), programOf(expandSnippet(snippet.body.join('\n'))));
    folders.set(name, folder);
  });
});

after(() => rmSync(module, { recursive: true, force: true }));

test('the snippets cover the leak-safe patterns the issue lists', () => {
  const bodies = snippets.map(([, s]) => s.body.join('\n'));
  const required = [
    'defer ticker.Stop()',
    'make(chan struct{}, limit)',
    'make(chan result, len(inputs))',
    'defer resp.Body.Close()',
    'server.Shutdown(',
    'signal.NotifyContext(',
    'exec.CommandContext(',
    'cmd.Wait()',
    'buf.Reset()',
    'Put(buf)',
    'scanner.Buffer(',
  ];
  for (const pattern of required) assert.ok(bodies.some((b) => b.includes(pattern)), `no snippet contains ${pattern}`);
  const prefixes = snippets.map(([, s]) => s.prefix);
  assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  for (const [name, s] of snippets) assert.ok(s.description.length > 20, `${name} explains itself`);
});

test('expanded snippets are gofmt-clean', async () => {
  const result = await runCommand('gofmt', ['-l', '.'], module);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '', `gofmt would change: ${result.stdout}`);
});

test('expanded snippets compile and pass go vet', async () => {
  const result = await runCommand('go', ['vet', './...'], module);
  assert.equal(result.code, 0, `go vet:\n${result.stderr}`);
});

test('expanded snippets have no LeakLens findings', async () => {
  const findings = await leakLensFindings(module, ['.']);
  assert.equal(findings.length, 0, `findings:\n${describeFindings(findings)}`);
  assert.equal(folders.size, snippets.length);
});
