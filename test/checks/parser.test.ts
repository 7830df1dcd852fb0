// The check-file parser: the documented example, every diagnostic with its exact range, and template expansion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCheckFile, parseDuration } from '../../server/src/checks/parser';
import { isResolved, resolveBlock } from '../../server/src/checks/resolve';
import { expand, TemplateError } from '../../server/src/checks/template';

const EXAMPLE = `# comments start with # or //
// like this
@var base = https://api.example.com
### api health
GET {{base}}/healthz
Authorization: Bearer {{env:API_TOKEN}}
@expect status 200-299
@expect body contains "ok"
@expect latency < 500ms
@timeout 2s

### submit
POST {{base}}/jobs
Content-Type: application/json

{"dry_run": true}

### bare
https://status.example.com/ping
`;

/** Diagnostics as compact tuples: [line, startCol, endCol, message]. */
function diagnosticsOf(text: string): Array<[number, number, number, string]> {
  return parseCheckFile(text).diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message]);
}

describe('check-file parser', () => {
  it('parses the README example: blocks, requests, headers, expectations, timeout, body', () => {
    const file = parseCheckFile(EXAMPLE);
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual([...file.variables.keys()], ['base']);
    assert.deepEqual(file.blocks.map((b) => b.name), ['api health', 'submit', 'bare']);
    const [health, submit, bare] = file.blocks;
    assert.equal(health.request?.method, 'GET');
    assert.deepEqual(health.request?.url, { text: '{{base}}/healthz', line: 4, character: 4 });
    assert.deepEqual(health.headRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 14 } });
    assert.deepEqual(health.range, { start: { line: 3, character: 0 }, end: { line: 9, character: 11 } });
    assert.deepEqual(health.headers.map((h) => [h.name, h.value.text]), [['Authorization', 'Bearer {{env:API_TOKEN}}']]);
    assert.deepEqual(
      health.expectations.map((e) => e.kind),
      ['status', 'bodyContains', 'latency'],
    );
    assert.deepEqual(health.expectations[0].kind === 'status' && health.expectations[0].ranges, [[200, 299]]);
    assert.equal(health.expectations[2].kind === 'latency' && health.expectations[2].belowMs, 500);
    assert.equal(health.timeoutMs, 2000);
    assert.equal(submit.request?.method, 'POST');
    assert.deepEqual(submit.body.map((l) => l.text), ['{"dry_run": true}']);
    assert.equal(submit.range.end.line, 15);
    assert.equal(bare.request?.method, 'GET');
    assert.equal(bare.request?.url.text, 'https://status.example.com/ping');
  });

  it('resolves variables and environment values, keeping secrets out of the display form', () => {
    const file = parseCheckFile(EXAMPLE);
    const check = resolveBlock(file, file.blocks[0], 'file:///w/api.checks', (name) => (name === 'API_TOKEN' ? 's3cr3t-value' : undefined));
    assert.ok(isResolved(check));
    assert.equal(check.url, 'https://api.example.com/healthz');
    assert.equal(check.displayUrl, 'https://api.example.com/healthz');
    assert.deepEqual(check.headers, [['Authorization', 'Bearer s3cr3t-value']]);
    assert.ok(check.secrets.includes('s3cr3t-value'));
    assert.deepEqual(check.statusRanges, [[200, 299]]);
    assert.equal(check.timeoutMs, 2000);
    assert.equal(check.id, 'file:///w/api.checks#api health');
  });

  it('defaults: healthy on 200-399, no timeout of its own', () => {
    const file = parseCheckFile('### x\nGET https://a.example/\n');
    const check = resolveBlock(file, file.blocks[0], 'file:///x.checks', () => undefined);
    assert.ok(isResolved(check));
    assert.deepEqual(check.statusRanges, [[200, 399]]);
    assert.equal(check.timeoutMs, undefined);
  });

  it('an unnamed request before the first ### is a block named by its request', () => {
    const file = parseCheckFile('@var h = http://127.0.0.1:1\nHEAD {{h}}/x\n### second\nGET {{h}}/y\n');
    assert.deepEqual(file.blocks.map((b) => b.name), ['HEAD {{h}}/x', 'second']);
  });

  it('reports an unknown directive on the directive word', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n  @retry 3\n'), [
      [2, 2, 8, 'unknown directive @retry (expected @var, @expect or @timeout)'],
    ]);
  });

  it('reports a bad URL on the URL', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET ftp://a.example/\n'), [[1, 4, 20, 'bad URL "ftp://a.example/": only http:// and https:// URLs can be checked']]);
    assert.deepEqual(diagnosticsOf('### a\nGET http://\n'), [[1, 4, 11, 'bad URL "http://": not a valid absolute URL']]);
    assert.deepEqual(diagnosticsOf('@var p = /path\n### a\nGET {{p}}/x\n'), [[2, 4, 11, 'bad URL "{{p}}/x": not a valid absolute URL']]);
  });

  it('accepts a URL whose scheme and host come from the environment', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET {{env:BASE_URL}}/health\n'), []);
  });

  it('reports an undefined variable on the reference, and never mistakes env references for variables', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/{{nope}}\nX-Id: {{env:ID}} {{other}}\n'), [
      [1, 22, 30, 'undefined variable nope (define it with "@var nope = …")'],
      [2, 17, 26, 'undefined variable other (define it with "@var other = …")'],
    ]);
  });

  it('reports bad status ranges precisely', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@expect status 200, 299-200\n'), [
      [2, 20, 27, 'bad status range 299-200: the start is after the end'],
    ]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@expect status 700\n'), [[2, 15, 18, 'bad status 700: HTTP statuses are 100-599']]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@expect status ok\n'), [
      [2, 15, 17, 'bad status "ok": expected a status like 200, a range like 200-299, or a class like 2xx'],
    ]);
    const file = parseCheckFile('### a\nGET https://a.example/\n@expect status 2xx, 304\n');
    assert.deepEqual(file.blocks[0].expectations[0].kind === 'status' && file.blocks[0].expectations[0].ranges, [[200, 299], [304, 304]]);
  });

  it('reports bad timeouts, latencies, expectations and request lines', () => {
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@timeout soon\n'), [
      [2, 9, 13, 'bad timeout "soon": expected a duration like 500ms or 2s, at most 10 minutes'],
    ]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@expect latency > 5ms\n'), [
      [2, 16, 21, 'bad latency bound "> 5ms": expected "< 500ms" or "< 2s"'],
    ]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\n@expect header x\n'), [
      [2, 8, 16, 'unknown expectation (expected "status 200-299", "body contains \\"text\\"" or "latency < 500ms")'],
    ]);
    assert.deepEqual(diagnosticsOf('### a\nFETCH https://a.example/\n'), [[1, 0, 5, 'unknown method FETCH (expected GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)']]);
    assert.deepEqual(diagnosticsOf('### a\nhello there\n'), [[1, 0, 11, 'expected a request line: METHOD URL (or a bare URL for GET)']]);
    assert.deepEqual(diagnosticsOf('### empty\n# nothing here\n'), [[0, 0, 9, 'check "empty" has no request line (METHOD URL)']]);
    assert.deepEqual(diagnosticsOf('@expect status 200\n'), [[0, 0, 7, '@expect must be inside a check block (after a ### line)']]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/\nnot a header\n'), [
      [2, 0, 12, 'expected a header "Name: value", a directive, or a blank line before the body'],
    ]);
  });

  it('reports variable mistakes: redefinition, cycles, malformed and unclosed references', () => {
    assert.deepEqual(diagnosticsOf('@var a = 1\n@var a = 2\n'), [[1, 5, 6, 'variable a is already defined on line 1']]);
    assert.deepEqual(diagnosticsOf('@var a = {{b}}\n@var b = {{a}}\n'), [[0, 5, 6, 'variables refer to each other in a cycle: a → b → a']]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/{{env:}}\n'), [[1, 22, 30, 'expected {{env:NAME}} with a valid environment variable name']]);
    assert.deepEqual(diagnosticsOf('### a\nGET https://a.example/{{oops\n'), [[1, 22, 28, 'a "{{" is never closed with "}}"']]);
    assert.deepEqual(diagnosticsOf('@var broken\n'), [[0, 5, 11, 'expected "@var name = value"']]);
  });

  it('warns about two checks with the same name', () => {
    const file = parseCheckFile('### a\nGET https://a.example/\n### a\nGET https://b.example/\n');
    assert.deepEqual(
      file.diagnostics.map((d) => [d.severity, d.range.start.line, d.message]),
      [['warning', 2, 'another check is already named "a" (line 1); results of the two would mix']],
    );
  });

  it('keeps # lines and blank lines inside a body, drops trailing blank lines, handles CRLF', () => {
    const file = parseCheckFile('### a\r\nPOST https://a.example/\r\n\r\nline 1\r\n\r\n# not a comment here\r\n\r\n\r\n### b\r\nGET https://b.example/\r\n');
    assert.deepEqual(file.blocks[0].body.map((l) => l.text), ['line 1', '', '# not a comment here']);
    assert.equal(file.blocks[0].range.end.line, 5);
  });

  it('never throws on arbitrary input', () => {
    const samples = ['', '###', '@', '@@@', '{{', '}}{{', '### x\n\n\n', 'GET', '\u0000\uffff', '### a\nGET {{a}}{{b}}\n'.repeat(50)];
    for (const sample of samples) assert.doesNotThrow(() => parseCheckFile(sample));
  });

  it('parses durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('2s'), 2000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('250'), 250);
    assert.equal(parseDuration('1m'), 60_000);
    assert.equal(parseDuration('fast'), undefined);
  });

  it('expands templates with display forms and fails with names only', () => {
    const vars = new Map([['token', '{{env:T}}'], ['base', 'https://h']]);
    const out = expand('{{base}}/x?k={{token}}', vars, (n) => (n === 'T' ? 'abc123' : undefined));
    assert.deepEqual(out, { value: 'https://h/x?k=abc123', display: 'https://h/x?k={{env:T}}', secrets: ['abc123'] });
    assert.throws(() => expand('{{env:MISSING}}', vars, () => undefined), (err: unknown) => err instanceof TemplateError && err.message === 'environment variable MISSING is not set');
    assert.throws(() => expand('{{a}}', new Map([['a', '{{a}}']]), () => undefined), /cycle/);
  });
});

describe('the README example', () => {
  it('parses without a single diagnostic', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section: health-checks -->'));
    const example = /```\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example, 'the health-checks section has a code block');
    const file = parseCheckFile(example);
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(file.blocks.map((b) => b.name), ['api health', 'submit', 'status page']);
  });
});
