// `leaklens check [PATH…]`: analyse Go files and print the findings.
// Exit code: 0 clean, 1 findings, 2 usage error or a named path that cannot be read at all. Files that cannot be
// analysed (binary, invalid UTF-8, too large, unreadable folders, symlink loops) are warnings on stderr; the run goes on.
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { analyzePaths } from './analyze-paths';
import { parseCheckArgs, ruleSettings, type CheckOptions } from './check-options';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import type { CheckReport, FileFinding } from './report';
import { CHECK_HELP, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, runCommand } from './usage';

export function runCheck(args: string[]): Promise<number> {
  return runCommand('check', () => checkCommand(args));
}

/**
 * V8's interrupt budget for a check: how much a function runs before V8 considers optimising it. A check is one short
 * run, and with V8's default (66 kB of bytecode) each analysis thread has TurboFan compile, on background threads,
 * many functions that finish before the optimised code pays back. Six times the default leaves TurboFan the hottest
 * ones: about 10 % less CPU over all threads on Go's src/net. Only when code is optimised changes, not what it does.
 * V8 flags are process-wide: set before the analysis threads start, it holds for them too.
 */
const CHECK_INTERRUPT_BUDGET = 400_000;

async function checkCommand(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (options.help) {
    process.stdout.write(CHECK_HELP);
    return EXIT_CLEAN;
  }
  v8.setFlagsFromString(`--interrupt-budget=${CHECK_INTERRUPT_BUDGET}`);

  const workingDirectory = process.cwd();
  const { report, skipped, unreadableRoots } = await check(options, workingDirectory);
  process.stdout.write(format(report, options, workingDirectory));
  if (options.format === 'text') process.stderr.write(summary(report, skipped));
  if (unreadableRoots > 0) return EXIT_USAGE;
  return report.findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

interface CheckRun {
  report: CheckReport;
  skipped: number;
  unreadableRoots: number;
}

async function check(options: CheckOptions, workingDirectory: string): Promise<CheckRun> {
  const run: CheckRun = { report: { filesAnalyzed: 0, findings: [] }, skipped: 0, unreadableRoots: 0 };
  const analyzed = await analyzePaths({
    paths: options.paths,
    settings: { rules: ruleSettings(options.enabled), analyzeScaffolding: options.includeScaffolding },
    maxFileSize: options.maxFileSize,
    onSkipped: (file, reason) => {
      process.stderr.write(`leaklens: skipped ${displayPath(file, workingDirectory)}: ${reason}\n`);
      run.skipped++;
    },
    onUnreadableRoot: (message) => {
      process.stderr.write(`leaklens: ${message}\n`);
      run.unreadableRoots++;
    },
  });
  run.report.filesAnalyzed = analyzed.length;
  for (const { file, findings } of analyzed) {
    const relative = displayPath(file, workingDirectory);
    for (const finding of findings) {
      if (options.enabled.has(finding.rule)) run.report.findings.push({ file: relative, finding });
    }
  }
  return run;
}

/** Relative to the working directory, with / separators, as every output format prints paths. */
export function displayPath(file: string, workingDirectory: string): string {
  return path.relative(workingDirectory, file).split(path.sep).join('/') || '.';
}

function format(report: CheckReport, options: CheckOptions, workingDirectory: string): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, workingDirectory);
    case 'text':
      return formatText(report);
  }
}

function summary(report: CheckReport, skipped: number): string {
  const files = new Set(report.findings.map((f: FileFinding) => f.file)).size;
  const count = report.findings.length;
  const found = count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
  return `leaklens: ${found} (${report.filesAnalyzed} file${report.filesAnalyzed === 1 ? '' : 's'} analysed${skippedNote})\n`;
}
