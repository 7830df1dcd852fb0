// `leaklens handles --pid PID [--pprof URL] [--interval MS] [--count N] [--format text|json]`
// Samples a running process's descriptors, threads, memory (and goroutines, from its pprof) once per interval.
// Exit 0 after --count samples, Ctrl-C, or when the process exits; 2 for bad usage or a PID that may not be read.
import { ProcessGoneError, ProcessUnreadableError } from '../../../shared/src/handles/errors';
import { identifyProcess } from '../../../shared/src/handles/os-counts';
import { normalizePprofBase, PprofReader } from '../../../shared/src/handles/pprof-reader';
import { listeningLoopbackPorts } from '../../../shared/src/handles/procfs';
import { takeSample } from '../../../shared/src/handles/sample';
import { sampleToJson, sampleToText } from '../../../shared/src/handles/sample-format';

const USAGE = 'usage: leaklens handles --pid PID [--pprof URL] [--interval MS] [--count N] [--format text|json]';
const MIN_INTERVAL_MS = 100;

export interface HandlesArgs {
  pid: number;
  pprof?: string;
  intervalMs: number;
  count?: number;
  format: 'text' | 'json';
}

class UsageError extends Error {}

function positiveInteger(flag: string, value: string | undefined, min = 1): number {
  const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs an integer ≥ ${min} (got ${value ?? 'nothing'})`);
  return n;
}

export function parseHandlesArgs(args: string[]): HandlesArgs {
  const values = new Map<string, string | undefined>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!['--pid', '--pprof', '--interval', '--count', '--format'].includes(flag)) throw new UsageError(`unknown argument: ${args[i]}`);
    values.set(flag, inline ?? args[++i]);
  }
  if (!values.has('--pid')) throw new UsageError('--pid is required');
  const format = values.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got ${format})`);
  const pprof = values.get('--pprof');
  if (values.has('--pprof')) {
    try {
      normalizePprofBase(pprof ?? '');
    } catch (err) {
      throw new UsageError(`--pprof: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    pid: positiveInteger('--pid', values.get('--pid')),
    pprof,
    intervalMs: values.has('--interval') ? positiveInteger('--interval', values.get('--interval'), MIN_INTERVAL_MS) : 1000,
    count: values.has('--count') ? positiveInteger('--count', values.get('--count')) : undefined,
    format,
  };
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

export async function runHandles(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: HandlesArgs;
  try {
    options = parseHandlesArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`leaklens handles: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  let identity;
  try {
    identity = await identifyProcess(options.pid);
  } catch (err) {
    process.stderr.write(`leaklens handles: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const pprof = new PprofReader({
    baseUrl: options.pprof,
    listPorts: process.platform === 'linux' ? () => listeningLoopbackPorts(options.pid) : undefined,
  });
  const interrupted = new AbortController();
  const onSigint = (): void => interrupted.abort();
  process.once('SIGINT', onSigint);
  try {
    for (let n = 0; options.count === undefined || n < options.count; n++) {
      if (n > 0) await delay(options.intervalMs, interrupted.signal);
      if (interrupted.signal.aborted) break;
      let sample;
      try {
        sample = await takeSample({ identity, pprof, isRunning: () => true }, interrupted.signal);
      } catch (err) {
        if (err instanceof ProcessGoneError && n > 0) {
          process.stderr.write(`leaklens handles: ${err.message}; stopping after ${n} samples\n`);
          return 0;
        }
        if (err instanceof ProcessGoneError || err instanceof ProcessUnreadableError) {
          process.stderr.write(`leaklens handles: ${err.message}\n`);
          return 2;
        }
        throw err;
      }
      process.stdout.write(`${options.format === 'json' ? sampleToJson(sample) : sampleToText(sample)}\n`);
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
