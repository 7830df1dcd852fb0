// Reads the JSON report of `leaklens test --format json` (the contract's types are shared/src/leaktest/report.ts) and
// checks it field by field: the CLI is another process, so a truncated or foreign answer becomes a clear error instead
// of a half-filled view. Pure.
import {
  LEAK_REPORT_VERSION,
  type Hang,
  type HungGoroutine,
  type LeakGroup,
  type LeakTestReport,
  type PackageLeakReport,
  type SourceLocation,
} from '../../../shared/src/leaktest/report';

export type { Hang, HungGoroutine, LeakGroup, LeakTestReport, PackageLeakReport, SourceLocation };

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

function leak(value: unknown, path: string): LeakGroup {
  const o = object(value, path);
  return {
    test: nullableString(o.test, `${path}.test`),
    state: string(o.state, `${path}.state`),
    count: count(o.count, `${path}.count`, 1),
    blockedAt: location(o.blockedAt, `${path}.blockedAt`),
    createdAt: nullableLocation(o.createdAt, `${path}.createdAt`),
  };
}

function hang(value: unknown, path: string): Hang | null {
  if (value === null || value === undefined) return null;
  const o = object(value, path);
  return {
    afterMs: count(o.afterMs, `${path}.afterMs`),
    goroutines: array(o.goroutines, `${path}.goroutines`).map((g, i) => {
      const go = object(g, `${path}.goroutines[${i}]`);
      const goroutine: HungGoroutine = {
        state: string(go.state, `${path}.goroutines[${i}].state`),
        blockedAt: location(go.blockedAt, `${path}.goroutines[${i}].blockedAt`),
        createdAt: nullableLocation(go.createdAt, `${path}.goroutines[${i}].createdAt`),
      };
      return goroutine;
    }),
  };
}

function packageResult(value: unknown, path: string): PackageLeakReport {
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
  if (o.version !== LEAK_REPORT_VERSION) throw new ReportFormatError('version', `${LEAK_REPORT_VERSION} (the version this LeakLens reads)`);
  if (o.mode !== 'proven' && o.mode !== 'suspected') throw new ReportFormatError('mode', '"proven" or "suspected"');
  return {
    version: LEAK_REPORT_VERSION,
    go: string(o.go, 'go'),
    mode: o.mode,
    packages: array(o.packages, 'packages').map((p, i) => packageResult(p, `packages[${i}]`)),
  };
}
