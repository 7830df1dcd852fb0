// npm run bench [-- --limit N]: every benchmark prints its figures with PASS/FAIL against its budget; the exit code is 0
// either way (figures are for people, not gates). Each area adds one function and one call line below.
import { benchAnalysis } from './analysis';
import { benchChecks } from './checks';
import { benchHandles } from './handles';
import { benchLeaktest } from './leaktest-overhead';
import { parseBenchArgs } from './figures';

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  await benchAnalysis(options);
  await benchChecks(options);
  await benchHandles(options);
  await benchLeaktest(options);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
