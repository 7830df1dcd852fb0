// Finding and reading Go files on disk. Shared by the CLI (`leaklens check`) and the language server's workspace scan,
// so both see the same files and skip the same ones.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../limits';
import { describeFsError, overLimit, readRegularFile, readRegularFileSync } from '../read-regular-file';

export { DEFAULT_MAX_FILE_SIZE } from '../limits';
export { describeFsError } from '../read-regular-file';

/**
 * Folders never descended into: vendored code, test data, VCS and JS dependencies (the go tool skips the first two too).
 * Hidden folders and those whose name starts with `_` are skipped as well: the go tool ignores both, so no build of
 * the module contains them (a debugger's `_fixtures/` programs, scratch code).
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['vendor', 'testdata', '.git', 'node_modules']);

/** A folder or entry that could not be read and was skipped (message: why); the walk goes on. */
export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkOptions {
  /** Told about every folder or entry that could not be read; the walk skips it and goes on. */
  onProblem?: (problem: WalkProblem) => void;
  /** Extra folders to skip (e.g. the editor's exclude globs), given the folder's absolute path. */
  skipFolder?: (absolutePath: string) => boolean;
  /** Stops the walk between two entries. */
  signal?: AbortSignal;
}

/** A named root that does not exist or cannot be read at all: the caller's input is wrong, not something to skip. */
export class UnreadableRootError extends Error {}

/**
 * Yields the absolute path of every `.go` file under `root`, in a stable (sorted) order. A root that is a file is yielded
 * as is, whatever its name: the user named it. Symbolic links are followed; each real folder is visited once, so a
 * symlink loop ends. Iterative, so a very deep tree cannot overflow the stack.
 */
export async function* walkGoFiles(root: string, options: WalkOptions = {}): AsyncGenerator<string> {
  const absoluteRoot = path.resolve(root);
  let rootStat;
  try {
    rootStat = await fs.stat(absoluteRoot);
  } catch (err) {
    throw new UnreadableRootError(`${root}: ${describeFsError(err)}`);
  }
  if (!rootStat.isDirectory()) {
    // A named file that cannot be read is the caller's mistake (exit 2 in the CLI), not a file to skip.
    if (!rootStat.isFile()) throw new UnreadableRootError(`${root}: not a regular file`);
    try {
      await fs.access(absoluteRoot, fs.constants.R_OK);
    } catch (err) {
      throw new UnreadableRootError(`${root}: ${describeFsError(err)}`);
    }
    yield absoluteRoot;
    return;
  }
  const visitedRealFolders = new Set<string>();
  const rootProblems: WalkProblem[] = [];
  const rootEntries = await readFolder(absoluteRoot, visitedRealFolders, (p) => rootProblems.push(p));
  if (rootEntries === undefined) throw new UnreadableRootError(`${root}: ${rootProblems[0]?.message ?? 'cannot read the folder'}`);
  // A stack of entries still to visit, children pushed in reverse so that the walk goes in lexical path order.
  const pending = rootEntries.map((name) => path.join(absoluteRoot, name)).reverse();
  while (pending.length > 0) {
    if (options.signal?.aborted) return;
    const entryPath = pending.pop()!;
    const name = path.basename(entryPath);
    const kind = await entryKind(entryPath, options.onProblem);
    if (kind === 'file' && name.endsWith('.go')) yield entryPath;
    if (kind !== 'folder' || isSkippedFolder(name) || options.skipFolder?.(entryPath)) continue;
    const entries = await readFolder(entryPath, visitedRealFolders, options.onProblem);
    if (entries) pending.push(...entries.map((child) => path.join(entryPath, child)).reverse());
  }
}

function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name) || name.startsWith('.') || name.startsWith('_');
}

/** Sorted entry names, or undefined when the folder was already visited (symlink loop) or cannot be read. */
async function readFolder(
  folder: string,
  visitedRealFolders: Set<string>,
  onProblem: WalkOptions['onProblem'],
): Promise<string[] | undefined> {
  try {
    const realFolder = await fs.realpath(folder);
    if (visitedRealFolders.has(realFolder)) return undefined;
    visitedRealFolders.add(realFolder);
    return (await fs.readdir(folder)).sort();
  } catch (err) {
    onProblem?.({ path: folder, message: describeFsError(err) });
    return undefined;
  }
}

async function entryKind(entryPath: string, onProblem: WalkOptions['onProblem']): Promise<'file' | 'folder' | 'other'> {
  try {
    const stat = await fs.stat(entryPath);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other';
  } catch (err) {
    onProblem?.({ path: entryPath, message: describeFsError(err) });
    return 'other';
  }
}

/** The outcome of reading one Go file: its text, or why it was skipped. */
export type GoSource = { kind: 'text'; text: string } | { kind: 'skipped'; reason: string };

/**
 * Reads a Go source file, refusing what is not Go text: files over `maxFileSize` bytes (checked before reading),
 * files with NUL bytes (binary) and invalid UTF-8 (Go source is UTF-8 by definition).
 */
export async function readGoSource(filePath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<GoSource> {
  const read = await readRegularFile(filePath, maxFileSize);
  return read.kind === 'refused' ? { kind: 'skipped', reason: read.reason } : decodeGoSource(read.bytes, maxFileSize);
}

/**
 * readGoSource without the event loop: a quarter of the CPU time (no thread-pool round trips), for the CLI's analysis,
 * whose thread has nothing else to do meanwhile. Same checks, same answers.
 */
export function readGoSourceSync(filePath: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): GoSource {
  const read = readRegularFileSync(filePath, maxFileSize);
  return read.kind === 'refused' ? { kind: 'skipped', reason: read.reason } : decodeGoSource(read.bytes, maxFileSize);
}

/** Decodes bytes read from a .go file; see readGoSource. */
export function decodeGoSource(bytes: Uint8Array, maxFileSize = DEFAULT_MAX_FILE_SIZE): GoSource {
  // Checked again: the file may have grown between stat and read.
  if (bytes.length > maxFileSize) return { kind: 'skipped', reason: overLimit(bytes.length, maxFileSize) };
  if (bytes.includes(0)) return { kind: 'skipped', reason: 'binary file (contains NUL bytes)' };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { kind: 'skipped', reason: 'not valid UTF-8' };
  }
}

/**
 * Go test files run as short-lived processes: a missing timeout or a Transport per table case cannot pile up there, so
 * the rules about long-running behaviour stay quiet in them.
 */
export function isGoTestFile(path: string | undefined): boolean {
  return path !== undefined && /_test\.go$/.test(path);
}

/**
 * A file a tool generated (Go's convention, go.dev/s/generatedcode: a line `// Code generated … DO NOT EDIT.` before
 * the package clause). Nobody edits it by hand: what it leaks is its generator's to fix, so it is not analysed.
 */
export function isGeneratedGoSource(text: string): boolean {
  return /^\/\/ Code generated .* DO NOT EDIT\.\r?$/m.test(buildHeader(text));
}

/** Generated files larger than this are not parsed to summarise them for their siblings (engine/summaries.ts). */
const MAX_PARSED_GENERATED_CHARS = 512_000;

/**
 * Is `text` parsed to summarise it for its siblings? Not a generated file over MAX_PARSED_GENERATED_CHARS (the
 * compiler's rewriteAMD64.go, a protocol's big .pb.go): parsing it would grow the parser's memory, which never
 * shrinks, for helpers a generator rarely writes.
 */
export function parsedForSiblings(text: string): boolean {
  return text.length <= MAX_PARSED_GENERATED_CHARS || !isGeneratedGoSource(text);
}

/**
 * A file excluded from every build (`//go:build ignore`, `// +build ignore` before the package clause; `none` is the
 * other conventional tag no build sets) is a script run by hand with `go run`, once: what it leaves open on an error
 * path goes away when it exits a moment later.
 */
export function isIgnoredBuildScript(text: string): boolean {
  const header = buildHeader(text);
  return /^\/\/go:build\s+(?:ignore|none)\s*$/m.test(header) || /^\/\/\s*\+build\s+(?:ignore|none)\s*$/m.test(header);
}

/**
 * A `package main` file kept out of normal builds by a build constraint, in a folder whose other program files are
 * another package (`//go:build mint` on a test harness beside a library's files): the go tool cannot build the two
 * packages together, so it is a separate program built on demand (`go run -tags mint file.go`) and run by hand for a
 * moment, like a `//go:build ignore` script. `siblingPackages`: the package names of the folder's other non-test files.
 */
export function isTaggedProgramBesideLibrary(text: string, packageName: string, siblingPackages: readonly string[]): boolean {
  if (packageName !== 'main' || !siblingPackages.some((name) => name !== 'main')) return false;
  const header = buildHeader(text);
  return /^\/\/go:build\s+\S/m.test(header) || /^\/\/\s*\+build\s+\S/m.test(header);
}

/** Build tags that switch on a debugging, profiling or fuzzing build, never the program that is shipped. */
const DIAGNOSTIC_TAGS = new Set(['debug', 'pprof', 'profile', 'profiling', 'gofuzz']);

/**
 * A file compiled only when a diagnostic tag is set (`//go:build pprof`, `// +build debug profile`, a fuzz harness
 * under `gofuzz`): every alternative of its constraint needs one of those tags. Its profiling server or harness is not
 * part of the program users run, so what it leaves unbounded is not worth a warning. A negated tag or a parenthesised
 * expression is not judged (it stays analysed).
 */
export function isDiagnosticBuildOnly(text: string): boolean {
  const header = buildHeader(text);
  const goBuild = /^\/\/go:build\s+(.+)$/m.exec(header)?.[1];
  if (goBuild !== undefined) return everyAlternativeNeedsTag(goBuild.split('||').map((alt) => alt.split('&&')));
  return [...header.matchAll(/^\/\/\s*\+build\s+(.+)$/gm)].some((line) =>
    everyAlternativeNeedsTag(line[1].trim().split(/\s+/).map((alt) => alt.split(','))),
  );
}

function everyAlternativeNeedsTag(alternatives: string[][]): boolean {
  return alternatives.every((terms) => terms.some((term) => DIAGNOSTIC_TAGS.has(term.trim())));
}

/** The comments before the package clause, where build constraints live. */
function buildHeader(text: string): string {
  return text.slice(0, Math.max(0, text.search(/^package\s/m)));
}
