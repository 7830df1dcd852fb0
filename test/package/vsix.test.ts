// The packaged VSIX (leaklens.vsix, made by `npm run package`): within budget, exactly the allowed kinds of files, every
// file the manifest points at, and bundles that run on their own (no node_modules in the VSIX).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { RULE_IDS } from '../../server/src/analysis/registry';
import { listEntries, readEntry, type ZipEntry } from './zip';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const VSIX = join(REPO_ROOT, 'leaklens.vsix');
const MAX_VSIX_BYTES = 2.5 * 1024 * 1024;

/** What may ship; mirrors the allow-list in .vscodeignore (vsce renames README/CHANGELOG/LICENSE as shown). */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|server|cli|cli-test|cli-commands|analysis-worker)\.js$/,
  /^extension\/dist\/tree-sitter(-go)?\.wasm$/,
  /^extension\/dist\/tree-sitter\.cjs$/,
  /^extension\/docs\/rules\/[a-z-]+\.md$/,
  /^extension\/(syntaxes|snippets)\/[\w.-]+\.json$/,
  /^extension\/templates\/[\w./-]+\.go$/,
  /^extension\/media\/walkthrough\/[\w./-]+\.md$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/cli-test.js',
  'extension/dist/cli-commands.js',
  'extension/dist/analysis-worker.js',
  'extension/dist/tree-sitter.wasm',
  'extension/dist/tree-sitter-go.wasm',
  'extension/dist/tree-sitter.cjs',
];

let zip: Buffer;
let entries: ZipEntry[];
let names: string[];
let extracted: string;

before(() => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run node esbuild.mjs && npm run package first`);
  zip = readFileSync(VSIX);
  entries = listEntries(zip);
  names = entries.map((e) => e.name);
  // Outside the repository, so a bundle cannot fall back on the repo's node_modules.
  extracted = mkdtempSync(join(tmpdir(), 'leaklens-vsix-'));
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const target = join(extracted, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readEntry(zip, entry));
  }
});

after(() => {
  if (extracted) rmSync(extracted, { recursive: true, force: true });
});

test('the VSIX stays within its 2.5 MB budget', () => {
  assert.ok(zip.length <= MAX_VSIX_BYTES, `leaklens.vsix is ${zip.length} bytes, over ${MAX_VSIX_BYTES}`);
});

test('the VSIX holds only the allowed kinds of files', () => {
  const unexpected = names.filter((n) => !n.endsWith('/') && !ALLOWED.some((pattern) => pattern.test(n)));
  assert.deepEqual(unexpected, [], 'files that .vscodeignore should keep out (source maps, tests, bench, images…)');
  const missing = REQUIRED.filter((n) => !names.includes(n));
  assert.deepEqual(missing, [], 'files the installed extension needs');
});

test('every rule page in the VSIX belongs to a known rule id', () => {
  const pages = names.filter((n) => n.startsWith('extension/docs/rules/')).map((n) => posix.basename(n, '.md'));
  const unknown = pages.filter((id) => !(RULE_IDS as readonly string[]).includes(id));
  assert.deepEqual(unknown, []);
});

test('every file the packed manifest points at is in the VSIX', () => {
  const manifest = JSON.parse(readFileSync(join(extracted, 'extension', 'package.json'), 'utf8'));
  const contributes = manifest.contributes ?? {};
  const referenced: string[] = [
    manifest.main,
    ...(contributes.grammars ?? []).map((g: { path: string }) => g.path),
    ...(contributes.snippets ?? []).map((s: { path: string }) => s.path),
    ...(contributes.languages ?? []).map((l: { configuration?: string }) => l.configuration).filter(Boolean),
    ...(contributes.walkthroughs ?? []).flatMap((w: { steps?: { media?: { markdown?: string } }[] }) =>
      (w.steps ?? []).map((s) => s.media?.markdown).filter(Boolean),
    ),
  ];
  const missing = referenced.filter((p) => !names.includes(posix.join('extension', posix.normalize(p))));
  assert.deepEqual(missing, [], 'paths in package.json that the VSIX lacks');
});

test('the CLI bundle from the VSIX runs on its own and finds a leak', () => {
  const work = mkdtempSync(join(tmpdir(), 'leaklens-vsix-cli-'));
  try {
    const leaky = [
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '\t"time"',
      ')',
      '',
      'var client = &http.Client{Timeout: 5 * time.Second}',
      '',
      'func status(url string) (int, error) {',
      '\tresp, err := client.Get(url)',
      '\tif err != nil {',
      '\t\treturn 0, err',
      '\t}',
      '\treturn resp.StatusCode, nil',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(work, 'main.go'), leaky);
    const cli = join(extracted, 'extension', 'dist', 'cli.js');
    const result = spawnSync(process.execPath, [cli, 'check', 'main.go', '--format', 'json'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1, `exit status (stderr: ${result.stderr})`);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(
      report.findings.map((f: { file: string; line: number; rule: string }) => `${f.file}:${f.line}:${f.rule}`),
      ['main.go:11:unclosed-body'],
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
