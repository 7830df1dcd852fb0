// The nearest go.mod: its `go` directive (rules whose advice changed with the Go version, timers since 1.23, read it)
// and its `module` path (helpers of the module's other packages are followed: analysis/module-packages.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_GO_MOD_SIZE } from '../limits';
import { readRegularFileSync } from '../read-regular-file';
import type { GoVersion } from './rule';

const GO_DIRECTIVE = /^\s*go\s+(\d+)\.(\d+)(?:[.\w-]*)\s*(?:\/\/.*)?$/m;

/** The version in `go 1.23` / `go 1.22.5` / `go 1.24rc1`; undefined when go.mod has no (valid) go directive. */
export function parseGoDirective(goModText: string): GoVersion | undefined {
  const m = GO_DIRECTIVE.exec(goModText.replace(/\/\*[\s\S]*?\*\//g, ''));
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const MODULE_DIRECTIVE = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m;

/** The path in `module example.com/tool`; undefined when go.mod has none. */
export function parseModuleDirective(goModText: string): string | undefined {
  return MODULE_DIRECTIVE.exec(goModText.replace(/\/\*[\s\S]*?\*\//g, ''))?.[2];
}

export interface GoModule {
  /** The folder of go.mod. */
  root: string;
  /** The module path: the import path of `root`. */
  path: string;
}

/** What a go.mod says that the analysis uses: its `go` version and its module (null: none). */
interface GoModFacts {
  version: GoVersion | null;
  module: GoModule | null;
}

/** go.mod path → its facts, and directory → nearest go.mod path (null: none). */
const factsByGoMod = new Map<string, GoModFacts>();
const goModByDir = new Map<string, string | null>();

/** The facts of the nearest go.mod above `dir`, read once. Unreadable files count as absent. */
function goModFactsFor(dir: string): GoModFacts | undefined {
  const goMod = nearestGoMod(path.resolve(dir));
  if (!goMod) return moduleCacheFacts(path.resolve(dir));
  let facts = factsByGoMod.get(goMod);
  if (facts === undefined) {
    const read = readRegularFileSync(goMod, MAX_GO_MOD_SIZE);
    const text = read.kind === 'bytes' ? read.bytes.toString('utf8') : undefined;
    const modulePath = text === undefined ? undefined : parseModuleDirective(text);
    facts = {
      version: (text === undefined ? undefined : parseGoDirective(text)) ?? null,
      module: modulePath ? { root: path.dirname(goMod), path: modulePath } : null,
    };
    factsByGoMod.set(goMod, facts);
  }
  return facts;
}

/**
 * The Go version of the module containing `dir` (walks up to the nearest go.mod). Cached per directory; call
 * forgetGoModCache() when a go.mod changes.
 */
export function findGoVersion(dir: string): GoVersion | undefined {
  return goModFactsFor(dir)?.version ?? undefined;
}

/** The module containing `dir` (nearest go.mod with a module path); cached like findGoVersion. */
export function findModule(dir: string): GoModule | undefined {
  return goModFactsFor(dir)?.module ?? undefined;
}

/**
 * The folder of the file at `filePath` relative to its module's root, split into names (`['internal', 'cli']`), with
 * the module; undefined for a file at the module root, outside any module, or without an absolute path. What a folder
 * means (scaffolding, a command) is judged on these names: a module that itself lives under `test/` is a program.
 */
export function moduleRelativeFolder(filePath: string | undefined): { module: GoModule; segments: string[] } | undefined {
  if (!filePath || !path.isAbsolute(filePath)) return undefined;
  const folder = path.dirname(filePath);
  const module = findModule(folder);
  if (!module) return undefined;
  const relative = path.relative(module.root, folder);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { module, segments: relative.split(path.sep) };
}

/** The import path of `dir` within `module`; undefined when it is outside. */
export function importPathOf(module: GoModule, dir: string): string | undefined {
  const rel = path.relative(module.root, path.resolve(dir));
  if (rel === '') return module.path;
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return `${module.path}/${rel.split(path.sep).join('/')}`;
}

/** The folder of the module package `importPath`; undefined when the import is not inside the module (or a nested one's). */
export function folderOfImport(module: GoModule, importPath: string): string | undefined {
  if (importPath === module.path) return module.root;
  if (!importPath.startsWith(`${module.path}/`)) return undefined;
  const folder = path.join(module.root, ...importPath.slice(module.path.length + 1).split('/'));
  return findModule(folder)?.root === module.root ? folder : undefined;
}

/** `…/pkg/mod/github.com/!azure/go-tool@v1.2.0+incompatible`: a module's folder in the Go module cache, and after it the rest. */
const MODULE_CACHE_FOLDER = /^(.*?[\\/]pkg[\\/]mod)[\\/](?!cache[\\/])([^@]+)@([^\\/@]+)(?:[\\/]|$)/;

/**
 * A module in the Go module cache that has no go.mod of its own: a release from before modules (`v2.30.0+incompatible`,
 * a pseudo-version of an old commit). The go command synthesises its go.mod elsewhere (under `cache/download`), so the
 * folder named `<escaped module path>@<version>` is its root and the path is read from that name (`!a` is `A`, the
 * cache's escaping of capitals). It has no `go` directive: its language version predates the ones rules ask about.
 * This is where an editor opens such a dependency's files (go to definition), and where the corpus keeps them.
 */
function moduleCacheFacts(dir: string): GoModFacts | undefined {
  const m = MODULE_CACHE_FOLDER.exec(dir);
  if (!m) return undefined;
  const root = path.join(m[1], m[2] + '@' + m[3]);
  const key = `${root}${path.sep}(module cache)`;
  let facts = factsByGoMod.get(key);
  if (facts === undefined) {
    const modulePath = m[2].split(/[\\/]/).join('/').replace(/!([a-z])/g, (_, letter: string) => letter.toUpperCase());
    facts = { version: null, module: { root, path: modulePath } };
    factsByGoMod.set(key, facts);
  }
  return facts;
}

function nearestGoMod(start: string): string | null {
  const visited: string[] = [];
  let found: string | null = null;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const cached = goModByDir.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const candidate = path.join(dir, 'go.mod');
    if (isFile(candidate)) {
      found = candidate;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of visited) goModByDir.set(dir, found);
  return found;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Drops cached lookups (a go.mod was created, edited or deleted). */
export function forgetGoModCache(): void {
  factsByGoMod.clear();
  goModByDir.clear();
}
