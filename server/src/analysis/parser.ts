// Loads web-tree-sitter and the Go grammar once per process.
// The wasm files sit next to the bundle (dist/) after a build; under tsc output (tests) they are found in node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree, Edit, Point, Parser } from 'web-tree-sitter';

let goLanguage: Promise<Language> | undefined;

function wasmPath(fileName: string, resolveInPackage: () => string): string {
  const besideBundle = path.join(__dirname, fileName);
  return fs.existsSync(besideBundle) ? besideBundle : resolveInPackage();
}

/** The Go language, loaded once. */
export function loadGo(): Promise<Language> {
  goLanguage ??= (async () => {
    await Parser.init({ locateFile: () => wasmPath('tree-sitter.wasm', () => path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm')) });
    return Language.load(wasmPath('tree-sitter-go.wasm', () => require.resolve('tree-sitter-go/tree-sitter-go.wasm')));
  })();
  return goLanguage;
}

/** A parser for Go. Callers own it and must call delete() when done (it holds wasm memory). */
export async function createGoParser(): Promise<Parser> {
  const language = await loadGo();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
