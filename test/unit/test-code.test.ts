// Test code outside test folders (flow/test-code.ts): functions taking a *testing.T and files importing a test
// framework, and what the analyzer leaves out because of them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GoAnalyzer, summarizeFile, unparsedTestFileSummary } from '../../server/src/analysis/analyzer';
import { moduleTestCode, testCodeReason, testFrameworkImport, testFunctionRanges } from '../../server/src/analysis/flow/test-code';
import { modulePackageGraph } from '../../server/src/analysis/module-graph';

let analyzer: GoAnalyzer;
let tmp: string;
before(async () => {
  analyzer = await GoAnalyzer.create();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-test-code-'));
  fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/tally\n\ngo 1.22\n');
});
after(() => {
  analyzer.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The 1-based first lines of the test-function ranges of `text`, parsed as `file` (default: a program file). */
function testFunctionLines(text: string, file = '/src/tally/run.go'): number[] {
  const tree = analyzer.parse(text);
  try {
    return testFunctionRanges({ path: file, text, tree }).map((r) => r.start.line + 1);
  } finally {
    tree.delete();
  }
}

function reason(text: string, file = path.join(tmp, 'internal', 'tally', 'run.go')): string | undefined {
  const tree = analyzer.parse(text);
  try {
    return testCodeReason({ path: file, text, tree });
  } finally {
    tree.delete();
  }
}

describe('test functions', () => {
  it('are functions, methods and func literals taking *testing.T, *testing.B, *testing.F or testing.TB', () => {
    const text = [
      'package tally', // 1
      'import "testing"',
      'func helper(tb testing.TB, n int) {}', // 3
      'type suite struct{}',
      'func (s *suite) bench(b *testing.B) {}', // 5
      'func fuzz(f *testing.F) {}', // 6
      'func run(n int) {',
      '  _ = func(t *testing.T) {}', // 8
      '}',
      'func plain(m *testing.M, x int) {}', // 10: TestMain's handle runs no test body
    ].join('\n');
    assert.deepEqual(testFunctionLines(text), [3, 5, 6, 8]);
  });

  it('follow the name "testing" is imported under', () => {
    const aliased = 'package tally\nimport tt "testing"\nfunc a(t *tt.T) {}\nfunc b(t *testing.T) {}\n';
    assert.deepEqual(testFunctionLines(aliased), [3]);
  });

  it('count a func literal inside a test function as part of it, not on its own', () => {
    const text = 'package tally\nimport "testing"\nfunc TestX(t *testing.T) {\n  t.Run("a", func(t *testing.T) {\n    go func() {}()\n  })\n}\n';
    const ranges = (() => {
      const tree = analyzer.parse(text);
      try {
        return testFunctionRanges({ path: '/src/x.go', text, tree });
      } finally {
        tree.delete();
      }
    })();
    assert.equal(ranges.length, 1);
    assert.deepEqual([ranges[0].start.line, ranges[0].end.line], [2, 6]);
  });

  it('are not functions taking a T of another package, however it is named', () => {
    const text = 'package tally\nimport (\n  "example.com/contest"\n  testing "example.com/mytesting"\n)\nfunc a(t *contest.T) {}\nfunc b(t *testing.T) {}\n';
    assert.deepEqual(testFunctionLines(text), []);
  });
});

describe('_test.go files read without parsing', () => {
  const text = `// Package tally_test checks the counters.
package tally_test

import (
	"testing"

	"example.com/tally"
)

func TestFlush(t *testing.T) {
	c := tally.Open("x") // "Close" in a string is no mention
	for i := 0; i < 3; i++ {
		c.flush()
	}
	_ = c.writer.Buffered()
}
`;

  it('give the program files what a parsed summary gives them: package, imports, fields read, names mentioned', () => {
    const tree = analyzer.parse(text);
    try {
      const parsed = summarizeFile({ path: '/src/tally/tally_test.go', text, tree });
      const unparsed = unparsedTestFileSummary(text);
      for (const summary of [parsed, unparsed]) {
        assert.equal(summary.packageName, 'tally_test');
        assert.equal(summary.testFile, true);
        assert.ok(summary.calls.testMentions?.has('Open') && summary.calls.testMentions.has('flush'));
        assert.equal(summary.calls.testMentions?.has('Close'), false, 'a name in a string or comment is no mention');
        assert.equal(summary.calls.calls.size, 0);
      }
      assert.deepEqual(unparsed.imports, parsed.imports);
      assert.deepEqual(unparsed.fieldsRead, parsed.fieldsRead);
      assert.deepEqual(unparsed.calls, parsed.calls);
    } finally {
      tree.delete();
    }
  });
});

describe('test support files', () => {
  it('import a test framework, or a package under one', () => {
    for (const importPath of [
      'github.com/onsi/ginkgo',
      'github.com/onsi/ginkgo/v2',
      'github.com/onsi/ginkgo/v2/dsl/core',
      'github.com/onsi/gomega/gbytes',
      'github.com/stretchr/testify/require',
      'gotest.tools/v3/assert',
      'net/http/httptest',
      'github.com/ory/dockertest/v3',
      'github.com/ory/dockertest/v3/docker',
      'github.com/testcontainers/testcontainers-go',
      'github.com/testcontainers/testcontainers-go/modules/postgres',
      'github.com/crossdock/crossdock-go',
    ]) {
      assert.equal(testFrameworkImport(['os', importPath]), importPath, importPath);
    }
  });

  it('do not import only a name that starts like one', () => {
    for (const importPath of ['github.com/stretchr/testifyx', 'github.com/onsi/ginkgolike', 'example.com/httptest', 'gotest.toolsmith/x', 'testing']) {
      assert.equal(testFrameworkImport([importPath]), undefined, importPath);
    }
  });

  it('are named with what matched: the framework import or the scaffolding folder', () => {
    assert.equal(reason('package tally\nimport "github.com/stretchr/testify/require"\n'), 'test support (imports "github.com/stretchr/testify/require")');
    assert.equal(reason('package main\n', path.join(tmp, 'scripts', 'deploy', 'main.go')), 'test scaffolding (folder "scripts")');
    assert.equal(reason('package tally\nimport (\n  . "github.com/onsi/ginkgo/v2"\n)\n'), 'test support (imports "github.com/onsi/ginkgo/v2")');
    assert.equal(reason('package tally\nimport "testing"\nfunc Flags() bool { return testing.Testing() }\n'), undefined);
  });

  it('include every _test.go file, whatever it declares', () => {
    assert.equal(reason('package tally\nfunc open(p string) {}\n', path.join(tmp, 'internal', 'tally', 'run_test.go')), 'test file (only `go test` builds it)');
  });

  it("include every file of a test framework's own module, not of a module named like one", () => {
    const framework = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-framework-'));
    const lookalike = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-lookalike-'));
    try {
      fs.writeFileSync(path.join(framework, 'go.mod'), 'module gotest.tools/v3\n\ngo 1.22\n');
      fs.writeFileSync(path.join(lookalike, 'go.mod'), 'module example.com/gotest.tools\n\ngo 1.22\n');
      const code = 'package poll\nimport "net"\nfunc Connection(addr string) error { _, err := net.Dial("tcp", addr); return err }\n';
      assert.equal(reason(code, path.join(framework, 'poll', 'check.go')), 'test support (part of the test framework "gotest.tools/v3")');
      assert.equal(reason(code, path.join(lookalike, 'poll', 'check.go')), undefined);
    } finally {
      fs.rmSync(framework, { recursive: true, force: true });
      fs.rmSync(lookalike, { recursive: true, force: true });
    }
  });

  it('include files named as test doubles, not a feature named with `fake` before another word', () => {
    const dir = path.join(tmp, 'pkg', 'device');
    for (const name of ['mock.go', 'mocks.go', 'fake.go', 'fakes.go', 'Mock.go', 'mock_server.go', 'mocks_client.go', 'device_mock.go', 'nvpci_mocks.go']) {
      assert.equal(reason('package device\n', path.join(dir, name)), `test double (file "${name.toLowerCase()}")`, name);
    }
    for (const name of ['fake_ip.go', 'fakeip.go', 'mockingbird.go', 'hammock.go', 'mock.go.txt', 'unmock.go', 'device.go']) {
      assert.equal(reason('package device\n', path.join(dir, name)), undefined, name);
    }
  });

  it('include packages whose comment opens by saying they are for tests, from its first sentence only', () => {
    const saysSo = [
      '/*\nPackage goproxytest serves Go modules from a proxy server designed to run on\nlocalhost during tests, both to make tests faster.\n*/\npackage goproxytest\n',
      '// Package aetest provides an API for running dev_appserver for use in tests.\n//\n// An example test file:\npackage aetest\n',
      '// Copyright 2024 The Authors.\n\n// Package integration holds test-only code for running tests on\n// an integrated system.\npackage integration\n',
      '// Package snakeoil generates temporary certificates for testing purposes.\npackage snakeoil\n',
      '// Package memstore is an in-memory store for testing.\npackage memstore\n',
      '// Command fakes3 serves an S3 API; it is not intended for production use.\npackage main\n',
    ];
    for (const text of saysSo) assert.match(reason(text) ?? '', /^test support \(its package comment says so: "/, text);
    assert.equal(
      reason('// Package snakeoil generates temporary certificates for testing purposes.\npackage snakeoil\n'),
      'test support (its package comment says so: "Package snakeoil generates temporary certificates for testing purposes")',
    );
    const doesNot = [
      '// Package chaos provides tools for testing resilience.\npackage chaos\n',
      '// Package vegeta is a library for HTTP load testing.\npackage vegeta\n',
      '// Package store keeps jobs.\n//\n// For testing purposes a MemStore stores jobs in a map.\npackage store\n',
      '// Package store keeps jobs. A MemStore can be used in tests.\npackage store\n',
      '// Used in tests.\n\npackage store\n', // a comment a blank line above is not the package comment
      'package store\n\n// Fetch is used in tests.\nfunc Fetch() {}\n',
    ];
    for (const text of doesNot) assert.equal(reason(text), undefined, text);
  });
});

describe('code generators', () => {
  /** Writes `files` (module-relative name → text) under the temporary module. */
  const write = (files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      fs.writeFileSync(path.join(tmp, name), text);
    }
  };
  const MAIN = 'package main\n\nfunc main() {}\n';
  const mainReason = (name: string, text = MAIN): string | undefined => reason(text, path.join(tmp, name));

  before(() =>
    write({
      'gen/names/names.go': 'package names\n\n//go:generate go run ./generate -out names_gen.go\n',
      'gen/names/generate/main.go': MAIN,
      'gen/mobile/build.go': 'package mobile\n\n//go:generate go run gendex/gendex.go -o dex.go\n',
      'gen/mobile/gendex/gendex.go': MAIN,
      'gen/mobile/gendex/dex.go': 'package main\n\nfunc helper() {}\n',
      'gen/db.go': 'package gen\n\n//go:generate go run -mod=mod example.com/tally/gen/internal/codename\n',
      'gen/internal/codename/main.go': MAIN,
      'gen/strings/kinds.go': 'package strings\n\n//go:generate go run golang.org/x/tools/cmd/stringer -type Kind\n//go:generate go run ../../cmd/served\n',
      'cmd/tally/main.go': MAIN,
      'cmd/served/main.go': MAIN,
      'schema/gen.go': 'package schema\n\n//go:generate mkcodes -out codes.go\n//go:generate go run -tags gen ./render\n//go:generate fetch -o spec.json\n',
      'schema/cmd/mkcodes/main.go': MAIN,
      'schema/render/main.go': MAIN,
      'schema/cmd/fetch/v3/main.go': MAIN,
      'schema/cmd/other/main.go': MAIN,
    }),
  );

  it('are mains a go:generate line above runs by their command name (a major version folder left out), or with build flags before the package', () => {
    assert.equal(mainReason('schema/cmd/mkcodes/main.go'), 'code generator (run by //go:generate in "schema/gen.go")');
    assert.equal(mainReason('schema/render/main.go'), 'code generator (run by //go:generate in "schema/gen.go")');
    assert.equal(mainReason('schema/cmd/fetch/v3/main.go'), 'code generator (run by //go:generate in "schema/gen.go")');
    assert.equal(mainReason('schema/cmd/other/main.go'), undefined);
  });

  it('are mains run by a //go:generate go run line of their folder or a folder above, named with that file', () => {
    assert.equal(mainReason('gen/names/generate/main.go'), 'code generator (run by //go:generate in "gen/names/names.go")');
    assert.equal(mainReason('gen/mobile/gendex/gendex.go'), 'code generator (run by //go:generate in "gen/mobile/build.go")');
    assert.equal(mainReason('gen/internal/codename/main.go'), 'code generator (run by //go:generate in "gen/db.go")');
  });

  it('are not mains no go:generate line of the folders above runs, nor a package other than main', () => {
    assert.equal(mainReason('cmd/tally/main.go'), undefined);
    // `go run gendex/gendex.go` runs that file only: the folder's other files are not the generator.
    assert.equal(mainReason('gen/mobile/gendex/dex.go', 'package main\n\nfunc helper() {}\n'), undefined);
    // Run from gen/strings, a folder that is not above it: not looked for.
    assert.equal(mainReason('cmd/served/main.go'), undefined);
    assert.equal(mainReason('gen/names/generate/main.go', 'package generate\n'), undefined);
  });

  it('see a go:generate line added, changed or removed on disk (the folder scan is cached only while its files stay the same)', () => {
    write({ 'gen/later/later.go': 'package later\n', 'gen/later/tool/main.go': MAIN });
    assert.equal(mainReason('gen/later/tool/main.go'), undefined);
    write({ 'gen/later/later.go': 'package later\n\n//go:generate go run ./tool\n' });
    assert.equal(mainReason('gen/later/tool/main.go'), 'code generator (run by //go:generate in "gen/later/later.go")');
    write({ 'gen/later/later.go': 'package later\n\n//go:generate go run ./other\n' });
    assert.equal(mainReason('gen/later/tool/main.go'), undefined);
  });
});

describe('test code known from the whole module (moduleTestCode)', () => {
  const root = (): string => path.join(tmp, 'whole');
  const files: Record<string, string> = {
    'go.mod': 'module example.com/whole\n\ngo 1.22\n',
    'whole.go': 'package whole\n',
    'whole_test.go': 'package whole_test\n\nimport (\n  "example.com/whole/internal/harness"\n  "example.com/whole/internal/shared"\n  "example.com/whole/pkg/fakes"\n)\n',
    'internal/harness/harness.go': 'package harness\n\nimport "example.com/whole/internal/fakeproxy"\n',
    'internal/fakeproxy/proxy.go': 'package fakeproxy\n',
    'internal/shared/shared.go': 'package shared\n',
    'internal/selftested/selftested.go': 'package selftested\n',
    'internal/selftested/selftested_test.go': 'package selftested_test\n\nimport "example.com/whole/internal/selftested"\n',
    'pkg/fakes/fakes.go': 'package fakes\n',
    'cmd/served/main.go': 'package main\n\nimport "example.com/whole/internal/shared"\n\nfunc main() {}\n',
    'cmd/mkcodes/main.go': 'package main\n\nfunc main() {}\n',
    'api/api.go': 'package api\n\n//go:generate mkcodes -out codes.go\n',
    // A test that runs the program to build its test data does not make it a generator.
    'api/api_test.go': 'package api\n\n//go:generate go run example.com/whole/cmd/served -dump testdata/out.json\n',
  };
  /** The reasons by module-relative folder, for a run that reads every file of the module (or `holds` says which trees). */
  const reasons = (holds: (folder: string) => boolean = () => true, maxFileSize?: number): Record<string, string> => {
    const byFolder = new Map<string, string[]>();
    for (const name of Object.keys(files).filter((n) => n.endsWith('.go'))) {
      const file = path.join(root(), name);
      byFolder.set(path.dirname(file), [...(byFolder.get(path.dirname(file)) ?? []), file]);
    }
    const found = moduleTestCode(modulePackageGraph(byFolder, maxFileSize), holds);
    return Object.fromEntries([...found].map(([folder, why]) => [path.relative(root(), folder).split(path.sep).join('/'), why]));
  };
  const SUPPORT = 'test support (an internal package only tests of its module import)';

  before(() => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root(), name)), { recursive: true });
      fs.writeFileSync(path.join(root(), name), text);
    }
  });

  it('are internal packages only tests import, or only test support, and mains a go:generate line of any folder runs', () => {
    assert.deepEqual(reasons(), {
      'internal/harness': SUPPORT,
      'internal/fakeproxy': SUPPORT,
      'cmd/mkcodes': 'code generator (run by //go:generate in "api/api.go")',
    });
  });

  it('are not packages a program imports, exported ones (other modules may import them), nor those only their own tests import', () => {
    const found = reasons();
    for (const folder of ['internal/shared', 'pkg/fakes', 'internal/selftested', 'cmd/served']) assert.equal(found[folder], undefined, folder);
  });

  it('are decided only when the run holds the whole tree above internal/ and read all of it', () => {
    assert.deepEqual(Object.keys(reasons((folder) => folder !== root() && folder.startsWith(root()))), ['cmd/mkcodes']);
    // Only whole_test.go (140 bytes) is over 100 bytes: what the module's root folder imports is unknown.
    assert.deepEqual(Object.keys(reasons(() => true, 100)), ['cmd/mkcodes']);
  });

  it('are skipped by the analyzer when the run passes the reason on', () => {
    const text = 'package fakeproxy\n\nimport "os"\n\nfunc Load() {\n  f, _ := os.Open("state.json")\n  _ = f.Name()\n}\n';
    const file = path.join(root(), 'internal', 'fakeproxy', 'load.go');
    assert.equal(analyzer.analyzeText(text, file).length, 1);
    assert.deepEqual(analyzer.analyzeText(text, file, { packageTestCode: SUPPORT }), []);
    assert.equal(analyzer.analyzeText(text, file, { packageTestCode: SUPPORT, analyzeScaffolding: true }).length, 1);
  });
});

describe('the analyzer', () => {
  const leaky = (signature: string): string => `${signature} {\n  f, _ := os.Open("state.json")\n  _ = f.Name()\n}\n`;
  const text = [
    'package tally',
    'import (\n  "os"\n  tt "testing"\n)',
    leaky('func loadInTest(t *tt.T)'), // open on line 8
    leaky('func load()'), // open on line 12
    'func table(t *tt.T) {\n  t.Run("x", func(t *tt.T) {\n    f, _ := os.Open("x")\n    _ = f.Name()\n  })\n}', // open on line 17
  ].join('\n');
  const openLines = (findings: { rule: string; range: { start: { line: number } } }[]): number[] =>
    findings.filter((f) => f.rule === 'unclosed-file').map((f) => f.range.start.line + 1);

  it('reports nothing inside a function taking a *testing.T (its closures included) and the same code outside it', () => {
    assert.deepEqual(openLines(analyzer.analyzeText(text, undefined)), [12]);
  });

  it('reports in test code too with analyzeScaffolding', () => {
    assert.deepEqual(openLines(analyzer.analyzeText(text, undefined, { analyzeScaffolding: true })), [7, 12, 18]);
  });

  it('skips a file importing a test framework whole (a dot import too), unless analyzeScaffolding', () => {
    const support = text.replace('tt "testing"', 'tt "testing"\n  . "github.com/onsi/gomega"');
    const file = path.join(tmp, 'internal', 'tally', 'fakes.go');
    assert.deepEqual(openLines(analyzer.analyzeText(support, file)), []);
    assert.equal(openLines(analyzer.analyzeText(support, file, { analyzeScaffolding: true })).length, 3);
  });
});
