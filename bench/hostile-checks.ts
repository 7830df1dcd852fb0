// Worst cases of a .checks document under the size limit (issue 11, items 26, 31): what the server does for it on every
// edit (parse, diagnostics, lenses, the descriptors of pickers). Budget: 1 s each, the server's answer-time budget.
import { parseCheckFile } from '../server/src/checks/parser';
import { describeCheckFile } from '../server/src/checks/sources';
import { DEFAULT_MAX_FILE_SIZE, MAX_CHECKS_PER_FILE, MAX_EXPANSION } from '../server/src/limits';
import { figure, formatNumber, section, type BenchOptions } from './figures';

const BUDGET_MS = 1000;

function cases(): Array<[string, string]> {
  const bomb = ['@var v0 = aaaa', ...Array.from({ length: 14 }, (_, i) => `@var v${i + 1} = {{v${i}}}{{v${i}}}{{v${i}}}{{v${i}}}`)];
  const fullVariable = `@var a = ${'x'.repeat(MAX_EXPANSION - 100)}`;
  const heavyBlocks = Array.from({ length: MAX_CHECKS_PER_FILE }, (_, i) => `### c${i}\nGET http://h/{{a}}/${i}\nX-A: {{a}}\n`);
  const manyBlocks = [];
  for (let i = 0, size = 0; size < DEFAULT_MAX_FILE_SIZE - 100; i++) {
    const block = `### c${i}\nGET http://h/${i}\n`;
    manyBlocks.push(block);
    size += block.length + 1;
  }
  return [
    ['variables expanding each other, 14 levels', `${bomb.join('\n')}\n### bomb\nGET http://h/{{v14}}\n`],
    ['a line of garbage per line, up to the limit', 'garbage line\n'.repeat(Math.floor(DEFAULT_MAX_FILE_SIZE / 13))],
    [`${MAX_CHECKS_PER_FILE} checks using a variable at the budget`, `${fullVariable}\n${heavyBlocks.join('\n')}`],
    ['checks up to the size limit', manyBlocks.join('\n')],
  ];
}

export function benchHostileChecks(_options: BenchOptions): void {
  section('hostile .checks documents under the size limit: parse + diagnostics + descriptors');
  for (const [name, text] of cases()) {
    const started = performance.now();
    const file = parseCheckFile(text);
    describeCheckFile(file, 'file:///bench.checks');
    const ms = performance.now() - started;
    figure(`${name} (${formatNumber(text.length / 1024)} KiB)`, `${formatNumber(ms, 1)} ms`, { text: `≤ ${BUDGET_MS} ms`, within: ms <= BUDGET_MS });
  }
}
