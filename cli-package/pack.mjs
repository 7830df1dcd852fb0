// npm run pack:cli: builds leaklens-cli-<version>.tgz, the CLI alone, for CI runners (no registry package exists).
// Stages cli-package/ with the built dist/cli.js, its analysis worker and its wasm files in a temporary folder and runs `npm pack` there,
// so the repository tree holds no generated files. Usage: node cli-package/pack.mjs [DESTINATION_FOLDER] (default: .)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const destination = resolve(process.argv[2] ?? '.');
const built = ['cli.js', 'cli-commands.js', 'cli-test.js', 'analysis-worker.js', 'tree-sitter.cjs', 'tree-sitter.wasm', 'tree-sitter-go.wasm'].map((f) => join(root, 'dist', f));
for (const file of built) {
  if (!existsSync(file)) throw new Error(`${file} is missing: run node esbuild.mjs first`);
}
const stage = mkdtempSync(join(tmpdir(), 'leaklens-cli-pack-'));
try {
  const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
  manifest.version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of ['leaklens.js', 'README.md']) copyFileSync(join(here, file), join(stage, file));
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  mkdirSync(join(stage, 'dist'));
  for (const file of built) copyFileSync(file, join(stage, 'dist', basename(file)));
  mkdirSync(destination, { recursive: true });
  const out = execFileSync('npm', ['pack', '--pack-destination', destination, '--json'], { cwd: stage, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out);
  console.log(join(destination, filename));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
