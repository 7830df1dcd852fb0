// `leaklens health`: runs the checks of .checks files and --url URLs, for CI and scripts.
// Exit 0: all healthy; 1: any unhealthy or failed; 2: usage error or a check file that does not parse.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCheckableUrl } from '../checks/go-urls';
import { Limiter } from '../checks/limiter';
import { parseCheckFile } from '../checks/parser';
import { resolveBlock, resolveUrl, type ResolvedCheck, type UnresolvableCheck } from '../checks/resolve';
import { runMany } from '../checks/run-many';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../checks/runner';
import type { CheckResult } from '../protocol/checks';

const EXIT_HEALTHY = 0;
const EXIT_UNHEALTHY = 1;
const EXIT_USAGE = 2;

export const HEALTH_HELP = `Usage: leaklens health [options] [FILE.checks...] [--url URL...]

Runs HTTP health checks: every block of the given .checks files, and each --url (a GET, healthy on 2xx/3xx).

Options:
  --url URL            also check this URL (repeatable)
  --format text|json   output format (default text: one line per check)
  --timeout MS         per-check timeout, connect to last body byte (default ${DEFAULT_TIMEOUT_MS}); @timeout in a block wins
  --concurrency N      checks running at once (default ${DEFAULT_CONCURRENCY})
  --name PATTERN       only checks whose name matches (* and ? wildcards; plain text matches a part; any case)
  --ca FILE            also trust the certificate authorities in this PEM file
  -h, --help           this help

Environment variables are read only through {{env:NAME}} in check files.

Exit codes:
  0  every check healthy
  1  a check unhealthy (status or assertion) or failed (no answer)
  2  usage error, or a check file that cannot be read or does not parse (file:line:col on stderr)
`;

class UsageError extends Error {}
/** A check file that cannot be read or parsed: reported as file:line:col, without the help text. */
class CheckFileError extends UsageError {}

interface HealthOptions {
  files: string[];
  urls: string[];
  format: 'text' | 'json';
  timeoutMs: number;
  concurrency: number;
  name?: RegExp;
  ca?: Buffer;
  help: boolean;
}

function parseArgs(args: string[]): HealthOptions {
  const options: HealthOptions = { files: [], urls: [], format: 'text', timeoutMs: DEFAULT_TIMEOUT_MS, concurrency: DEFAULT_CONCURRENCY, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      options.files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--url': {
        const url = value();
        if (!isCheckableUrl(url)) throw new UsageError(`--url ${JSON.stringify(url)}: expected an http:// or https:// URL`);
        options.urls.push(url);
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
        options.format = format;
        break;
      }
      case '--timeout':
        options.timeoutMs = positiveInteger(flag, value());
        break;
      case '--concurrency':
        options.concurrency = positiveInteger(flag, value());
        break;
      case '--name':
        options.name = namePattern(value());
        break;
      case '--ca': {
        const file = value();
        try {
          options.ca = readFileSync(file);
        } catch (err) {
          throw new UsageError(`--ca ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
        }
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} expects a whole number ≥ 1, not ${JSON.stringify(text)}`);
  return n;
}

/** `*` and `?` wildcards over the whole name; without wildcards, a part of the name. Case-insensitive. */
export function namePattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  if (!/[*?]/.test(pattern)) return new RegExp(escaped, 'i');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

interface Located {
  check: ResolvedCheck | UnresolvableCheck;
  file: string | null;
  line: number | null;
}

/** Reads and parses the check files; any error diagnostic is a usage error listing file:line:col: message. */
function loadChecks(options: HealthOptions): Located[] {
  const checks: Located[] = [];
  const problems: string[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CheckFileError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const parsed = parseCheckFile(text);
    const display = file.split(path.sep).join('/');
    for (const d of parsed.diagnostics) {
      const where = `${display}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      if (d.severity === 'error') problems.push(`${where}: ${d.message}`);
      else process.stderr.write(`${where}: warning: ${d.message}\n`);
    }
    const uri = pathToFileURL(path.resolve(file)).href;
    for (const block of parsed.blocks) {
      checks.push({ check: resolveBlock(parsed, block, uri, (name) => process.env[name]), file: display, line: block.headRange.start.line + 1 });
    }
  }
  if (problems.length > 0) throw new CheckFileError(problems.join('\n'));
  for (const url of options.urls) checks.push({ check: resolveUrl(url), file: null, line: null });
  return checks;
}

const ICONS = { healthy: '✅', unhealthy: '⚠️', failed: '❌' } as const;

export function formatTextLine(result: CheckResult): string {
  const what = result.name === result.url ? result.url : `${result.name}: ${result.url}`;
  const outcome = result.error ?? String(result.status);
  const lines = [`${ICONS[result.outcome]} ${what} — ${outcome} (${result.latencyMs} ms)`];
  for (const failed of result.failedAssertions) lines.push(`    ${failed}`);
  return lines.join('\n');
}

function jsonReport(results: CheckResult[], located: Located[]): string {
  return JSON.stringify({
    version: 1,
    results: results.map((r, i) => ({
      name: r.name,
      method: r.method,
      url: r.url,
      outcome: r.outcome,
      status: r.status,
      latencyMs: r.latencyMs,
      error: r.error,
      redirects: r.redirects,
      file: located[i].file,
      line: located[i].line,
      failedAssertions: r.failedAssertions,
    })),
  });
}

export async function runHealth(args: string[]): Promise<number> {
  let options: HealthOptions;
  let located: Located[];
  try {
    options = parseArgs(args);
    if (options.help) {
      process.stdout.write(HEALTH_HELP);
      return EXIT_HEALTHY;
    }
    if (options.files.length === 0 && options.urls.length === 0) throw new UsageError('name at least one .checks file or --url URL');
    located = loadChecks(options);
    const pattern = options.name;
    if (pattern) located = located.filter((l) => pattern.test(l.check.name));
    if (located.length === 0) throw new UsageError(pattern ? `no check matches --name ${pattern.source}` : 'the files define no checks');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(err instanceof CheckFileError ? `${err.message}\n` : `leaklens health: ${err.message}\n\n${HEALTH_HELP}`);
    return EXIT_USAGE;
  }
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const results = await runMany(
      located.map((l) => l.check),
      { limiter: new Limiter(options.concurrency), timeoutMs: options.timeoutMs, signal: controller.signal, ca: options.ca },
    );
    if (options.format === 'json') process.stdout.write(`${jsonReport(results, located)}\n`);
    else process.stdout.write(results.map((r) => `${formatTextLine(r)}\n`).join(''));
    const count = (outcome: CheckResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
    process.stderr.write(`${count('healthy')} healthy, ${count('unhealthy')} unhealthy, ${count('failed')} failed\n`);
    return results.every((r) => r.outcome === 'healthy') ? EXIT_HEALTHY : EXIT_UNHEALTHY;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
