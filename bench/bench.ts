// npm run bench [-- --limit N] [--only NAME]: every benchmark prints its figures with PASS/MISS against its budget; the
// exit code is 0 either way (figures are for people, not gates). Each area adds one entry below.
import { benchAnalysis } from './analysis';
import { benchChecks } from './checks';
import { parseBenchArgs, type BenchOptions } from './figures';
import { benchHandles } from './handles';
import { benchLeaktest } from './leaktest-overhead';
import { benchHostileChecks } from './hostile-checks';
import { benchPipeline } from './pipeline';

const BENCHMARKS: ReadonlyMap<string, (options: BenchOptions) => Promise<void>> = new Map([
  ['analysis', benchAnalysis],
  ['pipeline', benchPipeline],
  ['checks', benchChecks],
  ['hostile-checks', async (options) => benchHostileChecks(options)],
  ['handles', benchHandles],
  ['leaktest', benchLeaktest],
]);

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2), [...BENCHMARKS.keys()]);
  for (const [name, run] of BENCHMARKS) {
    if (options.only === undefined || options.only === name) await run(options);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
