// The text format of `leaklens test`: one status line per package (ok, LEAK, HANG, FAIL, BUILD), each leak group and hung
// goroutine as `file:line: …` under it (1-based, relative to the working directory), and a closing summary.
import type { LeakGroup, LeakTestReport, PackageLeakReport, SourceLocation } from '../../../shared/src/leaktest/report';

export function formatTestText(report: LeakTestReport): string {
  const modeLine = report.mode === 'proven'
    ? 'mode proven: GOEXPERIMENT=goroutineleakprofile, each leak is proven by the Go runtime'
    : 'mode suspected: this Go has no goroutineleak profile; goroutines still running after the tests are suspected leaks';
  const lines = [`leaklens test: ${report.go}, ${modeLine}`];
  for (const pkg of report.packages) lines.push(...packageLines(pkg, report));
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

function packageLines(pkg: PackageLeakReport, report: LeakTestReport): string[] {
  const duration = `(${(pkg.durationMs / 1000).toFixed(1)}s)`;
  if (pkg.buildError !== null) return [`BUILD ${pkg.package}`, ...indent(pkg.buildError.split('\n'))];
  const status = pkg.hang ? 'HANG ' : pkg.leaks.length > 0 ? 'LEAK ' : pkg.ok ? 'ok   ' : 'FAIL ';
  const lines = [`${status} ${pkg.package} ${duration}${!pkg.ok && !pkg.hang ? ' tests failed' : ''}`];
  for (const leak of pkg.leaks) {
    lines.push(`  ${where(leak.blockedAt)}: ${leakMessage(leak, report)} (${leak.blockedAt.function})`);
    if (leak.createdAt) lines.push(`      created at ${where(leak.createdAt)} (${leak.createdAt.function})`);
  }
  if (pkg.hang) {
    lines.push(`  tests still running after ${(pkg.hang.afterMs / 1000).toFixed(0)}s: stopped; ${pkg.hang.goroutines.length} goroutine${pkg.hang.goroutines.length === 1 ? '' : 's'} blocked`);
    for (const g of pkg.hang.goroutines) {
      lines.push(`  ${where(g.blockedAt)}: ${g.state} (${g.blockedAt.function})`);
      if (g.createdAt) lines.push(`      created at ${where(g.createdAt)} (${g.createdAt.function})`);
    }
  }
  return lines;
}

export function leakMessage(leak: LeakGroup, report: LeakTestReport): string {
  const goroutines = `${leak.count} goroutine${leak.count === 1 ? '' : 's'}`;
  const inTest = leak.test ? ` in ${leak.test}` : '';
  return report.mode === 'proven'
    ? `${goroutines} leaked${inTest}: blocked forever on ${leak.state}`
    : `${goroutines} still running after the tests${inTest} (suspected leak): ${leak.state}`;
}

function summary(report: LeakTestReport): string {
  const leakGroups = report.packages.reduce((n, p) => n + p.leaks.length, 0);
  const goroutines = report.packages.reduce((n, p) => n + p.leaks.reduce((s, l) => s + l.count, 0), 0);
  const hangs = report.packages.filter((p) => p.hang).length;
  const buildErrors = report.packages.filter((p) => p.buildError !== null).length;
  const failed = report.packages.filter((p) => !p.ok && !p.hang && p.buildError === null).length;
  const parts = [
    `${report.packages.length} package${report.packages.length === 1 ? '' : 's'} tested`,
    `${leakGroups} leak${leakGroups === 1 ? '' : 's'} (${goroutines} goroutine${goroutines === 1 ? '' : 's'})`,
    `${hangs} hang${hangs === 1 ? '' : 's'}`,
  ];
  if (failed > 0) parts.push(`${failed} with failing tests`);
  if (buildErrors > 0) parts.push(`${buildErrors} did not build`);
  return parts.join(', ');
}

function where(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
