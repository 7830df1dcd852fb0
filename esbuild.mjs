// One build script for everything that runs: the extension, the language server, the CLI, the benchmark and the tests.
// - The tree-sitter wasm files and web-tree-sitter's CommonJS file are copied next to the bundles; server/src/analysis/parser.ts
//   looks for them there.
// - Rules are discovered from server/src/analysis/rules/*.ts (the `virtual:rule-modules` import), so adding a rule
//   touches only its module, its doc page and its fixture.
// - Tests are bundled one file each into out/test with their npm packages left external, and run by `node --test`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const RULES_DIR = resolve('server/src/analysis/rules');

/** Generates `export default [rule, …]` from every rule module in RULES_DIR. */
const ruleModules = {
  name: 'rule-modules',
  setup(build) {
    build.onResolve({ filter: /^virtual:rule-modules$/ }, () => ({ path: 'rule-modules', namespace: 'leaklens' }));
    build.onLoad({ filter: /.*/, namespace: 'leaklens' }, () => {
      const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
      const imports = files.map((f, i) => `import { rule as r${i} } from ${JSON.stringify(join(RULES_DIR, f))};`);
      return {
        contents: `${imports.join('\n')}\nexport default [${files.map((_, i) => `r${i}`).join(', ')}];\n`,
        resolveDir: RULES_DIR,
        loader: 'ts',
        watchFiles: files.map((f) => join(RULES_DIR, f)),
        watchDirs: [RULES_DIR],
      };
    });
  },
};

const E2E_SCENARIOS_DIR = resolve('test/e2e/scenarios');

/** Generates `export default [{ file, module }, …]` from every e2e scenario module (see test/e2e/harness.ts). */
const e2eScenarios = {
  name: 'e2e-scenarios',
  setup(build) {
    build.onResolve({ filter: /^virtual:e2e-scenarios$/ }, () => ({ path: 'e2e-scenarios', namespace: 'leaklens-e2e' }));
    build.onLoad({ filter: /.*/, namespace: 'leaklens-e2e' }, () => {
      const files = existsSync(E2E_SCENARIOS_DIR)
        ? readdirSync(E2E_SCENARIOS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()
        : [];
      const imports = files.map((f, i) => `import * as s${i} from ${JSON.stringify(join(E2E_SCENARIOS_DIR, f))};`);
      const entries = files.map((f, i) => `{ file: ${JSON.stringify(f)}, module: s${i} }`);
      return {
        contents: `${imports.join('\n')}\nexport default [${entries.join(', ')}];\n`,
        resolveDir: resolve('test/e2e'),
        loader: 'ts',
        watchFiles: files.map((f) => join(E2E_SCENARIOS_DIR, f)),
        watchDirs: existsSync(E2E_SCENARIOS_DIR) ? [E2E_SCENARIOS_DIR] : [],
      };
    });
  },
};

/**
 * dist/cli.js is only the dispatcher: `leaklens test`, compared with a bare `go test`, loads its own 50 kB bundle
 * (dist/cli-test.js) instead of waiting for Node to compile the other commands' megabyte (analyser, language server),
 * which are in dist/cli-commands.js. Loaded with require (not import(), whose ES module loader costs more).
 */
const CLI_COMMAND_BUNDLES = { './cli/test': './cli-test.js', './cli/check': './cli-commands.js', './cli/health': './cli-commands.js', './cli/handles': './cli-commands.js', './cli/lsp': './cli-commands.js' };
const cliCommandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    const cli = resolve('server/src/cli.ts');
    build.onResolve({ filter: /^\.\/cli\/\w+$/ }, (args) => {
      const bundle = CLI_COMMAND_BUNDLES[args.path];
      return args.importer === cli && bundle ? { path: bundle, external: true } : undefined;
    });
  },
};
// Each command still starts up on use only: `check` does not load the health checks' TLS roots.
const cliCommands = {
  contents: [['check', 'runCheck'], ['health', 'runHealth'], ['handles', 'runHandles'], ['lsp', 'runLsp']]
    .map(([file, run]) => `export async function ${run}(args: string[]): Promise<number> { return (await import('./server/src/cli/${file}')).${run}(args); }`)
    .join('\n'),
  resolveDir: resolve('.'),
  sourcefile: 'cli-commands.ts',
  loader: 'ts',
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // parser.ts resolves the wasm files in node_modules only when they are not beside the bundle (tests); bundles have them.
  logOverride: { 'require-resolve-not-external': 'silent' },
  plugins: [ruleModules, e2eScenarios],
};

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'workspace' ? [] : findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const bundles = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'], outdir: 'dist' },
  { entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  { entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', plugins: [...common.plugins, cliCommandsApart], supported: { 'dynamic-import': false } },
  { entryPoints: { 'cli-test': 'server/src/cli/test.ts' }, outdir: 'dist' },
  { stdin: cliCommands, outfile: 'dist/cli-commands.js' },
  // The CLI's analysis threads (server/src/analysis/threads/thread-pool.ts starts them).
  { entryPoints: { 'analysis-worker': 'server/src/analysis/threads/analysis-worker.ts' }, outdir: 'dist' },
  { entryPoints: { bench: 'bench/bench.ts' }, outdir: 'dist' },
  // npm run fuzz; in out/, not dist/, so that it never ships in the VSIX.
  { entryPoints: { fuzz: 'test/robustness/fuzz-main.ts' }, outdir: 'out' },
  // npm run eval:real (needs the Go module proxy); in out/ for the same reason.
  { entryPoints: { 'eval-real': 'test/eval/real-code/eval-real.ts' }, outdir: 'out' },
  { entryPoints: { 'eval-runtime': 'test/leaktest/eval-runtime.ts' }, outdir: 'out' }, // npm run eval:runtime
  {
    entryPoints: Object.fromEntries(findTests('test').map((f) => [relative('test', f).replace(/\.ts$/, ''), f])),
    outdir: 'out/test',
    packages: 'external',
    external: ['vscode'],
    sourcemap: true,
  },
];

mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-go/tree-sitter-go.wasm'), 'dist/tree-sitter-go.wasm');
// Loaded at run time, not bundled: after a wasm abort parser.ts loads a fresh copy of it (a new wasm instance).
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.cjs'), 'dist/tree-sitter.cjs');

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
