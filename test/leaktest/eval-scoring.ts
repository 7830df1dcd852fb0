// The pure half of `npm run eval:runtime`: reads the expectation markers of the runtime corpus (test/leaktest/corpus)
// out of Go source text, checks a `leaklens test --format json` report against them, and formats the figures.
// No file system and no processes here, so eval-scoring.test.ts checks all of it without Go.
//
// Markers (trailing comments in the corpus's Go files):
//   `// leak: <state>`  on the line where a leaked goroutine blocks forever (the report's blockedAt line); <state> is the
//                       runtime's wait reason as the report prints it, e.g. `chan send`, `select`, `sync.Mutex.Lock`
//   `// created`        on the `go` statement that starts such a goroutine (optional; checks createdAt)
//   `// clean: <why>`   a whole-line comment in a clean package's doc comment: the package must produce no report
import * as path from 'node:path';

export interface LeakMarker {
  /** Absolute path of the Go file. */
  file: string;
  /** 1-based line. */
  line: number;
  /** The wait reason the marker expects, e.g. "chan send". */
  state: string;
}

export interface FileMarkers {
  leaks: LeakMarker[];
  /** 1-based lines of `// created` markers. */
  created: number[];
  clean: boolean;
  /** Names of the `func TestXxx(t *testing.T)` declared in the file. */
  tests: string[];
}

/** One Go package of the corpus, with its markers gathered from all its files. */
export interface CorpusPackage {
  /** Absolute directory. */
  dir: string;
  /** Directory relative to the corpus root, `/` separators: also the package's name in the printed figures. */
  name: string;
  leaks: LeakMarker[];
  /** `file:line` of every `// created` marker, absolute paths. */
  created: string[];
  clean: boolean;
  tests: string[];
}

const LEAK_MARKER = /\/\/\s*leak:\s*(\S.*?)\s*$/;
const CREATED_MARKER = /\/\/\s*created\s*$/;
const CLEAN_MARKER = /^\s*\/\/\s*clean:\s*\S/;
const TEST_FUNC = /^func (Test[A-Z0-9_]\w*)\(\w+ \*testing\.T\)/;

/** Reads the markers of one Go file (`file` is only recorded, never opened). */
export function scanMarkers(file: string, source: string): FileMarkers {
  const result: FileMarkers = { leaks: [], created: [], clean: false, tests: [] };
  source.split(/\r?\n/).forEach((text, index) => {
    const leak = LEAK_MARKER.exec(text);
    if (leak) result.leaks.push({ file, line: index + 1, state: leak[1] });
    if (CREATED_MARKER.test(text)) result.created.push(index + 1);
    if (CLEAN_MARKER.test(text)) result.clean = true;
    const test = TEST_FUNC.exec(text);
    if (test) result.tests.push(test[1]);
  });
  return result;
}

/** Gathers the markers of a package's files (absolute path → source text). */
export function packageOf(root: string, dir: string, sources: ReadonlyMap<string, string>): CorpusPackage {
  const pkg: CorpusPackage = {
    dir,
    name: path.relative(root, dir).split(path.sep).join('/'),
    leaks: [],
    created: [],
    clean: false,
    tests: [],
  };
  for (const [file, source] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    const markers = scanMarkers(file, source);
    pkg.leaks.push(...markers.leaks);
    pkg.created.push(...markers.created.map((line) => `${file}:${line}`));
    pkg.clean ||= markers.clean;
    pkg.tests.push(...markers.tests);
  }
  return pkg;
}

/** What a corpus package's markers say is wrong with them, as sentences; empty when it is well-formed. */
export function markerProblems(pkg: CorpusPackage, knownStates: readonly string[]): string[] {
  const problems: string[] = [];
  if (pkg.clean && pkg.leaks.length > 0) problems.push('has both `// clean:` and `// leak:` markers');
  if (!pkg.clean && pkg.leaks.length === 0) problems.push('has neither a `// clean:` nor a `// leak:` marker');
  if (pkg.clean && pkg.created.length > 0) problems.push('is clean but has `// created` markers');
  if (pkg.tests.length === 0) problems.push('has no func TestXxx(t *testing.T)');
  for (const m of pkg.leaks) {
    if (!knownStates.includes(m.state)) problems.push(`${path.basename(m.file)}:${m.line}: unknown state "${m.state}"`);
  }
  const sites = pkg.leaks.map((m) => `${m.file}:${m.line}`);
  if (new Set(sites).size !== sites.length) problems.push('has two `// leak:` markers on one line');
  return problems;
}

// --- The report of `leaklens test --format json` (issue 10): only the fields the eval reads. ---

export interface ReportFrame {
  file: string;
  line: number;
  function: string;
}

export interface ReportLeak {
  test: string | null;
  state: string;
  count: number;
  blockedAt: ReportFrame;
  createdAt: ReportFrame | null;
}

export interface ReportPackage {
  package: string;
  dir: string;
  ok: boolean;
  durationMs: number;
  leaks: ReportLeak[];
  hang: { afterMs: number; goroutines: unknown[] } | null;
  buildError: string | null;
}

export interface LeakReport {
  version: number;
  go: string;
  mode: string;
  packages: ReportPackage[];
}

/** Parses the CLI's JSON output; throws an Error that says what is missing when the shape is not the documented one. */
export function parseLeakReport(json: string): LeakReport {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`the report is not JSON (${(err as Error).message}): ${json.slice(0, 200)}`);
  }
  const report = value as LeakReport;
  if (!isObject(report) || report.version !== 1 || !Array.isArray(report.packages)) {
    throw new Error(`the report lacks version 1 or packages: ${json.slice(0, 200)}`);
  }
  report.packages.forEach((p, i) => {
    if (!isObject(p) || typeof p.dir !== 'string' || !Array.isArray(p.leaks)) {
      throw new Error(`packages[${i}] lacks dir or leaks`);
    }
    p.leaks.forEach((l, j) => {
      if (!isObject(l) || !isFrame(l.blockedAt) || typeof l.state !== 'string' || typeof l.count !== 'number') {
        throw new Error(`packages[${i}].leaks[${j}] lacks state, count or blockedAt {file, line}`);
      }
      if (l.createdAt !== null && !isFrame(l.createdAt)) throw new Error(`packages[${i}].leaks[${j}].createdAt is malformed`);
    });
  });
  return report;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isFrame(v: unknown): v is ReportFrame {
  return isObject(v) && typeof v.file === 'string' && typeof v.line === 'number';
}

// --- Scoring ---

export interface PackageScore {
  name: string;
  clean: boolean;
  /** Whether the report has an entry for the package at all. */
  reported: boolean;
  /** The `// leak:` markers with a reported leak blocked on their line. */
  found: LeakMarker[];
  missed: LeakMarker[];
  /** Reported leaks on lines without a marker (in a clean package: every report). */
  unexpected: ReportLeak[];
  /** Found leaks whose state differs from the marker's, as "expected → reported". */
  stateMismatches: string[];
  /** Found leaks of a package with `// created` markers: how many have their createdAt on one of them. */
  createdChecked: number;
  createdAgrees: number;
  /** Found leaks of a package with one test: how many the report attributes to that test, and what it said otherwise. */
  testChecked: number;
  testAgrees: number;
  testMismatches: string[];
  buildError: string | null;
  hang: boolean;
}

export interface RunScore {
  count: number;
  packages: PackageScore[];
  sitesExpected: number;
  sitesFound: number;
  bugPackages: number;
  bugPackagesFullyFound: number;
  cleanPackages: number;
  /** Leak entries reported in clean packages. */
  falseReports: number;
  cleanPackagesWithReports: number;
}

/** Scores one report against the corpus; `cwd` is the folder the CLI ran in (the report's paths are relative to it). */
export function scoreRun(corpus: readonly CorpusPackage[], report: LeakReport, cwd: string, count: number): RunScore {
  const byDir = new Map(report.packages.map((p) => [path.resolve(cwd, p.dir), p]));
  const packages = corpus.map((pkg) => scorePackage(pkg, byDir.get(pkg.dir), cwd));
  const bugs = packages.filter((p) => !p.clean);
  const clean = packages.filter((p) => p.clean);
  return {
    count,
    packages,
    sitesExpected: bugs.reduce((n, p) => n + p.found.length + p.missed.length, 0),
    sitesFound: bugs.reduce((n, p) => n + p.found.length, 0),
    bugPackages: bugs.length,
    bugPackagesFullyFound: bugs.filter((p) => p.missed.length === 0).length,
    cleanPackages: clean.length,
    falseReports: clean.reduce((n, p) => n + p.unexpected.length, 0),
    cleanPackagesWithReports: clean.filter((p) => p.unexpected.length > 0).length,
  };
}

function scorePackage(pkg: CorpusPackage, reported: ReportPackage | undefined, cwd: string): PackageScore {
  const leaks = reported?.leaks ?? [];
  const siteOf = (frame: ReportFrame) => `${path.resolve(cwd, frame.file)}:${frame.line}`;
  const score: PackageScore = {
    name: pkg.name,
    clean: pkg.clean,
    reported: reported !== undefined,
    found: [],
    missed: [],
    unexpected: leaks.filter((l) => !pkg.leaks.some((m) => siteOf(l.blockedAt) === `${m.file}:${m.line}`)),
    stateMismatches: [],
    createdChecked: 0,
    createdAgrees: 0,
    testChecked: 0,
    testAgrees: 0,
    testMismatches: [],
    buildError: reported?.buildError ?? null,
    hang: reported?.hang != null,
  };
  for (const marker of pkg.leaks) {
    const matches = leaks.filter((l) => siteOf(l.blockedAt) === `${marker.file}:${marker.line}`);
    if (matches.length === 0) {
      score.missed.push(marker);
      continue;
    }
    score.found.push(marker);
    for (const leak of matches) {
      if (leak.state !== marker.state) score.stateMismatches.push(`${marker.state} → ${leak.state}`);
      if (pkg.created.length > 0) {
        score.createdChecked++;
        if (leak.createdAt && pkg.created.includes(siteOf(leak.createdAt))) score.createdAgrees++;
      }
      if (pkg.tests.length === 1) {
        score.testChecked++;
        if (leak.test === pkg.tests[0]) score.testAgrees++;
        else score.testMismatches.push(`${pkg.tests[0]} → ${leak.test ?? 'null'}`);
      }
    }
  }
  return score;
}

export interface Budget {
  /** Least share of marked sites found at the highest count. */
  minFoundShare: number;
  /** Most leak reports allowed on the clean packages. */
  maxFalseReports: number;
}

/** Issue 10's budget: ≥ 80 % found at --count 10, 0 reports on the clean set. */
export const BUDGET: Budget = { minFoundShare: 0.8, maxFalseReports: 0 };

/**
 * The sentences that say which budget the runs miss; empty when they are within budget. The found share is judged on
 * the run with the highest count, the false reports on every run.
 */
export function budgetFailures(runs: readonly RunScore[], budget: Budget = BUDGET): string[] {
  const failures: string[] = [];
  const highest = runs.reduce<RunScore | undefined>((best, r) => (best === undefined || r.count > best.count ? r : best), undefined);
  if (highest === undefined) return ['no run to judge'];
  const share = foundShare(highest);
  if (share < budget.minFoundShare) {
    failures.push(`found ${percent(share)} of the leak sites at --count ${highest.count}, budget ${percent(budget.minFoundShare)}`);
  }
  for (const run of runs) {
    if (run.falseReports > budget.maxFalseReports) {
      failures.push(`${run.falseReports} reports on clean packages at --count ${run.count}, budget ${budget.maxFalseReports}`);
    }
  }
  return failures;
}

export function foundShare(run: RunScore): number {
  return run.sitesExpected === 0 ? 0 : run.sitesFound / run.sitesExpected;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** One line per package and count, then the summary of each run. */
export function formatScores(runs: readonly RunScore[]): string {
  const lines: string[] = [];
  const names = runs[0]?.packages.map((p) => p.name) ?? [];
  const width = Math.max(8, ...names.map((n) => n.length));
  lines.push(`${'package'.padEnd(width)}  ${runs.map((r) => `--count ${r.count}`.padEnd(14)).join('  ')}`);
  names.forEach((name, i) => {
    const cells = runs.map((r) => packageCell(r.packages[i]).padEnd(14));
    const notes = runs.flatMap((r) => packageNotes(r.packages[i]).map((n) => `[count ${r.count}] ${n}`));
    lines.push(`${name.padEnd(width)}  ${cells.join('  ')}${notes.length ? `  ${notes.join('; ')}` : ''}`);
  });
  lines.push('');
  for (const run of runs) {
    const found = run.packages.filter((p) => !p.clean);
    const sum = (f: (p: PackageScore) => number) => found.reduce((n, p) => n + f(p), 0);
    lines.push(
      `--count ${run.count}: found ${run.sitesFound}/${run.sitesExpected} leak sites (${percent(foundShare(run))}), ` +
        `${run.bugPackagesFullyFound}/${run.bugPackages} bug packages fully; ` +
        `false reports on clean: ${run.falseReports} in ${run.cleanPackagesWithReports}/${run.cleanPackages} packages; ` +
        `createdAt agrees ${sum((p) => p.createdAgrees)}/${sum((p) => p.createdChecked)}, ` +
        `test attributed ${sum((p) => p.testAgrees)}/${sum((p) => p.testChecked)}, ` +
        `state mismatches ${sum((p) => p.stateMismatches.length)}`,
    );
  }
  return lines.join('\n');
}

function packageCell(p: PackageScore): string {
  if (!p.reported) return 'not run';
  if (p.buildError !== null) return 'build error';
  if (p.clean) return p.unexpected.length === 0 ? 'clean ok' : `FALSE ×${p.unexpected.length}`;
  const total = p.found.length + p.missed.length;
  return p.missed.length === 0 ? `found ${total}/${total}` : `MISSED ${p.missed.length}/${total}`;
}

function packageNotes(p: PackageScore): string[] {
  const notes: string[] = [];
  if (p.hang) notes.push('hang');
  if (p.buildError !== null) notes.push(`build error: ${p.buildError.split('\n')[0]}`);
  for (const m of p.missed) notes.push(`missed ${path.basename(m.file)}:${m.line} (${m.state})`);
  for (const l of p.unexpected) notes.push(`${p.clean ? 'false report' : 'unmarked'} ${l.blockedAt.file}:${l.blockedAt.line} (${l.state})`);
  for (const s of p.stateMismatches) notes.push(`state ${s}`);
  for (const t of p.testMismatches) notes.push(`test ${t}`);
  return notes;
}
