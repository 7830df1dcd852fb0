// `leaklens.exclude`: a file is excluded when a glob matches its path relative to a workspace folder, or its absolute
// path (so that both `gen/**` and `**/gen/**` work). Paths are compared with `/` separators.
import * as path from 'node:path';
import { matchesAnyGlob } from '../glob';

export function isExcluded(filePath: string, workspaceFolders: readonly string[], globs: readonly string[]): boolean {
  return candidatePaths(filePath, workspaceFolders).some((p) => matchesAnyGlob(p, globs));
}

/**
 * For the folder walk: a folder is skipped when the globs exclude everything below it. Tested as `folder/`, which
 * `**\/gen/**` and `gen/**` match (their `**` matches nothing) but `**\/gen/*.go` does not.
 */
export function isExcludedFolder(folderPath: string, workspaceFolders: readonly string[], globs: readonly string[]): boolean {
  return candidatePaths(folderPath, workspaceFolders).some((p) => matchesAnyGlob(`${p}/`, globs));
}

function candidatePaths(filePath: string, workspaceFolders: readonly string[]): string[] {
  const candidates = [toSlashes(filePath)];
  for (const folder of workspaceFolders) {
    const relative = path.relative(folder, filePath);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) candidates.push(toSlashes(relative));
  }
  return candidates;
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}
