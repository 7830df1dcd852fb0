// Where in the workspace goroutines pile up: for each pprof stack group, its innermost frame inside a workspace folder
// (the line of the user's code the goroutine is blocked at, below any library frames). Pure.
import type { StackGroup } from '../../../shared/src/handles/types';

/** Fewer goroutines than this at one line is ordinary concurrency, not evidence worth a diagnostic. */
export const MIN_GOROUTINES_AT_LINE = 10;

export interface Hotspot {
  file: string;
  /** 1-based. */
  line: number;
  goroutines: number;
}

function inside(file: string, folder: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return file.startsWith(prefix);
}

export function findHotspots(groups: readonly StackGroup[], workspaceFolders: readonly string[], minimum = MIN_GOROUTINES_AT_LINE): Hotspot[] {
  const counts = new Map<string, Hotspot>();
  for (const group of groups) {
    const frame = group.frames.find((f) => workspaceFolders.some((folder) => inside(f.file, folder)));
    if (!frame) continue;
    const key = `${frame.file}:${frame.line}`;
    const spot = counts.get(key) ?? { file: frame.file, line: frame.line, goroutines: 0 };
    spot.goroutines += group.count;
    counts.set(key, spot);
  }
  return [...counts.values()].filter((s) => s.goroutines >= minimum).sort((a, b) => b.goroutines - a.goroutines);
}
