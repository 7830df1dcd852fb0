// The JSON report of `leaklens test --format json` (issue 10's contract), read and checked field by field: the CLI is
// another process, so a truncated or foreign answer becomes a clear error instead of a half-filled view. Pure.

export interface SourceLocation {
  /** Relative to the directory the CLI ran in, `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  function: string;
}

export interface LeakEntry {
  /** The test that was running when the goroutines were created; null when it is not known. */
  test: string | null;
  /** What the goroutines are blocked on, e.g. `chan send`. */
  state: string;
  count: number;
  blockedAt: SourceLocation;
  createdAt: SourceLocation | null;
}

export interface HangGoroutine {
  state: string;
  blockedAt: SourceLocation | null;
  createdAt: SourceLocation | null;
}

export interface PackageHang {
  afterMs: number;
  goroutines: HangGoroutine[];
}

export interface PackageResult {
  package: string;
  dir: string;
  ok: boolean;
  durationMs: number;
  leaks: LeakEntry[];
  hang: PackageHang | null;
  buildError: string | null;
}

export type LeakCheckMode = 'proven' | 'suspected';

export interface LeakTestReport {
  version: 1;
  go: string;
  mode: LeakCheckMode;
  packages: PackageResult[];
}

export class ReportFormatError extends Error {
  constructor(path: string, expected: string) {
    super(`the leaklens test report is not in the expected form: ${path} should be ${expected}`);
    this.name = 'ReportFormatError';
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReportFormatError(path, 'an object');
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ReportFormatError(path, 'a string');
  return value;
}

function nullableString(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : string(value, path);
}

function count(value: unknown, path: string, minimum = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new ReportFormatError(path, `a whole number ≥ ${minimum}`);
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ReportFormatError(path, 'an array');
  return value;
}

function location(value: unknown, path: string): SourceLocation {
  const o = object(value, path);
  return { file: string(o.file, `${path}.file`), line: count(o.line, `${path}.line`, 1), function: string(o.function, `${path}.function`) };
}

function nullableLocation(value: unknown, path: string): SourceLocation | null {
  return value === null || value === undefined ? null : location(value, path);
}

function leak(value: unknown, path: string): LeakEntry {
  const o = object(value, path);
  return {
    test: nullableString(o.test, `${path}.test`),
    state: string(o.state, `${path}.state`),
    count: count(o.count, `${path}.count`, 1),
    blockedAt: location(o.blockedAt, `${path}.blockedAt`),
    createdAt: nullableLocation(o.createdAt, `${path}.createdAt`),
  };
}

function hang(value: unknown, path: string): PackageHang | null {
  if (value === null || value === undefined) return null;
  const o = object(value, path);
  return {
    afterMs: count(o.afterMs, `${path}.afterMs`),
    goroutines: array(o.goroutines, `${path}.goroutines`).map((g, i) => {
      const go = object(g, `${path}.goroutines[${i}]`);
      return {
        state: string(go.state, `${path}.goroutines[${i}].state`),
        blockedAt: nullableLocation(go.blockedAt, `${path}.goroutines[${i}].blockedAt`),
        createdAt: nullableLocation(go.createdAt, `${path}.goroutines[${i}].createdAt`),
      };
    }),
  };
}

function packageResult(value: unknown, path: string): PackageResult {
  const o = object(value, path);
  if (typeof o.ok !== 'boolean') throw new ReportFormatError(`${path}.ok`, 'true or false');
  return {
    package: string(o.package, `${path}.package`),
    dir: string(o.dir, `${path}.dir`),
    ok: o.ok,
    durationMs: count(o.durationMs, `${path}.durationMs`),
    leaks: array(o.leaks ?? [], `${path}.leaks`).map((l, i) => leak(l, `${path}.leaks[${i}]`)),
    hang: hang(o.hang, `${path}.hang`),
    buildError: nullableString(o.buildError, `${path}.buildError`),
  };
}

/** Parses the CLI's stdout; throws ReportFormatError (or SyntaxError for text that is not JSON). */
export function parseLeakTestReport(text: string): LeakTestReport {
  const o = object(JSON.parse(text) as unknown, 'the report');
  if (o.version !== 1) throw new ReportFormatError('version', '1 (this LeakLens reads report version 1)');
  if (o.mode !== 'proven' && o.mode !== 'suspected') throw new ReportFormatError('mode', '"proven" or "suspected"');
  return {
    version: 1,
    go: string(o.go, 'go'),
    mode: o.mode,
    packages: array(o.packages, 'packages').map((p, i) => packageResult(p, `packages[${i}]`)),
  };
}
