// `leaklens health`: runs the checks of .checks files and --url URLs, for CI and scripts.
// Exit 0: all healthy; 1: any unhealthy or failed; 2: usage error or a check file that cannot be read or does not parse.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCheckableUrl } from '../checks/go-urls';
import { Limiter } from '../checks/limiter';
import { parseCheckFile } from '../checks/parser';
import { resolveBlock, resolveUrl, type ResolvedCheck, type UnresolvableCheck } from '../checks/resolve';
import { runMany } from '../checks/run-many';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../checks/runner';
import { hidePasswords, mask } from '../checks/mask';
import { readSourceFile, SourceRefusedError } from '../checks/sources';
import { DEFAULT_MAX_FILE_SIZE } from '../limits';
import type { CheckResult } from '../protocol/checks';
import { EXIT_CLEAN, EXIT_FINDINGS, oneOf, parseCommandLine, runCommand, UsageError, wholeNumber } from './usage';

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

/** Certificate authorities given with --ca: a PEM file with at most this many bytes (a CA bundle is well under). */
const MAX_CA_FILE_SIZE = 4 * 1024 * 1024;

async function parseHealthArgs(args: string[]): Promise<HealthOptions> {
  const { values, positionals } = parseCommandLine(args, {
    allowPositionals: true,
    options: {
      url: { type: 'string', multiple: true },
      format: { type: 'string' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      name: { type: 'string' },
      ca: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const urls = values.url ?? [];
  for (const url of urls) {
    if (!isCheckableUrl(url)) throw new UsageError(`--url ${JSON.stringify(hidePasswords(url))}: expected an http:// or https:// URL`);
  }
  return {
    files: positionals,
    urls,
    format: oneOf('--format', values.format, ['text', 'json'] as const, 'text'),
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : wholeNumber('--timeout', values.timeout),
    concurrency: values.concurrency === undefined ? DEFAULT_CONCURRENCY : wholeNumber('--concurrency', values.concurrency),
    name: values.name === undefined ? undefined : namePattern(values.name),
    ca: values.ca === undefined ? undefined : await readCaFile(values.ca),
    help: values.help === true,
  };
}

/** A PEM file of certificates; anything else is an error (Node would ignore it silently and trust nothing more). */
async function readCaFile(file: string): Promise<Buffer> {
  let text: string;
  try {
    text = await readSourceFile(file, MAX_CA_FILE_SIZE);
  } catch (err) {
    throw new UsageError(`--ca ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) {
    throw new UsageError(`--ca ${file}: not a PEM file of certificates (expected "-----BEGIN CERTIFICATE-----" blocks)`);
  }
  return Buffer.from(text);
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
async function loadChecks(options: HealthOptions): Promise<Located[]> {
  const checks: Located[] = [];
  const problems: string[] = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = await readSourceFile(file, DEFAULT_MAX_FILE_SIZE);
    } catch (err) {
      throw new UsageError(err instanceof SourceRefusedError ? err.message : String(err), false);
    }
    const parsed = parseCheckFile(text);
    const display = file.split(path.sep).join('/');
    for (const d of parsed.diagnostics) {
      const where = `${display}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      if (d.severity === 'error') problems.push(`${where}: ${mask(d.message)}`);
      else process.stderr.write(`${where}: warning: ${mask(d.message)}\n`);
    }
    const uri = pathToFileURL(path.resolve(file)).href;
    for (const block of parsed.blocks) {
      checks.push({ check: resolveBlock(parsed, block, uri, (name) => process.env[name]), file: display, line: block.headRange.start.line + 1 });
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'), false);
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

export function runHealth(args: string[]): Promise<number> {
  return runCommand('health', () => healthCommand(args));
}

async function healthCommand(args: string[]): Promise<number> {
  const options = await parseHealthArgs(args);
  if (options.help) {
    process.stdout.write(HEALTH_HELP);
    return EXIT_CLEAN;
  }
  if (options.files.length === 0 && options.urls.length === 0) throw new UsageError('name at least one .checks file or --url URL');
  let located = await loadChecks(options);
  const pattern = options.name;
  if (pattern) located = located.filter((l) => pattern.test(l.check.name));
  if (located.length === 0) throw new UsageError(pattern ? `no check matches --name ${pattern.source}` : 'the files define no checks');
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const results = await runMany(
      located.map((l) => l.check),
      { limiter: new Limiter(options.concurrency), timeoutMs: options.timeoutMs, signal: controller.signal, ca: options.ca },
    );
    // Masked once more at the exit: whatever a result holds, no URL password reaches the terminal or a CI log.
    if (options.format === 'json') process.stdout.write(`${mask(jsonReport(results, located))}\n`);
    else process.stdout.write(mask(results.map((r) => `${formatTextLine(r)}\n`).join('')));
    const count = (outcome: CheckResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
    process.stderr.write(`${count('healthy')} healthy, ${count('unhealthy')} unhealthy, ${count('failed')} failed\n`);
    return results.every((r) => r.outcome === 'healthy') ? EXIT_CLEAN : EXIT_FINDINGS;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
