// Loads web-tree-sitter and the Go grammar, and loads them again after a wasm abort.
// tree-sitter runs in one wasm instance per loaded copy of web-tree-sitter; when it runs out of memory it aborts
// ("Aborted()") and that instance is dead for good: every parser and tree of it throws from then on. So the library is
// loaded at run time from its CommonJS file (beside the bundle in dist/, in node_modules under tests), and a fresh copy
// (a new instance) replaces a dead one. Parsers and trees know the generation they belong to.
import * as fs from 'node:fs';
import * as os from 'node:os';
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

const runtimeWasmFile = (): string => runtimeFile('tree-sitter.wasm', () => path.join(packageFolder(), 'tree-sitter.wasm'));
const languageWasmFile = (): string => runtimeFile('tree-sitter-go.wasm', () => require.resolve('tree-sitter-go/tree-sitter-go.wasm'));

/** A compiled wasm module, opaque here (the project's TypeScript libraries do not declare the WebAssembly API). */
interface WasmModule {
  readonly compiledWasm?: never;
}

declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  instantiate(module: WasmModule, imports: object): Promise<object>;
};

/** Both wasm files compiled. A WebAssembly.Module can be handed to a worker thread, which then instantiates it as is. */
export interface CompiledGoWasm {
  runtime: WasmModule;
  language: WasmModule;
}

let compiled: CompiledGoWasm | undefined;

/** Compiles the wasm files once for several threads (V8 compiles lazily: a few milliseconds, then the code is shared). */
export function compileGoWasm(): CompiledGoWasm {
  return { runtime: new WebAssembly.Module(fs.readFileSync(runtimeWasmFile())), language: new WebAssembly.Module(fs.readFileSync(languageWasmFile())) };
}

/**
 * Makes this thread instantiate `modules` rather than compile the files itself: each analysis thread would otherwise
 * compile both, and optimise the parser's hot functions, on its own. Call before the first parser is created.
 */
export function useCompiledGoWasm(modules: CompiledGoWasm): void {
  compiled = modules;
}

function loadRuntime(): Promise<GoRuntime> {
  runtime ??= (async () => {
    const treeSitter = freshTreeSitter();
    // Emscripten makes the options object the module itself: its memory views and accessors are set on it.
    const module: Partial<EmscriptenAccessors> = { locateFile: runtimeWasmFile };
    const modules = compiled;
    if (modules) module.instantiateWasm = (imports, done) => void WebAssembly.instantiate(modules.runtime, imports).then((instance) => done(instance, modules.runtime));
    await treeSitter.Parser.init(module);
    fastInt32Access(module);
    const language = modules ? await loadCompiledLanguage(treeSitter, module as EmscriptenAccessors, modules.language) : await treeSitter.Language.load(languageWasmFile());
    return { treeSitter, language, generation };
  })();
  return runtime;
}

/**
 * The Go grammar from its compiled module. web-tree-sitter's Language.load takes only the file's bytes, and hands them
 * to emscripten's loader, which also takes a compiled module: the loader is given that module instead, for this load.
 */
async function loadCompiledLanguage(treeSitter: TreeSitter, module: EmscriptenAccessors, language: WasmModule): Promise<Language> {
  const load = module.loadWebAssemblyModule;
  module.loadWebAssemblyModule = (_bytes, flags) => load(language, flags);
  try {
    return await treeSitter.Language.load(new Uint8Array(0));
  } finally {
    module.loadWebAssemblyModule = load;
  }
}

/** What web-tree-sitter's emscripten module offers for reading and writing its memory (see fastInt32Access). */
interface EmscriptenAccessors {
  locateFile: () => string;
  /** Emscripten's hook to instantiate the runtime's wasm itself: `done(instance, module)` once instantiated. */
  instantiateWasm?: (imports: object, done: (instance: object, module: WasmModule) => void) => void;
  /** Emscripten's loader of side modules (a grammar): the file's bytes or a compiled module. */
  loadWebAssemblyModule: (binary: Uint8Array | WasmModule, flags: object) => unknown;
  getValue: (ptr: number, type?: string) => number;
  setValue: (ptr: number, value: number, type?: string) => void;
  /** Replaced by a new view whenever the wasm memory grows. */
  HEAP32: Int32Array;
}

/**
 * web-tree-sitter passes every node across the wasm boundary as five 32-bit words, each through emscripten's generic
 * getValue/setValue (a string test of the type, then a little-endian DataView call): about 4 % of a check's CPU time
 * on Go's src/net. On a little-endian machine an Int32Array view reads and writes the same words (the same ToInt32
 * conversion, the same signed result), so the 'i32' case goes there; every other type keeps emscripten's own code.
 */
function fastInt32Access(module: Partial<EmscriptenAccessors>): void {
  const { getValue, setValue } = module;
  if (os.endianness() !== 'LE' || !getValue || !setValue || !(module.HEAP32 instanceof Int32Array)) return;
  const heap = module as EmscriptenAccessors;
  heap.getValue = (ptr, type = 'i8') => (type === 'i32' ? heap.HEAP32[ptr >> 2] : getValue(ptr, type));
  heap.setValue = (ptr, value, type = 'i8') => {
    if (type === 'i32') heap.HEAP32[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
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
