// "Is this file part of the program users run?": a package whose folder, relative to its module's root (the folder of
// the nearest go.mod), lies under a test-harness or maintainer-script folder by Go convention (`test/`, `e2e/`,
// `internal/testutil/`, `caddytest/`, `scripts/`, `hack/`, `bench/`) is scaffolding: an integration-test helper, a perf
// harness, a code generator run by hand. So is an `examples/` folder: demo programs that document the module, run by
// hand for a moment, not the program its users run; so is a folder named as a demo (`demo`, `<name>-demo-<variant>`)
// or as the reproduction of a bug report (`internal/cmd/issue-465`).
// So are `tools/`, `integration/` and `samples/` directly under the module root: maintainer tools (a license checker,
// a release builder), integration-test runners and sample programs; deeper down the same names are part of the
// program (`internal/tools`, `pkg/integration/slack`). It runs in short-lived processes (a test binary, `go run`), like
// a `_test.go` file or a `//go:build ignore` script, so what it leaves open or blocked is gone when that process ends a
// moment later.
// Judged on the module-relative folder only: a module that itself lives under `test/` (a fixture with its own go.mod)
// is a program like any other, and a file without a go.mod above it is never scaffolding.
import { moduleRelativeFolder } from '../gomod';
import type { GoFile } from '../rule';

/**
 * Folder names that hold test harnesses, benchmark harnesses, maintainer scripts and demo programs, whole, wherever
 * they are; `crossdock` is where the crossdock cross-service test framework keeps its test containers, `fixtures`
 * where tests keep the apps and data they drive. Not
 * `integration` (a program's integrations with other services live there: `internal/integration/slack`).
 */
const SCAFFOLDING_FOLDERS: ReadonlySet<string> = new Set([
  'test',
  'tests',
  'testing',
  'e2e',
  'scripts',
  'script',
  'hack',
  'examples',
  'example',
  '_examples',
  'bench',
  'benchmark',
  'benchmarks',
  'crossdock',
  // Programs and data that tests drive (an error reporter's Cucumber `features/fixtures/<framework>/main.go` apps).
  'fixtures',
  'fixture',
]);

/**
 * Folder names that hold maintainer tools and integration-test runners only as the first folder under the module root
 * (`tools/license_checker`, `integration/failpoint`): a module's top level is where its maintainers put what they run
 * around the program, its sample programs (`samples/web`), demo programs like those under `examples/`, and its load
 * generators (`perf/`, a client library's benchmark CLI, like `bench/`). Deeper, a package named so is the program's
 * own (`internal/tools`, `pkg/integration/slack`, a TSDB's `storage/samples`, a daemon's `internal/perf` counters).
 */
const ROOT_SCAFFOLDING_FOLDERS: ReadonlySet<string> = new Set(['tools', 'integration', 'samples', 'perf']);

/**
 * `test` or `testing` followed by what a test-support folder is called: `testutil`, `test_helpers`, `testingutil`,
 * `testenv`; also after the name of what it helps test (`fstestutil`, `dbtesthelpers`).
 */
const TEST_SUPPORT = /^[a-z0-9]*test(?:ing)?[-_]?(?:util|utils|helper|helpers|help|env|lib|libs|suite|suites|support|kit|harness|framework|common|infra|server|fixtures|mock|mocks)$/;

/** The same, the other way round: what it serves up to tests, then `test`/`testing` (`servertest`, `mock_testing`). */
const SUPPORT_FOR_TESTS = /^(?:util|utils|helper|helpers|lib|libs|suite|support|kit|framework|infra|server|fixture|fixtures|mock|mocks|fake|fakes|stub|stubs)[-_]?test(?:s|ing)?$/;

/**
 * A name with `harness` as one of two or more `-`/`_` separated words: `fluxtest-harness-influxdb`, `e2e_harness`. Not
 * `harness` alone: it may name the CI product a program integrates with.
 */
const HARNESS = /(?:[-_]harness(?:$|[-_])|^harness[-_])/;

/**
 * `demo` or `demos` as a whole `-`/`_` separated word: `demo`, `demo-server`, `app-demo-p2p`. A demo program shows the
 * module off and is run by hand for a while, like one under `examples/`. A word that only holds those letters
 * (`dokodemo`, `bankdemo`) names something else.
 */
const DEMO = /(?:^|[-_])demos?(?:$|[-_])/;

/**
 * A test double's package: `mock`, `mocks`, `fake`, `fakes`, or one of them after the name of what it stands in for
 * (`jcbmock`, `kms_mock`, `clientfakes`). It exists for tests: a program's own code does not call a fake.
 */
const TEST_DOUBLE = /^(?:[a-z0-9]+[-_]?)?(?:mocks?|fakes?)$/;

/**
 * An example program named for what it shows: `example` or `examples` after or before another word (`clientexample`,
 * `walk_example`, `example-app`, `examples-updater`). Like one under `examples/`, it documents the module and is run
 * by hand; its calls of the module's functions say nothing of how often the module's users make them.
 */
const EXAMPLE = /^(?:[a-z0-9]+[-_]?examples?|examples?[-_][a-z0-9][-_a-z0-9]*)$/;

/**
 * A program written to reproduce one bug report, named after it: `issue-465`, `issue_15627`, `issue829`, `bug-12`,
 * `repro`, `repro-leak`. It is run by hand until the bug is understood, like a demo.
 */
const REPRODUCER = /^(?:(?:issue|bug)s?[-_]?\d+|repro(?:[-_].*)?)$/;

/**
 * A kind of test followed by `test`/`tests`: `e2etest`, `integration_tests`, `envtest`, `smoke-test`; or any name with
 * `_test`/`-test` at its end (`cert_test`, `tool-tests`). A word that only ends in those letters (`contest`, `latest`,
 * `speedtest`) names something else.
 */
const KIND_OF_TEST = /^(?:(?:e2e|env|integration|unit|smoke|acc|acceptance|func|functional|system|perf|stress|load|fuzz|conformance|regression|interop|chaos)[-_]?|.+[-_])tests?$/;

/**
 * Is the folder `segments[i]` (a module-relative folder split into names) test scaffolding or maintainer scripts
 * (`tools` and `integration` only as the first folder, `i === 0`)? Also
 * the standard library's convention for a package's test helpers, `<name>test` or `<name>testing` after the package
 * it helps (net/http/httptest): `pkg/repo/repotest`, `lock/locktesting`, and `caddytest` in module …/caddy/v2.
 */
export function isScaffoldingFolder(segments: readonly string[], i: number, moduleName: string): boolean {
  const name = segments[i].toLowerCase();
  if (SCAFFOLDING_FOLDERS.has(name) || TEST_SUPPORT.test(name) || SUPPORT_FOR_TESTS.test(name) || KIND_OF_TEST.test(name) || HARNESS.test(name) || DEMO.test(name) || EXAMPLE.test(name) || REPRODUCER.test(name) || TEST_DOUBLE.test(name)) return true;
  if (i === 0 && ROOT_SCAFFOLDING_FOLDERS.has(name)) return true;
  const helped = /^(.+?)(?:test|testing)$/.exec(name)?.[1];
  return helped !== undefined && (helped === moduleName.toLowerCase() || helped === segments[i - 1]?.toLowerCase());
}

/**
 * The module-relative folder that makes `file` scaffolding (`scripts`, `internal/testutil`), or undefined when its
 * package is not under one (see the top of this file). The module is gomod.ts's lookup, cached per folder and dropped
 * with it when a go.mod changes.
 */
export function scaffoldingFolder(file: Pick<GoFile, 'path'>): string | undefined {
  const within = moduleRelativeFolder(file.path);
  if (!within) return undefined;
  const { module, segments } = within;
  const moduleName = module.path.split('/').filter((s) => !/^v\d+$/.test(s)).pop() ?? '';
  const match = segments.findIndex((_, i) => isScaffoldingFolder(segments, i, moduleName));
  return match < 0 ? undefined : segments.slice(0, match + 1).join('/');
}
