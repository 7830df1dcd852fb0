// What every benchmark shares: its options and how a figure is printed against its budget.

export interface BenchOptions {
  /** At most this many inputs per benchmark (files, requests, samples), for a quick run; undefined: all. */
  limit?: number;
  /** Run only the benchmark of this name; undefined: all. */
  only?: string;
}

/** Parses `--limit N` and `--only NAME`; anything else is a usage error. */
export function parseBenchArgs(args: readonly string[], names: readonly string[]): BenchOptions {
  const options: BenchOptions = {};
  const usage = `usage: npm run bench -- [--limit N] [--only ${names.join('|')}]`;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag === '--only') {
      const name = inline ?? args[++i];
      if (!names.includes(name)) throw new Error(`unknown benchmark "${name}" (${usage})`);
      options.only = name;
      continue;
    }
    if (flag !== '--limit') throw new Error(`unknown option ${args[i]} (${usage})`);
    const value = inline ?? args[++i];
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit needs a positive integer, not "${value}"`);
    options.limit = limit;
  }
  return options;
}

export function section(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
}

/** Prints one figure; with a budget, also whether it is within it (`within(value)`). */
export function figure(name: string, value: string, budget?: { text: string; within: boolean }): void {
  const verdict = budget ? `  ${budget.within ? 'PASS' : 'MISS'} (budget ${budget.text})` : '';
  process.stdout.write(`${name.padEnd(44)} ${value.padStart(14)}${verdict}\n`);
}

/** The q-quantile (0..1) of `values`, nearest-rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
