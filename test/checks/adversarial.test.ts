// Health checks under attack (issue 11, items 26, 28, 30, 31, 34, 38): each test is the adversary's input, kept as the
// reproduction. Variables that expand each other, huge and non-regular files, secrets crossing origins and reaching
// output, and many checks sharing one cancel signal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Limiter } from '../../server/src/checks/limiter';
import { hidePasswords, mask } from '../../server/src/checks/mask';
import { parseCheckFile } from '../../server/src/checks/parser';
import { isResolved, resolveBlock, resolveUrl } from '../../server/src/checks/resolve';
import { runMany } from '../../server/src/checks/run-many';
import { runCheck } from '../../server/src/checks/runner';
import { CheckSources, describeCheckFile, readSourceFile, SourceRefusedError } from '../../server/src/checks/sources';
import { MAX_CHECKS_PER_FILE, MAX_DIAGNOSTICS_PER_FILE, MAX_EXPANSION } from '../../server/src/limits';
import { startHttpServer, type TestServer } from './servers';

/** `@var v1 = {{v0}}{{v0}}{{v0}}{{v0}}`, `levels` deep: 4^levels times the first value (569 bytes for 14 levels). */
function exponentialVariables(levels: number, first: string): string {
  const lines = [`@var v0 = ${first}`];
  for (let i = 1; i <= levels; i++) lines.push(`@var v${i} = {{v${i - 1}}}{{v${i - 1}}}{{v${i - 1}}}{{v${i - 1}}}`);
  return `${lines.join('\n')}\n### bomb\nGET http://127.0.0.1:9/{{v${levels}}}\n`;
}

/** A small deterministic generator (mulberry32): property tests repeat exactly, and a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomText(next: () => number, alphabet: string, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

// No `*`: the mask is made of it, so "did the password survive?" could not be told from the output.
const PASSWORD_CHARS = 'abcXYZ019@:!$&()+,;=%-._~';
const USER_CHARS = 'abcXYZ019!$&()+,;=%-._~';

describe('variables that expand each other (item 26)', () => {
  it('a 569-byte file of 14 nested levels gets a diagnostic on the variable where it grows too big, at once', () => {
    const text = exponentialVariables(14, 'aaaa');
    assert.equal(text.length < 700, true);
    const file = parseCheckFile(text);
    const tooBig = file.diagnostics.filter((d) => /expands to more than/.test(d.message));
    assert.equal(tooBig.length, 1, JSON.stringify(file.diagnostics));
    // 4 × 4^n characters: v6 is the first over MAX_EXPANSION (16 KiB); the diagnostic sits on its name.
    const line = tooBig[0].range.start.line;
    assert.equal(text.split('\n')[line].startsWith('@var v6 '), true);
    assert.deepEqual([tooBig[0].range.start.character, tooBig[0].range.end.character], [5, 7]);
  });

  it('empty values do not escape the budget: references followed count too', () => {
    const file = parseCheckFile(exponentialVariables(14, ''));
    assert.equal(file.diagnostics.filter((d) => /expands to more than/.test(d.message)).length, 1);
  });

  it('resolving and listing the bomb stop at the budget with a clear error instead of expanding', () => {
    const file = parseCheckFile(exponentialVariables(14, 'aaaa'));
    const resolved = resolveBlock(file, file.blocks[0], 'file:///bomb.checks', () => undefined);
    assert.equal(isResolved(resolved), false);
    assert.match('error' in resolved ? resolved.error : '', new RegExp(`more than ${MAX_EXPANSION} characters`));
    const [descriptor] = describeCheckFile(file, 'file:///bomb.checks');
    assert.equal(descriptor.url, 'http://127.0.0.1:9/{{v14}}');
  });

  it('variables nested deeper than the limit are reported on the first of them', () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i === 39 ? `@var x${i} = end` : `@var x${i} = {{x${i + 1}}}`));
    const file = parseCheckFile(`${lines.join('\n')}\n### deep\nGET http://h/{{x0}}\n`);
    const deep = file.diagnostics.filter((d) => /more than 16 deep/.test(d.message));
    assert.ok(deep.length >= 1);
    assert.equal(deep[0].range.start.line, 0);
    assert.match(deep[0].message, /x0 → … → x16/);
  });
});

describe('size limits of .checks files (item 31)', () => {
  it('a text over the size limit is not parsed: one error instead of millions', () => {
    const text = 'garbage line\n'.repeat(200_000);
    const file = parseCheckFile(text, 1_000_000);
    assert.equal(file.diagnostics.length, 1);
    assert.match(file.diagnostics[0].message, /more than 1,000,000 bytes/);
    assert.equal(file.blocks.length, 0);
  });

  it('diagnostics are capped per file, the last one saying how many more there are', () => {
    const file = parseCheckFile('garbage line\n'.repeat(5_000));
    assert.equal(file.diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
    assert.match(file.diagnostics[MAX_DIAGNOSTICS_PER_FILE - 1].message, /^4801 more problems in this file are not shown/);
  });

  it('checks are capped per file, with one error at the first one left out', () => {
    const blocks = Array.from({ length: MAX_CHECKS_PER_FILE + 50 }, (_, i) => `### c${i}\nGET http://127.0.0.1:9/${i}\n`);
    const file = parseCheckFile(blocks.join('\n'));
    assert.equal(file.blocks.length, MAX_CHECKS_PER_FILE);
    const capped = file.diagnostics.filter((d) => /more than 1000 checks/.test(d.message));
    assert.equal(capped.length, 1);
    assert.equal(capped[0].range.start.line, MAX_CHECKS_PER_FILE * 3);
  });
});

describe('only regular files are read, within the limit (item 28)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-nonregular-'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.checks')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.checks'));
    fs.writeFileSync(path.join(dir, 'big.checks'), 'x'.repeat(5000));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a FIFO is refused without blocking, a symlink to /dev/zero without reading it, a big file by its size', async () => {
    await assert.rejects(readSourceFile(path.join(dir, 'fifo.checks'), 1_000_000), /not a regular file/);
    await assert.rejects(readSourceFile(path.join(dir, 'zero.checks'), 1_000_000), /not a regular file/);
    await assert.rejects(readSourceFile(path.join(dir, 'big.checks'), 4096), /5000 bytes is over the limit of 4096 bytes/);
  });

  it('listing checks of five FIFOs answers with errors, and the I/O pool is still free afterwards', async () => {
    const fifos = Array.from({ length: 5 }, (_, i) => {
      const fifo = path.join(dir, `pipe${i}.checks`);
      execFileSync('mkfifo', [fifo]);
      return pathToFileURL(fifo).href;
    });
    const sources = new CheckSources(() => undefined, () => assert.fail('no Go text here'));
    const outcomes = await Promise.allSettled(fifos.map((uri) => sources.describe(uri)));
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(outcome.status === 'rejected' && outcome.reason instanceof SourceRefusedError);
    }
    fs.writeFileSync(path.join(dir, 'fine.checks'), '### fine\nGET http://127.0.0.1:9/\n');
    const fine = await sources.describe(pathToFileURL(path.join(dir, 'fine.checks')).href);
    assert.deepEqual(fine.map((d) => d.name), ['fine']);
  });
});

describe('secrets on redirects and in output (items 30, 34)', () => {
  let origin: TestServer;
  let other: TestServer;
  before(async () => {
    origin = await startHttpServer();
    other = await startHttpServer();
  });
  after(async () => {
    await origin.close();
    await other.close();
  });

  it('a redirect to another origin drops every secret header, also those with values from the environment', async () => {
    const file = parseCheckFile(
      [
        `GET ${origin.url}/redirect?to=${encodeURIComponent(`${other.url}/ok`)}`,
        'X-Api-Key: key-123456',
        'X-Auth-Token: tok-abcdef',
        'X-Custom: {{env:LEAKLENS_TEST_SECRET}}',
        'X-Trace: visible',
        '',
      ].join('\n'),
    );
    const check = resolveBlock(file, file.blocks[0], 'file:///t.checks', (name) => (name === 'LEAKLENS_TEST_SECRET' ? 'from-the-env' : undefined));
    assert.ok(isResolved(check));
    const result = await runCheck(check);
    assert.deepEqual([result.outcome, result.redirects], ['healthy', 1]);
    const first = origin.seenHeaders[origin.seenHeaders.length - 1];
    assert.deepEqual([first['x-api-key'], first['x-auth-token'], first['x-custom']], ['key-123456', 'tok-abcdef', 'from-the-env']);
    const seen = other.seenHeaders[other.seenHeaders.length - 1];
    assert.deepEqual([seen['x-api-key'], seen['x-auth-token'], seen['x-custom'], seen['x-trace']], [undefined, undefined, undefined, 'visible']);
  });

  it('property: any URL password, @ and : included, is masked whole wherever the URL appears', () => {
    const next = random(11);
    for (let i = 0; i < 500; i++) {
      const user = randomText(next, USER_CHARS, 1, 8);
      const password = randomText(next, PASSWORD_CHARS, 1, 16);
      const url = `https://${user}:${password}@host.example/path?q=1`;
      const masked = `https://${user}:***@host.example/path?q=1`;
      assert.equal(hidePasswords(url), masked, `seed 11, case ${i}: ${url}`);
      assert.equal(mask(`GET "${url}" failed; again: ${url}`), `GET "${masked}" failed; again: ${masked}`);
      const resolved = resolveUrl(url);
      assert.equal(resolved.displayUrl, masked);
      assert.ok(!JSON.stringify({ ...resolved, url: undefined, secrets: undefined }).includes(`:${password}@`));
    }
  });

  it('property: every secret of three characters or more is gone from masked text, however it is surrounded', () => {
    const next = random(29);
    for (let i = 0; i < 500; i++) {
      const secrets = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomText(next, 'abcdef0123-_', 3, 12));
      const parts = Array.from({ length: 6 }, () => (next() < 0.5 ? secrets[Math.floor(next() * secrets.length)] : randomText(next, 'xyz /:@', 0, 5)));
      const masked = mask(parts.join(''), secrets);
      for (const secret of secrets) assert.ok(!masked.includes(secret), `seed 29, case ${i}: ${JSON.stringify({ parts, secrets, masked })}`);
    }
  });

  it('the user@password example of the issue is masked whole (it used to show "ssw0rdSECRET")', () => {
    assert.equal(hidePasswords('https://user:p@ssw0rdSECRET@api.example/x'), 'https://user:***@api.example/x');
  });

  it('a parse error about a URL never prints its password', () => {
    const file = parseCheckFile('GET ftp://deploy:hunter2-SECRET@files.example/x\n');
    assert.equal(file.diagnostics.length, 1);
    assert.match(file.diagnostics[0].message, /only http:\/\/ and https:\/\//);
    assert.ok(!file.diagnostics[0].message.includes('hunter2-SECRET'));
  });

  it('a @var used both as a secret header and in the URL is masked in the URL everywhere it is shown', () => {
    const file = parseCheckFile(`@var token = tk-0123456789\n### api\nGET ${origin.url}/ok?key={{token}}\nX-Api-Key: {{token}}\n`);
    const check = resolveBlock(file, file.blocks[0], 'file:///t.checks', () => undefined);
    assert.ok(isResolved(check));
    assert.equal(check.displayUrl, `${origin.url}/ok?key=***`);
    assert.equal(describeCheckFile(file, 'file:///t.checks')[0].url, `${origin.url}/ok?key=***`);
  });
});

describe('many checks on one cancel signal (item 38)', () => {
  let server: TestServer;
  before(async () => {
    server = await startHttpServer();
  });
  after(() => server.close());

  it('eleven or more checks print no EventTarget memory-leak warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const checks = Array.from({ length: 15 }, (_, i) => resolveUrl(`${server.url}/delay?ms=${20 + i}`));
      const results = await runMany(checks, { limiter: new Limiter(15), signal: controller.signal });
      assert.deepEqual(new Set(results.map((r) => r.outcome)), new Set(['healthy']));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(warnings.map((w) => w.name), []);
    } finally {
      process.removeListener('warning', onWarning);
    }
  });
});
