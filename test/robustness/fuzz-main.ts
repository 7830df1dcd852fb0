// npm run fuzz [-- --count N --seed S]: the long fuzz run (100,000 inputs by default). Prints progress and a summary;
// failing inputs are written to files for reproduction. Exit 1 when anything failed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, runFuzz } from './fuzz';

function numberFlag(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
  return value;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const count = numberFlag(args, '--count', 100_000);
  const seed = numberFlag(args, '--seed', 1);
  const root = path.resolve(__dirname, '..');
  const corpus = await loadCorpus({
    folders: [path.join(root, 'examples'), path.join(root, 'test', 'fixtures')],
    gorootSample: 400,
    maxBytes: 30_000,
  });
  process.stdout.write(`fuzz: ${count} inputs from ${corpus.length} files, seed ${seed}\n`);
  const started = Date.now();
  const result = await runFuzz({
    count,
    seed,
    corpus,
    onProgress: (done) => {
      if (done % 10_000 === 0) process.stdout.write(`  ${done} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    },
  });
  const failureDir = result.failures.length > 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-fuzz-')) : undefined;
  for (const failure of result.failures) {
    process.stdout.write(`FAIL #${failure.index}: ${failure.problem}\n`);
    if (failureDir && failure.index >= 0) fs.writeFileSync(path.join(failureDir, `input-${failure.index}.go`), failure.input);
  }
  if (failureDir) process.stdout.write(`failing inputs written to ${failureDir}\n`);
  process.stdout.write(
    `fuzz: ${result.inputs} inputs, ${result.failures.length === 0 ? 'no failures' : 'FAILURES'}, ` +
      `slowest ${result.slowestMs.toFixed(0)} ms, mean ${(result.totalMs / result.inputs).toFixed(2)} ms\n`,
  );
  return result.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
