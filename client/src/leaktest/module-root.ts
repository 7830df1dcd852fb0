// The Go module a file belongs to (the nearest go.mod above it), and the package pattern of its folder relative to it:
// `leaklens test` runs in the module root, like go test.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export function moduleRootOf(file: string, stopAt?: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'go.mod'))) return dir;
    const parent = dirname(dir);
    if (parent === dir || (stopAt !== undefined && dir === stopAt)) return undefined;
    dir = parent;
  }
}

/** `./worker` for <root>/worker, `.` for the root itself. */
export function packagePattern(root: string, packageDir: string): string {
  const rel = relative(root, packageDir);
  return rel === '' ? '.' : `./${rel.split(sep).join('/')}`;
}
