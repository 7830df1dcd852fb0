// What a leak-checked run means for the editor, as plain data: one finding per blocking line (a diagnostic with source
// `leaklens (runtime)`, related information at the `go` statement), and the evidence lines that turn a static LeakLens
// hint on the same line into "confirmed at run time". Pure: the VS Code side only converts these into its types.
import { isAbsolute, join } from 'node:path';
import type { LeakGroup, LeakTestReport, PackageLeakReport, SourceLocation } from './report';

export const RUNTIME_LEAK_SOURCE = 'leaklens (runtime)';

export interface FindingLocation {
  /** Absolute path. */
  file: string;
  /** 0-based, like diagnostic ranges. */
  line: number;
}

export interface RuntimeFinding extends FindingLocation {
  kind: 'leak' | 'hang';
  message: string;
  /** Where the goroutines were created (the `go` statement), when the stack shows it. */
  createdAt?: FindingLocation & { message: string };
  package: string;
  goroutines: number;
  /** True when the Go runtime's leak profile proved it (mode `proven`); a suspected leak only looked stuck. */
  proven: boolean;
}

/** Report paths are relative to the directory the CLI ran in. */
export function absoluteLocation(location: SourceLocation, cwd: string): FindingLocation {
  return { file: isAbsolute(location.file) ? location.file : join(cwd, ...location.file.split('/')), line: location.line - 1 };
}

function goroutines(n: number): string {
  return n === 1 ? '1 goroutine' : `${n} goroutines`;
}

function leakMessage(leak: LeakGroup, pkg: PackageLeakReport, report: LeakTestReport): string {
  const where = leak.test ? `in ${leak.test}` : `in package ${pkg.package}`;
  if (report.mode === 'proven') {
    return `${goroutines(leak.count)} leaked here ${where}: blocked forever on ${leak.state} — proven by the Go runtime`;
  }
  // Without the leak profile only "still blocked when the tests had finished" is known, not "can never wake".
  return `${goroutines(leak.count)} still blocked here ${where} after the tests ended: ${leak.state} — suspected (${report.go} has no leak profile)`;
}

function createdAtInfo(location: SourceLocation | null, cwd: string): RuntimeFinding['createdAt'] {
  if (!location) return undefined;
  return { ...absoluteLocation(location, cwd), message: `created by this go statement (in ${location.function})` };
}

function leakFindings(pkg: PackageLeakReport, report: LeakTestReport, cwd: string): RuntimeFinding[] {
  return pkg.leaks.map((leak) => ({
    kind: 'leak',
    ...absoluteLocation(leak.blockedAt, cwd),
    message: leakMessage(leak, pkg, report),
    createdAt: createdAtInfo(leak.createdAt, cwd),
    package: pkg.package,
    goroutines: leak.count,
    proven: report.mode === 'proven',
  }));
}

/** A hang lists every blocked goroutine: those at the same line and state become one finding. */
function hangFindings(pkg: PackageLeakReport, cwd: string): RuntimeFinding[] {
  if (!pkg.hang) return [];
  const seconds = Math.round(pkg.hang.afterMs / 1000);
  const byLine = new Map<string, RuntimeFinding>();
  for (const g of pkg.hang.goroutines) {
    const key = `${g.blockedAt.file}:${g.blockedAt.line}:${g.state}`;
    const existing = byLine.get(key);
    if (existing) {
      existing.goroutines++;
      continue;
    }
    byLine.set(key, { kind: 'hang', ...absoluteLocation(g.blockedAt, cwd), message: '', createdAt: createdAtInfo(g.createdAt, cwd), package: pkg.package, goroutines: 1, proven: false });
  }
  for (const [key, finding] of byLine) {
    const state = key.slice(key.lastIndexOf(':') + 1);
    finding.message = `the tests of ${pkg.package} hung: ${goroutines(finding.goroutines)} blocked here on ${state} when the watchdog stopped them after ${seconds} s`;
  }
  return [...byLine.values()];
}

export function findingsOfReport(report: LeakTestReport, cwd: string): RuntimeFinding[] {
  return report.packages.flatMap((pkg) => [...leakFindings(pkg, report, cwd), ...hangFindings(pkg, cwd)]);
}

/** The findings grouped by absolute file path. */
export function findingsByFile(findings: readonly RuntimeFinding[]): Map<string, RuntimeFinding[]> {
  const byFile = new Map<string, RuntimeFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  return byFile;
}

/** One line of the run's summary, for the notification and the view's run row. */
export function reportSummary(report: LeakTestReport): string {
  const leaked = report.packages.reduce((n, p) => n + p.leaks.reduce((m, l) => m + l.count, 0), 0);
  const hung = report.packages.filter((p) => p.hang).length;
  const broken = report.packages.filter((p) => p.buildError).length;
  const parts = [`${leaked === 0 ? 'no goroutine leaked' : `${goroutines(leaked)} ${report.mode === 'proven' ? 'leaked' : 'suspected'}`}`];
  if (hung > 0) parts.push(`${hung} package${hung === 1 ? '' : 's'} hung`);
  if (broken > 0) parts.push(`${broken} did not build`);
  return `${parts.join(', ')} (${report.packages.length} package${report.packages.length === 1 ? '' : 's'}, ${report.mode}, ${report.go})`;
}
