// `leaklens test` against plain `go test -count=1` on packages without leaks, build cache warm, runs alternated so
// that both see the same machine load. Budget: leaklens ≤ 1.3× the wall time of go test on a package whose tests do
// real work (a worker pool, 200,000 goroutines, ~1 s). The fixed cost (Node start, go env, go list) shows on a package
// whose tests take nothing; that figure is printed without a budget.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { figure, quantile, section, type BenchOptions } from './figures';

const RUNS = 7;
const RATIO_BUDGET = 1.3;

const MODULE = {
  'go.mod': 'module example.com/bench\n\ngo 1.26\n',
  'pool/pool.go': `package pool

import "sync"

// Sum squares the numbers on a pool of workers that ends when the queue is closed.
func Sum(numbers []int, workers int) int {
	queue := make(chan int)
	results := make(chan int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total := 0
			for n := range queue {
				total += n * n
			}
			results <- total
		}()
	}
	for _, n := range numbers {
		queue <- n
	}
	close(queue)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}
`,
  'pool/pool_test.go': `package pool

import (
	"fmt"
	"sync"
	"testing"
)

func TestSumSizes(t *testing.T) {
	for size := 1; size <= 20; size++ {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			numbers := make([]int, 100_000)
			want := 0
			for i := range numbers {
				numbers[i] = i % 100
				want += numbers[i] * numbers[i]
			}
			if got := Sum(numbers, size); got != want {
				t.Fatalf("Sum = %d, want %d", got, want)
			}
		})
	}
}

func TestManyGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 200_000; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
}
`,
  'tiny/tiny_test.go': 'package tiny\n\nimport "testing"\n\nfunc TestNothing(t *testing.T) {}\n',
};

function wallMs(command: string, args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}${result.stdout.toString()}`);
  return ms;
}

function compare(packageDir: string, runs: number): { goMs: number; leaklensMs: number } {
  // dist/bench.js → dist/cli.js beside it.
  const cli = resolve(__dirname, 'cli.js');
  const goTest = () => wallMs('go', ['test', '-count=1', '.'], packageDir);
  const leaklens = () => wallMs(process.execPath, [cli, 'test', '--format', 'json', '.'], packageDir);
  goTest(); // warm the build cache for both builds (the experiment and the overlay change the build)
  leaklens();
  const go: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    go.push(goTest());
    ours.push(leaklens());
  }
  return { goMs: quantile(go, 0.5), leaklensMs: quantile(ours, 0.5) };
}

export async function benchLeaktest(options: BenchOptions): Promise<void> {
  const runs = Math.min(RUNS, options.limit ?? RUNS);
  section(`leaklens test overhead vs go test -count=1 (build cache warm, medians of ${runs} alternated runs)`);
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-bench-leaktest-'));
  try {
    for (const [name, content] of Object.entries(MODULE)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const pool = compare(join(dir, 'pool'), runs);
    figure('worker pool package: go test', `${pool.goMs.toFixed(0)} ms`);
    figure('worker pool package: leaklens test', `${pool.leaklensMs.toFixed(0)} ms`);
    const ratio = pool.leaklensMs / pool.goMs;
    figure('worker pool package: ratio', `${ratio.toFixed(2)}×`, { text: `≤ ${RATIO_BUDGET}×`, within: ratio <= RATIO_BUDGET });
    const tiny = compare(join(dir, 'tiny'), runs);
    figure('empty test: go test', `${tiny.goMs.toFixed(0)} ms`);
    figure('empty test: leaklens test', `${tiny.leaklensMs.toFixed(0)} ms`);
    figure('empty test: fixed cost (Node, go env, go list)', `${(tiny.leaklensMs - tiny.goMs).toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
