// The result of `leaklens test`, exactly as `--format json` prints it (version 1). The VS Code client imports these
// types to read the CLI's output, so this module is the contract: change it only together with `version`.
// Paths are relative to the working directory with `/` separators; lines are 1-based.

export const LEAK_REPORT_VERSION = 1;

/**
 * proven: the Go runtime's goroutineleak profile (GOEXPERIMENT=goroutineleakprofile) says nothing can ever wake them.
 * suspected: the toolchain lacks the experiment; goroutines still running after the tests (and a settling delay).
 */
export type LeakMode = 'proven' | 'suspected';

export interface SourceLocation {
  file: string;
  line: number;
  /** The Go function, as the runtime prints it: `example.com/m.Leak.func1`. */
  function: string;
}

export interface LeakGroup {
  /** The top-level test running when the goroutines were created, when it can be told. */
  test: string | null;
  /** The goroutine's wait reason: `chan send`, `chan receive`, `select`, `sync.WaitGroup.Wait`, … */
  state: string;
  /** Goroutines with this identical stack. */
  count: number;
  /** The first frame in the package's module: where they are blocked. */
  blockedAt: SourceLocation;
  /** The `go` statement that created them (or the first frame in the module that led to it), when in the module. */
  createdAt: SourceLocation | null;
}

export interface HungGoroutine {
  state: string;
  blockedAt: SourceLocation;
  createdAt: SourceLocation | null;
}

export interface Hang {
  /** How long the tests ran before the watchdog stopped them. */
  afterMs: number;
  goroutines: HungGoroutine[];
}

export interface PackageLeakReport {
  /** The import path. */
  package: string;
  dir: string;
  /** The package built and its tests passed (false on a build error, a failing test, an os.Exit, a hang). */
  ok: boolean;
  durationMs: number;
  leaks: LeakGroup[];
  hang: Hang | null;
  buildError: string | null;
}

export interface LeakTestReport {
  version: typeof LEAK_REPORT_VERSION;
  /** `go env GOVERSION`, e.g. `go1.26.8`. */
  go: string;
  mode: LeakMode;
  packages: PackageLeakReport[];
}

/** Leaked goroutines counted over every group of every package. */
export function leakedGoroutineCount(report: LeakTestReport): number {
  return report.packages.reduce((sum, p) => sum + p.leaks.reduce((s, l) => s + l.count, 0), 0);
}
