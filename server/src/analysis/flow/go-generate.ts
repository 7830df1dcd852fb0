// "Is this `package main` a code generator?": a main that a `//go:generate go run <its folder or file>` line of the same
// module runs (`//go:generate go run ./generate` next to the package it writes, `go run gendex/gendex.go -o dex.go`).
// `go generate` runs it by hand, once, before a build; it is not shipped, and what it leaves open or waiting ends with
// its `go run` process a moment later, like a `//go:build ignore` script. The go:generate line is looked for in the
// main's own folder and the folders above it up to the module root, where the convention puts it (a relative path is
// resolved from the folder of the file holding the line, as `go generate` does); a line elsewhere is not searched for.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topLevelDeclarations } from '../ast';
import { readGoSourceSync } from '../files';
import { findModule, folderOfImport, type GoModule } from '../gomod';
import type { GoFile } from '../rule';

/** A go:generate directive that runs `go run`: what follows `go run`, flags included. */
const GO_RUN_DIRECTIVE = /^\/\/go:generate\s+go\s+run\s+(.+)$/gm;

/**
 * The module-relative path of the file whose `//go:generate go run` line runs `file`'s package main, or undefined when
 * it is not a main or no such line is found (see the top of this file).
 */
export function generatorDirectiveFile(file: GoFile): string | undefined {
  if (!file.path || !path.isAbsolute(file.path) || topLevelDeclarations(file.tree).packageName !== 'main') return undefined;
  const folder = path.dirname(file.path);
  const module = findModule(folder);
  if (!module) return undefined;
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const found = directiveFileRunning(dir, folder, module);
    if (found !== undefined) return path.relative(module.root, found).split(path.sep).join('/');
    if (dir === module.root || path.dirname(dir) === dir) return undefined;
  }
}

/** The `go run` arguments of a folder's go:generate lines, by file, and the stamp of the .go files they were read from. */
interface FolderDirectives {
  stamp: string;
  directives: Array<{ file: string; args: string }>;
}

/**
 * Read once per folder and kept while its .go files keep their names, sizes and modification times: every analysis of
 * a package main (each keystroke in the editor, each file of a CLI run) asks again, and a stat is much cheaper than
 * reading every file of the folder and of the folders above it.
 */
const directivesByFolder = new Map<string, FolderDirectives>();

function goRunDirectives(dir: string): FolderDirectives['directives'] {
  let names: string[];
  let stamp = '';
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.go'));
    for (const name of names) {
      const stat = fs.statSync(path.join(dir, name));
      stamp += `${name}:${stat.size}:${stat.mtimeMs};`;
    }
  } catch {
    directivesByFolder.delete(dir);
    return [];
  }
  const cached = directivesByFolder.get(dir);
  if (cached?.stamp === stamp) return cached.directives;
  const directives: FolderDirectives['directives'] = [];
  for (const name of names) {
    const source = readGoSourceSync(path.join(dir, name));
    if (source.kind !== 'text' || !source.text.includes('//go:generate')) continue;
    for (const directive of source.text.matchAll(GO_RUN_DIRECTIVE)) directives.push({ file: path.join(dir, name), args: directive[1] });
  }
  directivesByFolder.set(dir, { stamp, directives });
  return directives;
}

/** The .go file of `dir` (`go generate` reads `_test.go` files too) with a go:generate line that runs the package in `target`, or undefined. */
function directiveFileRunning(dir: string, target: string, module: GoModule): string | undefined {
  return goRunDirectives(dir).find((d) => runFolder(d.args, dir, module) === target)?.file;
}

/**
 * The folder of the package that `go run <args>` runs from `dir`: its first argument that is not a flag, a relative
 * folder or .go file, or an import path inside the module. Undefined for anything else (a flag taking a separate
 * value, a tool of another module `golang.org/x/tools/cmd/stringer@latest`): then nothing is matched.
 */
function runFolder(args: string, dir: string, module: GoModule): string | undefined {
  const target = args.trim().split(/\s+/).find((arg) => !arg.startsWith('-'));
  if (target === undefined) return undefined;
  if (target.endsWith('.go')) return path.dirname(path.resolve(dir, target));
  if (target === '.' || target.startsWith('./') || target.startsWith('../')) return path.resolve(dir, target);
  return folderOfImport(module, target);
}
