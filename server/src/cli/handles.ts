// `leaklens handles --pid PID [--pprof URL [--allow-remote-pprof]] [--interval MS] [--count N] [--format text|json]`
// Samples a running process's descriptors, threads, memory (and goroutines, from its pprof) once per interval.
// Exit 0 after --count samples, Ctrl-C, or when the process exits; 2 for bad usage or a PID that may not be read.
import { ProcessGoneError, ProcessUnreadableError } from '../../../shared/src/handles/errors';
import { identifyProcess } from '../../../shared/src/handles/os-counts';
import { isLoopbackUrl, normalizePprofBase, PprofReader } from '../../../shared/src/handles/pprof-reader';
import { listeningLoopbackPorts } from '../../../shared/src/handles/procfs';
import { takeSample } from '../../../shared/src/handles/sample';
import { printable, sampleToJson, sampleToText } from '../../../shared/src/handles/sample-format';
import { EXIT_CLEAN, EXIT_USAGE, oneOf, parseCommandLine, runCommand, UsageError, wholeNumber } from './usage';

const MIN_INTERVAL_MS = 100;

export const HANDLES_HELP = `Usage: leaklens handles --pid PID [options]

Samples a running process's open descriptors, threads and memory (and, for a Go program serving net/http/pprof,
its goroutines) once per interval, one line per sample.

Options:
  --pid PID               the process to sample (required)
  --pprof URL             the program's pprof, e.g. http://127.0.0.1:6060 (default: found on its loopback ports)
  --allow-remote-pprof    allow a --pprof URL that is not on this machine's loopback
  --interval MS           time between samples (default 1000, at least ${MIN_INTERVAL_MS})
  --count N               stop after N samples (default: until Ctrl-C or the process exits)
  --format text|json      output format (default text)
  -h, --help              this help

Exit codes:
  0  samples taken until --count, Ctrl-C or the process's exit
  2  usage error, or a process that does not exist or may not be read
`;

export interface HandlesArgs {
  pid: number;
  pprof?: string;
  intervalMs: number;
  count?: number;
  format: 'text' | 'json';
  help: boolean;
}

export function parseHandlesArgs(args: string[]): HandlesArgs {
  const { values } = parseCommandLine(args, {
    options: {
      pid: { type: 'string' },
      pprof: { type: 'string' },
      'allow-remote-pprof': { type: 'boolean' },
      interval: { type: 'string' },
      count: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const help = values.help === true;
  if (help) return { pid: 0, intervalMs: 0, format: 'text', help };
  if (values.pid === undefined) throw new UsageError('--pid is required');
  if (values.pprof !== undefined) checkPprofUrl(values.pprof, values['allow-remote-pprof'] === true);
  return {
    pid: wholeNumber('--pid', values.pid),
    pprof: values.pprof,
    intervalMs: values.interval === undefined ? 1000 : wholeNumber('--interval', values.interval, MIN_INTERVAL_MS),
    count: values.count === undefined ? undefined : wholeNumber('--count', values.count),
    format: oneOf('--format', values.format, ['text', 'json'] as const, 'text'),
    help,
  };
}

/** An http URL; on loopback unless the user allowed another host explicitly (goroutine stacks are program internals). */
function checkPprofUrl(url: string, allowRemote: boolean): void {
  let base: string;
  try {
    base = normalizePprofBase(url);
  } catch (err) {
    throw new UsageError(`--pprof: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!allowRemote && !isLoopbackUrl(base)) {
    throw new UsageError(`--pprof ${base}: not a loopback address; add --allow-remote-pprof to read another machine's pprof`);
  }
}

/** Resolves after ms, or at once when the signal aborts; leaves no timer behind either way. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

export function runHandles(args: string[]): Promise<number> {
  return runCommand('handles', () => handlesCommand(args));
}

async function handlesCommand(args: string[]): Promise<number> {
  const options = parseHandlesArgs(args);
  if (options.help) {
    process.stdout.write(HANDLES_HELP);
    return EXIT_CLEAN;
  }
  let identity;
  try {
    identity = await identifyProcess(options.pid);
  } catch (err) {
    process.stderr.write(`leaklens handles: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
  const pprof = new PprofReader({
    baseUrl: options.pprof,
    listPorts: process.platform === 'linux' ? () => listeningLoopbackPorts(options.pid) : undefined,
  });
  const interrupted = new AbortController();
  const onSigint = (): void => interrupted.abort();
  process.once('SIGINT', onSigint);
  try {
    let lastPprofError: string | undefined;
    for (let n = 0; options.count === undefined || n < options.count; n++) {
      if (n > 0) await delay(options.intervalMs, interrupted.signal);
      if (interrupted.signal.aborted) break;
      let sample;
      try {
        sample = await takeSample({ identity, pprof, isRunning: () => true }, interrupted.signal);
      } catch (err) {
        if (err instanceof ProcessGoneError && n > 0) {
          process.stderr.write(`leaklens handles: ${err.message}; stopping after ${n} samples\n`);
          return EXIT_CLEAN;
        }
        if (err instanceof ProcessGoneError || err instanceof ProcessUnreadableError) {
          process.stderr.write(`leaklens handles: ${err.message}\n`);
          return EXIT_USAGE;
        }
        throw err;
      }
      // Said once per new error, on stderr: stdout keeps one sample per line; the next sample asks pprof again.
      if (sample.goroutinesError !== undefined && sample.goroutinesError !== lastPprofError) {
        process.stderr.write(`leaklens handles: goroutines unknown in this sample: ${printable(sample.goroutinesError)}\n`);
      }
      lastPprofError = sample.goroutinesError;
      process.stdout.write(`${options.format === 'json' ? sampleToJson(sample) : sampleToText(sample)}\n`);
    }
    return EXIT_CLEAN;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
