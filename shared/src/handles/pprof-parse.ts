// Parses Go's `GET /debug/pprof/goroutine?debug=1` text (also used by /debug/pprof/goroutineleak):
//   goroutine profile: total 52
//   46 @ 0x43a9b6 0x4067cc 0x4a8c65 0x471b81
//   #	0x4a8c64	main.worker.func1+0x24	/src/app/main.go:23
//   (blank line between groups)
import type { GoroutineProfile, StackFrame, StackGroup } from './types';

const HEADER = /^goroutine(?:leak)? profile: total (\d+)\s*$/;
const GROUP = /^(\d+) @( 0x[0-9a-f]+)*\s*$/;
const FRAME = /^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)\s*$/;

export class PprofFormatError extends Error {
  constructor(detail: string) {
    super(`not a Go goroutine profile (debug=1): ${detail}`);
    this.name = 'PprofFormatError';
  }
}

export function parseGoroutineProfile(text: string): GoroutineProfile {
  const lines = text.split('\n');
  const header = HEADER.exec(lines[0] ?? '');
  if (!header) throw new PprofFormatError(`first line is ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  const groups: StackGroup[] = [];
  let current: { count: number; frames: StackFrame[] } | undefined;
  const finish = (): void => {
    if (current && current.frames.length > 0) {
      const top = current.frames[0];
      groups.push({ count: current.count, function: top.function, location: `${top.file}:${top.line}`, frames: current.frames });
    }
    current = undefined;
  };
  for (const line of lines.slice(1)) {
    const group = GROUP.exec(line);
    if (group) {
      finish();
      current = { count: Number(group[1]), frames: [] };
      continue;
    }
    const frame = current && FRAME.exec(line);
    if (frame) current!.frames.push({ function: frame[1], file: frame[2], line: Number(frame[3]) });
    else if (line.trim() === '') finish();
    // Any other line (labels such as `# labels: {...}`) carries nothing we show.
  }
  finish();
  groups.sort((a, b) => b.count - a.count);
  return { total: Number(header[1]), groups };
}
