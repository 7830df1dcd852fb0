// go.mod for a new script: the module path comes from the folder name, the go line from what the templates need.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The oldest Go the templates build with: they rely on per-iteration loop variables (1.22) when goroutines capture
 * the loop variable, and on the min builtin (1.21).
 */
export const TEMPLATE_GO_VERSION = '1.22';

/**
 * A valid module path from a folder name: lowercase, runs of characters Go does not allow in a path element become
 * one '-', no leading or trailing '-' or '.'. "My Tools (v2)" → "my-tools-v2"; nothing left → "script".
 */
export function moduleNameFor(folder: string): string {
  const name = basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-.~]+|[-.~]+$/g, '');
  return name === '' ? 'script' : name;
}

export function goModContent(moduleName: string): string {
  return `module ${moduleName}\n\ngo ${TEMPLATE_GO_VERSION}\n`;
}

/**
 * Whether `folder` already belongs to a Go module: it or one of its parents has a go.mod. A new go.mod there would
 * split the existing module, so the script then joins it instead.
 */
export function isInsideGoModule(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'go.mod'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
