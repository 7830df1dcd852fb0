// Parses Go's goroutine dumps: `pprof.Lookup("goroutine"|"goroutineleak").WriteTo(w, 2)`, a panic or SIGQUIT traceback.
//   goroutine 20 [chan send (leaked)]:
//   example.com/m.Leak.func1()
//   	/home/u/m/m.go:6 +0x1e
//   created by example.com/m.Leak in goroutine 19
//   	/home/u/m/m.go:5 +0x5f
//   [originating from goroutine 19]:          ← only with GODEBUG=tracebackancestors=N
//   example.com/m.TestLeak(...)
//   	/home/u/m/m_test.go:5 +0xf
// Anything else (test output around a traceback) is ignored.

export interface StackFrame {
  function: string;
  /** Absolute path as the runtime prints it (`/` separators, also on Windows). */
  file: string;
  line: number;
}

export interface CreatedBy extends StackFrame {
  /** The creating goroutine's id, when printed (Go ≥ 1.21). */
  goroutine: number | null;
}

/** The stack of an ancestor, recorded when it created the next goroutine of the chain (GODEBUG=tracebackancestors). */
export interface AncestorStack {
  goroutine: number;
  frames: StackFrame[];
}

export interface DumpedGoroutine {
  id: number;
  /** The wait reason without the `(leaked)` mark and the `, N minutes` suffix: `chan send`, `select (no cases)`. */
  state: string;
  /** The runtime marked it `(leaked)`: nothing reachable can ever wake it. */
  leaked: boolean;
  frames: StackFrame[];
  createdBy: CreatedBy | null;
  ancestors: AncestorStack[];
}

const HEADER = /^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:$/;
const ANCESTOR = /^\[originating from goroutine (\d+)\]:$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const LOCATION = /^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?(?: .*)?$/;
const FUNCTION_WITH_ARGS = /^(.+)\([^()]*\)$/;

export function parseGoroutineDump(text: string): DumpedGoroutine[] {
  const goroutines: DumpedGoroutine[] = [];
  const lines = text.split(/\r?\n/);
  let current: DumpedGoroutine | undefined;
  /** The frames being filled: the goroutine's own, or the last ancestor's. */
  let frames: StackFrame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = HEADER.exec(line);
    if (header) {
      current = { id: Number(header[1]), ...parseState(header[2]), frames: [], createdBy: null, ancestors: [] };
      goroutines.push(current);
      frames = current.frames;
      continue;
    }
    if (!current) continue;
    if (line === '') {
      current = undefined;
      continue;
    }
    const ancestor = ANCESTOR.exec(line);
    if (ancestor) {
      const stack: AncestorStack = { goroutine: Number(ancestor[1]), frames: [] };
      current.ancestors.push(stack);
      frames = stack.frames;
      continue;
    }
    const location = LOCATION.exec(lines[i + 1] ?? '');
    if (!location) continue; // "...additional frames elided...", or output interleaved with the dump
    i++;
    const where = { file: location[1], line: Number(location[2]) };
    const createdBy = CREATED_BY.exec(line);
    if (createdBy) {
      // An ancestor's own "created by" line describes an older link of the chain: only the goroutine's own is kept.
      if (current.ancestors.length === 0) {
        current.createdBy = { function: createdBy[1], ...where, goroutine: createdBy[2] === undefined ? null : Number(createdBy[2]) };
      }
      continue;
    }
    frames.push({ function: functionName(line), ...where });
  }
  return goroutines;
}

function parseState(bracket: string): { state: string; leaked: boolean } {
  const leaked = bracket.includes('(leaked)');
  const state = bracket.replace(' (leaked)', '').split(', ')[0].trim();
  return { state, leaked };
}

/** `example.com/m.(*T).Close(0xc000010000, {0x1, 0x2})` → `example.com/m.(*T).Close`. */
function functionName(line: string): string {
  const match = FUNCTION_WITH_ARGS.exec(line);
  return match ? match[1] : line;
}
