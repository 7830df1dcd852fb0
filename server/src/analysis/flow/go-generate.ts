// "Is this `package main` a code generator?": a main that a `//go:generate` line of the same module runs, either with
// `go run <its folder, files or import path>` (`//go:generate go run ./generate` next to the package it writes,
// `go run -tags gen ./cmd/gen`, `go run gendex/gendex.go -o dex.go`, which runs that file only) or by the name of its
// command (`//go:generate tlsconfig`, the binary `go install` makes of the module's `cmd/tlsconfig`). `go generate`
// runs it by hand, once, before a build; what it leaves open or waiting ends with its process a moment later, like a
// `//go:build ignore` script. Analysing one file, the line is looked for in the main's own folder and the folders above
// it up to the module root, where the convention puts it (a relative path is resolved from the folder of the file
// holding the line, as `go generate` does). A run that reads the whole module (the CLI) also finds a line in any other
// folder of it (flow/test-code.ts, moduleTestCode).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topLevelDeclarations } from '../ast';
import { readGoSourceSync } from '../files';
import { findModule, folderOfImport, type GoModule } from '../gomod';
import type { GoFile } from '../rule';

/** A go:generate line: its command and the arguments after it. */
const GENERATE_DIRECTIVE = /^\/\/go:generate[ \t]+(\S+)(.*)$/gm;

/** A `//go:generate` line of a .go file (absolute path): the command it runs and its arguments. */
export interface GenerateDirective {
  file: string;
  command: string;
  args: string;
}

/** Flags of `go run` (the build flags) that take their value as the next argument (`-tags gen`). */
const GO_RUN_FLAGS_WITH_VALUE: ReadonlySet<string> = new Set(
  ['C', 'asmflags', 'buildmode', 'compiler', 'exec', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod', 'modfile', 'overlay', 'p', 'pgo', 'pkgdir', 'tags', 'toolexec'].flatMap(
    (flag) => [`-${flag}`, `--${flag}`],
  ),
);

/** The go:generate lines of a Go source text (`file`: its absolute path). */
export function generateDirectivesIn(text: string, file: string): GenerateDirective[] {
  if (!text.includes('//go:generate')) return [];
  return [...text.matchAll(GENERATE_DIRECTIVE)].map((m) => ({ file, command: m[1], args: m[2].trim() }));
}

/**
 * The module-relative path of the file whose `//go:generate` line runs `file` of a package main, or undefined when
 * it is not a main or no such line is found (see the top of this file).
 */
export function generatorDirectiveFile(file: GoFile): string | undefined {
  if (!file.path || !path.isAbsolute(file.path) || topLevelDeclarations(file.tree).packageName !== 'main') return undefined;
  const folder = path.dirname(file.path);
  const module = findModule(folder);
  if (!module) return undefined;
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const found = directiveFileRunning(dir, folder, module, path.resolve(file.path));
    if (found !== undefined) return path.relative(module.root, found).split(path.sep).join('/');
    if (dir === module.root || path.dirname(dir) === dir) return undefined;
  }
}

/** A folder's go:generate lines, and the stamp of the .go files they were read from. */
interface FolderDirectives {
  stamp: string;
  directives: GenerateDirective[];
}

/**
 * Read once per folder and kept while its .go files keep their names, sizes and modification times: every analysis of
 * a package main (each keystroke in the editor, each file of a CLI run) asks again, and a stat is much cheaper than
 * reading every file of the folder and of the folders above it.
 */
const directivesByFolder = new Map<string, FolderDirectives>();

function folderDirectives(dir: string): FolderDirectives['directives'] {
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
    if (source.kind === 'text') directives.push(...generateDirectivesIn(source.text, path.join(dir, name)));
  }
  directivesByFolder.set(dir, { stamp, directives });
  return directives;
}

/**
 * The .go file of `dir` (`go generate` reads `_test.go` files too) with a go:generate line that runs `file`, a file of
 * the package main in `target`, or undefined.
 */
function directiveFileRunning(dir: string, target: string, module: GoModule, file: string): string | undefined {
  return folderDirectives(dir).find((d) => directiveRuns(d, target, module, file))?.file;
}

/**
 * Does `directive` (a line of `module`) run the package main in folder `target`: `go run` naming it, or the name of the
 * command `go install` builds from it (the folder's name, the one before for a major version `cmd/tool/v2`)? A
 * `go run` of .go files (`go run gen.go`) runs those files only, not their folder's other files: it runs `file` when
 * it names it, and never a folder asked for without a file.
 */
export function directiveRuns(directive: GenerateDirective, target: string, module: GoModule, file?: string): boolean {
  if (directive.command === 'go') {
    const run = /^run\s+(.+)$/.exec(directive.args);
    const runs = run === null ? undefined : goRunTarget(run[1], path.dirname(directive.file), module);
    if (runs === undefined) return false;
    return 'files' in runs ? file !== undefined && runs.files.includes(file) : runs.folder === target;
  }
  return target !== module.root && directive.command === commandName(target);
}

/** The name of the binary `go install` builds from the package main in `folder`. */
function commandName(folder: string): string {
  const name = path.basename(folder);
  return /^v\d+$/.test(name) ? path.basename(path.dirname(folder)) : name;
}

/**
 * What `go run <args>` runs from `dir`: its first argument that is neither a flag nor the value of a build flag
 * (`-tags gen`) is a relative folder, an import path inside the module, or the first of the .go files it runs.
 * Undefined for anything else (a tool of another module `golang.org/x/tools/cmd/stringer@latest`): then nothing is
 * matched.
 */
function goRunTarget(args: string, dir: string, module: GoModule): { folder: string } | { files: string[] } | undefined {
  const words = args.trim().split(/\s+/);
  let first = words.length;
  for (let i = 0; i < words.length && first === words.length; i++) {
    if (!words[i].startsWith('-')) first = i;
    else if (GO_RUN_FLAGS_WITH_VALUE.has(words[i])) i++;
  }
  const target = words[first];
  if (target === undefined) return undefined;
  if (target.endsWith('.go')) {
    const files: string[] = [];
    for (let i = first; i < words.length && words[i].endsWith('.go'); i++) files.push(path.resolve(dir, words[i]));
    return { files };
  }
  if (target === '.' || target.startsWith('./') || target.startsWith('../')) return { folder: path.resolve(dir, target) };
  const folder = folderOfImport(module, target);
  return folder === undefined ? undefined : { folder };
}
