// `npm run eval:real [-- --half tuning|held-out] [--findings FILE]`: downloads the corpus modules (fetch.sh, the Go
// module proxy), runs `leaklens check` (dist/cli.js, all rules) in each module root, and prints per half the precision
// per rule and overall from verdicts.jsonl, the findings not yet reviewed and the false findings still reported.
// Findings in _test.go files are outside the corpus and left out. --findings writes the kept findings as JSON lines.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  formatHalfScore,
  HALVES,
  loadCorpus,
  moduleAtVersion,
  parseVerdicts,
  scoreHalf,
  type CorpusFinding,
  type Half,
} from './corpus';

const ROOT = path.resolve(__dirname, '..');
const HERE = path.join(ROOT, 'test/eval/real-code');
const CLI = path.join(ROOT, 'dist/cli.js');

interface Options {
  halves: Half[];
  findingsFile?: string;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { halves: [...HALVES] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--half' && (HALVES as readonly string[]).includes(args[i + 1])) options.halves = [args[++i] as Half];
    else if (args[i] === '--findings' && args[i + 1] !== undefined) options.findingsFile = args[++i];
    else throw new Error(`unknown argument ${args[i]}: use --half tuning|held-out and --findings FILE`);
  }
  return options;
}

/** module@version → its directory in GOMODCACHE, downloading it when missing. */
function fetchHalf(half: Half): Map<string, string> {
  const run = spawnSync('bash', [path.join(HERE, 'fetch.sh'), half], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`fetch.sh ${half} failed (exit ${run.status})`);
  return new Map(
    run.stdout
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t') as [string, string]),
  );
}

interface CliFinding {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

function checkModule(module: string, dir: string): CorpusFinding[] {
  const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '.'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // Exit code 1 means "findings"; anything else is a failure of the CLI.
  if (run.status !== 0 && run.status !== 1) throw new Error(`leaklens check failed on ${module} (exit ${run.status})`);
  const report = JSON.parse(run.stdout) as { findings: CliFinding[] };
  return report.findings
    .filter((f) => !/_test\.go$/.test(f.file))
    .map((f) => ({ module, file: f.file.split(path.sep).join('/'), line: f.line, rule: f.rule, severity: f.severity, message: f.message }));
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run node esbuild.mjs first`);
  const corpus = loadCorpus(path.join(HERE, 'corpus.json'));
  const { verdicts, problems } = parseVerdicts(fs.readFileSync(path.join(HERE, 'verdicts.jsonl'), 'utf8'));
  for (const p of problems) process.stderr.write(`eval:real: ${p}\n`);
  const kept: CorpusFinding[] = [];
  for (const half of options.halves) {
    const modules = corpus.modules.filter((m) => m.half === half);
    const dirs = fetchHalf(half);
    const findings = modules.flatMap((m) => {
      const dir = dirs.get(moduleAtVersion(m));
      if (dir === undefined) throw new Error(`fetch.sh did not return ${moduleAtVersion(m)}`);
      return checkModule(moduleAtVersion(m), dir);
    });
    kept.push(...findings);
    console.log(formatHalfScore(scoreHalf(half, modules, findings, verdicts)));
  }
  if (options.findingsFile !== undefined) {
    fs.writeFileSync(options.findingsFile, kept.map((f) => JSON.stringify(f)).join('\n') + (kept.length > 0 ? '\n' : ''));
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`eval:real: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
