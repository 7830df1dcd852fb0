// The import graph between the package folders of one run that belong to the same module: which module packages each
// package imports, directly or not, so that it is analysed with their helper summaries (`util.CloseQuietly(f)`), and an
// order in which every package comes after the ones it imports. Read from the import declarations' text before any
// file is parsed, so that the packages can be queued in that order. The same reading notes, for flow/test-code.ts,
// which folders of the run import each package (tests apart) and the go:generate lines of each folder.
import { isGeneratedGoSource, isGoTestFile, readGoSourceSync } from './files';
import { generateDirectivesIn, type GenerateDirective } from './flow/go-generate';
import { testOnlySynopsis } from './flow/test-package-doc';
import { findModule, importPathOf, type GoModule } from './gomod';

export interface ModulePackageNode {
  /** The folder's import path; undefined outside a module. */
  importPath?: string;
  /** Import paths of the module packages of this run it needs, directly or not (an import cycle is cut). */
  moduleDeps: string[];
  /** 0 for a package that imports no module package of the run, else 1 + the highest of its imports. */
  level: number;
  /** A file of the folder (not a test) says `package main`. */
  main: boolean;
  /** A file of the folder (not a test) says another package: `main` alone says only that some script of it is one. */
  library: boolean;
  /** The folders of the run (of any module) with a file other than a `_test.go` file importing this package. */
  programImporters: string[];
  /** A `_test.go` file of another folder of the run imports this package (its own tests prove nothing). */
  importedByTests: boolean;
  /** A .go file of the folder could not be read (over the size limit, binary): what it imports is unknown. */
  unread: boolean;
  /** The synopsis of the folder's package comment when it says the package is for tests (test-package-doc.ts). */
  testOnlySynopsis?: string;
  /** The go:generate lines of the folder's files. */
  generateDirectives: GenerateDirective[];
  /** The folder's generated files (files.ts isGeneratedGoSource), which are summarised for their siblings, not analysed. */
  generated: Set<string>;
}

/** `import "x"`, `import alias "x"` and every quoted path inside `import ( … )`. */
const IMPORT_DECL = /^import\s*(?:\(([^)]*)\)|[\w.]*\s*("[^"\n]*"))/gm;
const QUOTED = /"([^"\n]*)"/g;
/** The package clause: the first line that starts with `package`. */
const PACKAGE_CLAUSE = /^package\s+(\w+)/m;

/** The package name of a Go source text, from its package clause; '' without one. */
export function packageClauseOf(text: string): string {
  return PACKAGE_CLAUSE.exec(text)?.[1] ?? '';
}

/** The import paths of a Go source text, from its import declarations only. */
export function importPathsIn(text: string): string[] {
  const paths: string[] = [];
  for (const m of text.matchAll(IMPORT_DECL)) {
    for (const q of (m[1] ?? m[2] ?? '').matchAll(QUOTED)) paths.push(q[1]);
  }
  return paths;
}

/**
 * The graph node of each folder (by folder), from its files' import declarations. Files the analysis skips (unreadable,
 * over `maxFileSize`, binary) import nothing: they are not analysed either.
 */
export function modulePackageGraph(folders: ReadonlyMap<string, readonly string[]>, maxFileSize?: number): Map<string, ModulePackageNode> {
  const modules = new Map<string, GoModule | undefined>();
  const folderByImport = new Map<string, string>();
  const direct = new Map<string, string[]>();
  const mains = new Set<string>();
  const libraries = new Set<string>();
  const programImporters = new Map<string, Set<string>>();
  const importedByTests = new Set<string>();
  const unread = new Set<string>();
  const directives = new Map<string, GenerateDirective[]>();
  const generated = new Map<string, Set<string>>();
  const testOnlySynopses = new Map<string, string>();
  for (const folder of folders.keys()) {
    const module = findModule(folder);
    modules.set(folder, module);
    const importPath = module && importPathOf(module, folder);
    if (importPath) folderByImport.set(importPath, folder);
  }
  // Read synchronously: the CLI's thread has nothing else to do meanwhile (its analysis threads are starting), and
  // it costs a third of the time of reading through the event loop; this is on the path to the first analysis.
  for (const [folder, files] of folders) {
    const module = modules.get(folder);
    if (!module) {
      direct.set(folder, []);
      continue;
    }
    const prefix = `${module.path}/`;
    const imports = new Set<string>();
    for (const file of files) {
      const source = readGoSourceSync(file, maxFileSize);
      if (source.kind !== 'text') {
        unread.add(folder);
        continue;
      }
      const test = isGoTestFile(file);
      const packageName = test ? undefined : packageClauseOf(source.text) || undefined;
      if (packageName === 'main') mains.add(folder);
      else if (packageName !== undefined) libraries.add(folder);
      const synopsis = test ? undefined : testOnlySynopsis(source.text);
      if (synopsis !== undefined) testOnlySynopses.set(folder, synopsis);
      if (isGeneratedGoSource(source.text)) generated.set(folder, (generated.get(folder) ?? new Set()).add(file));
      const generate = generateDirectivesIn(source.text, file);
      if (generate.length > 0) directives.set(folder, [...(directives.get(folder) ?? []), ...generate]);
      for (const p of importPathsIn(source.text)) {
        const imported = folderByImport.get(p);
        if (imported === undefined) continue;
        // Any module's: a nested module may import this one's packages, its internal ones included.
        if (!test) programImporters.set(imported, (programImporters.get(imported) ?? new Set()).add(folder));
        else if (imported !== folder) importedByTests.add(imported);
        if (p === module.path || p.startsWith(prefix)) imports.add(p);
      }
    }
    direct.set(folder, [...imports].map((p) => folderByImport.get(p)!).filter((f) => f !== folder));
  }
  const nodes = new Map<string, ModulePackageNode>();
  const visiting = new Set<string>();
  const visit = (folder: string): ModulePackageNode | undefined => {
    const known = nodes.get(folder);
    if (known) return known;
    if (visiting.has(folder)) return undefined; // an import cycle (not valid Go): the edge back is left out
    visiting.add(folder);
    const deps = new Set<string>();
    let level = 0;
    for (const dep of direct.get(folder) ?? []) {
      const node = visit(dep);
      if (!node) continue;
      deps.add(node.importPath!);
      for (const d of node.moduleDeps) deps.add(d);
      level = Math.max(level, node.level + 1);
    }
    visiting.delete(folder);
    const module = modules.get(folder);
    const node: ModulePackageNode = {
      importPath: module && importPathOf(module, folder),
      moduleDeps: [...deps],
      level,
      main: mains.has(folder),
      library: libraries.has(folder),
      programImporters: [...(programImporters.get(folder) ?? [])].filter((f) => f !== folder),
      importedByTests: importedByTests.has(folder),
      unread: unread.has(folder),
      testOnlySynopsis: testOnlySynopses.get(folder),
      generateDirectives: directives.get(folder) ?? [],
      generated: generated.get(folder) ?? new Set(),
    };
    nodes.set(folder, node);
    return node;
  };
  for (const folder of folders.keys()) visit(folder);
  return nodes;
}
