// `leaklens check` as a real process: output formats, exit codes, rule selection, path handling.
// Most runs select the rules they exercise (--rules), so that the assertions depend on those rules only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CLEAN,
  LEAKY_BODY,
  LEAKY_BODY_LINE,
  LEAKY_FILE,
  LEAKY_FILE_LINE,
  makeWorkspace,
  removeWorkspace,
  REPO_ROOT,
  runCli,
  type JsonReport,
} from './run-cli';

const BODY_AND_FILE = ['--rules', 'unclosed-body,unclosed-file'];

let ws: string;
before(() => {
  ws = makeWorkspace({
    'go.mod': 'module example.com/ws\n\ngo 1.22\n',
    'cmd/fetch/main.go': LEAKY_BODY,
    'cmd/size/main.go': LEAKY_FILE,
    'clean/main.go': CLEAN,
    'empty/main.go': 'package main\n\nfunc main() {}\n',
    'vendor/x/leak.go': LEAKY_BODY,
    'testdata/leak.go': LEAKY_BODY,
    'node_modules/m/leak.go': LEAKY_BODY,
    '.git/leak.go': LEAKY_BODY,
    'notes.txt': 'not go',
  });
});
after(() => removeWorkspace(ws));

describe('leaklens check: exit codes', () => {
  it('exits 0 with no output on stdout when there are no findings', async () => {
    const r = await runCli(['check', 'clean', 'empty'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no findings \(2 files analysed\)/);
  });

  it('exits 1 when there are findings', async () => {
    const r = await runCli(['check', ...BODY_AND_FILE, 'cmd'], ws);
    assert.equal(r.code, 1, r.stderr);
  });

  it('exits 2 with a message for a path that does not exist, and still analyses the others', async () => {
    const r = await runCli(['check', '--format', 'json', ...BODY_AND_FILE, 'no/such/dir', 'cmd'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no\/such\/dir: no such file or folder/);
    assert.equal((JSON.parse(r.stdout) as JsonReport).filesAnalyzed, 2);
  });

  it('exits 2 for an unknown rule, an unknown option, a bad format and a missing command', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--rules', 'unclosed-body,nope'], /unknown rule "nope"/],
      [['check', '--disable', 'leak'], /unknown rule "leak"/],
      [['check', '--frmat', 'json'], /unknown option --frmat/],
      [['check', '--format', 'xml'], /--format must be one of text, json, sarif, not "xml"/],
      [['check', '--max-file-size', 'big'], /--max-file-size needs a whole number ≥ 1, not "big"/],
      [['check', '--help=yes'], /--help takes no value/],
      [['check', '--format'], /--format needs a value/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [[], /Usage:/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, ws);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('answers --help and --version with exit 0', async () => {
    const help = await runCli(['check', '--help'], ws);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format text\|json\|sarif/);
    const version = await runCli(['--version'], ws);
    assert.equal(version.code, 0);
    const manifest = JSON.parse(fs.readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), manifest.version);
  });
});

describe('leaklens check: formats', () => {
  it('text: one file:line:col: rule: message line per finding, relative paths with /', async () => {
    const r = await runCli(['check', ...BODY_AND_FILE], ws);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0], new RegExp(`^cmd/fetch/main\\.go:${LEAKY_BODY_LINE}:\\d+: unclosed-body: \\S.*$`));
    assert.match(lines[1], new RegExp(`^cmd/size/main\\.go:${LEAKY_FILE_LINE}:\\d+: unclosed-file: \\S.*$`));
    assert.match(r.stderr, /2 findings in 2 files \(4 files analysed\)/);
  });

  it('json: exactly the documented shape, 1-based positions, vendor/testdata/node_modules/.git skipped', async () => {
    const r = await runCli(['check', '--format', 'json', ...BODY_AND_FILE, '.'], ws);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(Object.keys(report), ['version', 'filesAnalyzed', 'findings']);
    assert.equal(report.version, 1);
    assert.equal(report.filesAnalyzed, 4);
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.line, f.rule]),
      [
        ['cmd/fetch/main.go', LEAKY_BODY_LINE, 'unclosed-body'],
        ['cmd/size/main.go', LEAKY_FILE_LINE, 'unclosed-file'],
      ],
    );
    const source = LEAKY_BODY.split('\n');
    for (const f of report.findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message']);
      assert.ok(f.column >= 1 && f.endLine >= f.line, JSON.stringify(f));
      assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity));
      assert.ok(f.message.length > 10);
    }
    // 1-based: the finding's column points into the acquiring line, not one before it.
    const body = report.findings[0];
    assert.ok(body.column - 1 < source[body.line - 1].length);
    assert.notEqual(source[body.line - 1].slice(body.column - 1).trim(), '');
  });

  it('sarif: a 2.1.0 log with one rule per id, help links, relative URIs and 1-based regions', async () => {
    const r = await runCli(['check', '--format', 'sarif', ...BODY_AND_FILE, 'cmd'], ws);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'LeakLens');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    assert.equal(new Set(ids).size, ids.length, 'one descriptor per rule id');
    assert.ok(ids.includes('unclosed-body') && ids.includes('unclosed-file') && ids.includes('unused-suppression'));
    for (const rule of driver.rules.filter((d: { id: string }) => d.id !== 'unused-suppression')) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.match(rule.helpUri, /^file:\/\/.+/, rule.id);
      assert.match(rule.help.markdown, new RegExp(`^# ${rule.id}`), rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
    }
    assert.match(driver.rules[ids.indexOf('unclosed-body')].helpUri, /docs\/rules\/unclosed-body\.md$/);
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
    assert.equal(run.results.length, 2);
    for (const result of run.results) {
      assert.equal(ids[result.ruleIndex], result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.ok(result.message.text.length > 0);
      const physical = result.locations[0].physicalLocation;
      assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.match(physical.artifactLocation.uri, /^cmd\/(fetch|size)\/main\.go$/);
      assert.ok(physical.region.startLine >= 1 && physical.region.startColumn >= 1);
      assert.ok(Array.isArray(result.relatedLocations));
    }
    const bodyResult = run.results.find((x: { ruleId: string }) => x.ruleId === 'unclosed-body');
    assert.equal(bodyResult.locations[0].physicalLocation.region.startLine, LEAKY_BODY_LINE);
  });
});

describe('leaklens check: rule selection', () => {
  it('--rules runs only the named rules', async () => {
    const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-file', 'cmd'], ws);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => f.rule), ['unclosed-file']);
    assert.equal(r.code, 1);
  });

  it('--disable removes rules, also from a --rules selection', async () => {
    const r = await runCli(['check', '--format', 'json', ...BODY_AND_FILE, '--disable=unclosed-file', 'cmd'], ws);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.rule), ['unclosed-body']);
    const none = await runCli(['check', '--rules', 'unclosed-body', '--disable', 'unclosed-body', 'cmd'], ws);
    assert.equal(none.code, 0, none.stderr);
  });

  it('names a file directly, and analyses a file named twice once', async () => {
    const r = await runCli(['check', '--format', 'json', ...BODY_AND_FILE, 'cmd/size/main.go', 'cmd/size'], ws);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.filesAnalyzed, 1);
    assert.deepEqual(report.findings.map((f) => f.file), ['cmd/size/main.go']);
  });
});

describe('leaklens check: test code', () => {
  let testWs: string;
  before(() => {
    testWs = makeWorkspace({
      'go.mod': 'module example.com/ws\n\ngo 1.22\n',
      'cmd/size/main.go': LEAKY_FILE,
      // A test helper that leaks, in a _test.go file: only `go test` builds it.
      'cmd/size/size_test.go': LEAKY_FILE.replace(/\bsize\(/g, 'fixtureSize('),
      // A leaky file a tool generated: never analysed, only summarised for its siblings.
      'cmd/size/zz_generated.go': `// Code generated by sizegen. DO NOT EDIT.\n\n${LEAKY_FILE.replace('func size(', 'func generatedSize(')}`,
      'scripts/size/main.go': LEAKY_FILE,
      'internal/support/support.go': LEAKY_FILE.replace('import "os"', 'import (\n\t"os"\n\t_ "net/http/httptest"\n)'),
      'internal/names/names.go': 'package names\n\n//go:generate go run ./generate\n',
      'internal/names/generate/main.go': LEAKY_FILE,
    });
  });
  after(() => removeWorkspace(testWs));
  const fileFindings = async (args: string[]): Promise<string[]> => {
    const r = await runCli(['check', '--format', 'json', '--rules', 'unclosed-file', ...args], testWs);
    return (JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.file).sort();
  };

  it('skips _test.go files, scaffolding folders, files importing a test framework and code generators by default', async () => {
    assert.deepEqual(await fileFindings([]), ['cmd/size/main.go']);
    assert.deepEqual(await fileFindings(['cmd/size/size_test.go']), []);
    assert.deepEqual(await fileFindings(['--include-scaffolding', 'cmd/size/zz_generated.go']), []);
  });

  it('--include-scaffolding analyses them too', async () => {
    assert.deepEqual(await fileFindings(['--include-scaffolding']), [
      'cmd/size/main.go',
      'cmd/size/size_test.go',
      'internal/names/generate/main.go',
      'internal/support/support.go',
      'scripts/size/main.go',
    ]);
  });

  it('lists --include-scaffolding in --help', async () => {
    assert.match((await runCli(['check', '--help'], ws)).stdout, /--include-scaffolding/);
  });
});
