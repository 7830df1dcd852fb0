// The leak-checked runs of this window: the last few runs for the view, and per package the findings of the latest run
// that covered it (a rerun of one package replaces that package's diagnostics and leaves the others). Pure.
import { findingsOfReport, type RuntimeFinding } from './findings';
import type { LeakTestReport, PackageLeakReport } from './report';

const RUNS_KEPT = 5;

export interface LeakTestRequest {
  /** Folder the CLI runs in (the module root): report paths are relative to it. */
  cwd: string;
  /** Package patterns relative to cwd, e.g. `./...`, `./worker`. */
  packages: string[];
  /** A `-run` pattern, for a single test. */
  run?: string;
  /** What the user asked for, e.g. `TestFetch` or `./worker`. */
  label: string;
}

export interface CompletedRun {
  id: number;
  request: LeakTestRequest;
  startedAt: Date;
  report: LeakTestReport;
  findings: RuntimeFinding[];
}

export class RunHistory {
  private readonly completed: CompletedRun[] = [];
  /** Package import path → findings of the latest run that reported it. */
  private readonly latestByPackage = new Map<string, RuntimeFinding[]>();
  private nextId = 1;

  get runs(): readonly CompletedRun[] {
    return this.completed;
  }

  add(request: LeakTestRequest, report: LeakTestReport, startedAt: Date): CompletedRun {
    const findings = findingsOfReport(report, request.cwd);
    const run: CompletedRun = { id: this.nextId++, request, startedAt, report, findings };
    this.completed.unshift(run);
    this.completed.splice(RUNS_KEPT);
    for (const pkg of report.packages) this.latestByPackage.set(pkg.package, findings.filter((f) => f.package === pkg.package));
    return run;
  }

  /** The findings now shown as diagnostics: the latest of every package. */
  currentFindings(): RuntimeFinding[] {
    return [...this.latestByPackage.values()].flat();
  }

  clear(): void {
    this.completed.length = 0;
    this.latestByPackage.clear();
  }
}

export function packageStatus(pkg: PackageLeakReport): string {
  if (pkg.buildError) return 'did not build';
  if (pkg.hang) return `hung after ${Math.round(pkg.hang.afterMs / 1000)} s`;
  const leaked = pkg.leaks.reduce((n, l) => n + l.count, 0);
  if (leaked > 0) return `${leaked} leaked`;
  return `${pkg.ok ? 'passed' : 'tests failed'}, no leak · ${(pkg.durationMs / 1000).toFixed(1)} s`;
}
