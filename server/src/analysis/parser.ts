// Loads web-tree-sitter and the Go grammar, and loads them again after a wasm abort.
// tree-sitter runs in one wasm instance per loaded copy of web-tree-sitter; when it runs out of memory it aborts
// ("Aborted()") and that instance is dead for good: every parser and tree of it throws from then on. So the library is
// loaded at run time from its CommonJS file (beside the bundle in dist/, in node_modules under tests), and a fresh copy
// (a new instance) replaces a dead one. Parsers and trees know the generation they belong to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language, Parser } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree, Edit, Point, Parser } from 'web-tree-sitter';

type TreeSitter = typeof import('web-tree-sitter');

interface GoRuntime {
  treeSitter: TreeSitter;
  language: Language;
  generation: number;
}

let runtime: Promise<GoRuntime> | undefined;
let generation = 0;

/** A file beside the bundle (dist/) when there is one, else where its package has it (tests run unbundled paths). */
function runtimeFile(fileName: string, resolveInPackage: () => string): string {
  const besideBundle = path.join(__dirname, fileName);
  return fs.existsSync(besideBundle) ? besideBundle : resolveInPackage();
}

const packageFolder = (): string => path.dirname(require.resolve('web-tree-sitter'));

/** A copy of web-tree-sitter of its own: required afresh, so it gets a wasm instance of its own. */
function freshTreeSitter(): TreeSitter {
  const file = runtimeFile('tree-sitter.cjs', () => path.join(packageFolder(), 'tree-sitter.cjs'));
  delete require.cache[file];
  return require(file) as TreeSitter;
}

function loadRuntime(): Promise<GoRuntime> {
  runtime ??= (async () => {
    const treeSitter = freshTreeSitter();
    await treeSitter.Parser.init({ locateFile: () => runtimeFile('tree-sitter.wasm', () => path.join(packageFolder(), 'tree-sitter.wasm')) });
    const language = await treeSitter.Language.load(runtimeFile('tree-sitter-go.wasm', () => require.resolve('tree-sitter-go/tree-sitter-go.wasm')));
    return { treeSitter, language, generation };
  })();
  return runtime;
}

/** A parser for Go. Callers own it and must call delete() when done (it holds wasm memory). */
export async function createGoParser(): Promise<Parser> {
  return (await createGenerationParser()).parser;
}

/** A parser with the generation of the wasm instance it lives in (see wasmGeneration()). */
export async function createGenerationParser(): Promise<{ parser: Parser; generation: number }> {
  const { treeSitter, language, generation: parserGeneration } = await loadRuntime();
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return { parser, generation: parserGeneration };
}

/** Changes each time a dead wasm instance is replaced: parsers and trees of an older generation must not be touched. */
export function wasmGeneration(): number {
  return generation;
}

/** True for the error of a wasm instance that aborted (out of memory): the instance is dead. */
export function isWasmAbort(err: unknown): boolean {
  return err instanceof Error && /Aborted\(/.test(err.message);
}

/**
 * Replaces the dead instance of `deadGeneration` with a fresh one (once, however many parsers saw it die). Its parsers
 * and trees are abandoned, not deleted: calling into a dead instance only throws again. Its memory goes with it.
 */
export function replaceDeadInstance(deadGeneration: number): void {
  if (deadGeneration !== generation) return;
  generation++;
  runtime = undefined;
}
