// The `go` directive of the nearest go.mod: rules whose advice changed with the Go version (timers since 1.23) read it.
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

/** go.mod path → its version (null: none), and directory → nearest go.mod path (null: none). */
const versionByGoMod = new Map<string, GoVersion | null>();
const goModByDir = new Map<string, string | null>();

/**
 * The Go version of the module containing `dir` (walks up to the nearest go.mod). Cached per directory; call
 * forgetGoModCache() when a go.mod changes. Unreadable files count as absent.
 */
export function findGoVersion(dir: string): GoVersion | undefined {
  const goMod = nearestGoMod(path.resolve(dir));
  if (!goMod) return undefined;
  let version = versionByGoMod.get(goMod);
  if (version === undefined) {
    const read = readRegularFileSync(goMod, MAX_GO_MOD_SIZE);
    version = read.kind === 'bytes' ? (parseGoDirective(read.bytes.toString('utf8')) ?? null) : null;
    versionByGoMod.set(goMod, version);
  }
  return version ?? undefined;
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
  versionByGoMod.clear();
  goModByDir.clear();
}
