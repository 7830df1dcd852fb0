// The command line of `leaklens test`: defaults, Go durations, and go test flags after `--`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoDuration, parseTestArgs } from '../../server/src/cli/test';
import { UsageError } from '../../server/src/cli/usage';
import { buildFlagsOf } from '../../shared/src/leaktest/packages';

describe('parseTestArgs', () => {
  it('defaults: ./..., count 1, 60 s, text', () => {
    const options = parseTestArgs([]);
    assert.deepEqual(
      [options.patterns, options.count, options.timeoutMs, options.format, options.isolate, options.run, options.goTestFlags],
      [['./...'], 1, 60_000, 'text', false, undefined, []],
    );
  });

  it('keeps everything after -- for go test, options included', () => {
    const options = parseTestArgs(['--run=^TestA$', '--count', '5', './a', '--', '-race', '-tags', 'x', '--count', '2']);
    assert.deepEqual([options.patterns, options.run, options.count, options.goTestFlags], [['./a'], '^TestA$', 5, ['-race', '-tags', 'x', '--count', '2']]);
  });

  it('rejects unknown options and bad values with a UsageError', () => {
    for (const args of [['--bogus'], ['--count', '1.5'], ['--count', '0'], ['--format', 'xml'], ['--timeout', '10'], ['--run', ''], ['--count']]) {
      assert.throws(() => parseTestArgs(args), UsageError, args.join(' '));
    }
  });
});

describe('parseGoDuration', () => {
  it('reads Go durations', () => {
    assert.deepEqual(['90s', '2m', '1m30s', '500ms', '1h', '1.5s'].map(parseGoDuration), [90_000, 120_000, 90_000, 500, 3_600_000, 1500]);
  });
});

describe('buildFlagsOf', () => {
  it('takes the flags that change which files go list sees, with their values', () => {
    assert.deepEqual(buildFlagsOf(['-v', '-tags', 'a,b', '-race', '--tags=c', '-run', 'X', '-mod=vendor', '-short']), ['-tags', 'a,b', '-race', '-tags=c', '-mod=vendor']);
  });
});
