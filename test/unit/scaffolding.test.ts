// Test scaffolding and maintainer-script folders, judged on the module-relative folder (flow/scaffolding.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScaffoldingFolder } from '../../server/src/analysis/flow/scaffolding';

/** Is the last folder of `relative` (a module-relative folder) scaffolding, in module `moduleName`? */
function last(relative: string, moduleName = 'tally'): boolean {
  const segments = relative.split('/');
  return isScaffoldingFolder(segments, segments.length - 1, moduleName);
}

describe('isScaffoldingFolder', () => {
  it('knows the conventional test and script folders', () => {
    for (const folder of ['test', 'tests', 'testing', 'e2e', 'scripts', 'hack', 'internal/testutil', 'pkg/testutils', 'test_helpers', 'testenv', 'testingutil', 'testserver', 'examples', '_examples', 'example']) {
      assert.ok(last(folder), folder);
    }
  });

  it('knows benchmark harnesses, the crossdock test framework folder and test fixtures', () => {
    for (const folder of ['bench', 'pkg/query/bench/cmd/bench', 'benchmark', 'internal/benchmarks', 'crossdock', 'features/fixtures/gin', 'internal/fixture']) {
      const segments = folder.split('/');
      assert.ok(segments.some((_, i) => isScaffoldingFolder(segments, i, 'tally')), folder);
    }
  });

  it('knows what a package serves up to tests followed by test or testing, and names with the word harness', () => {
    for (const folder of ['app/servertest', 'mocktest', 'fake_testing', 'utiltest', 'stubs-tests', 'harness-runner', 'internal/cmd/fluxtest-harness-db', 'e2e_harness', 'test_harness']) {
      assert.ok(last(folder), folder);
    }
  });

  it('knows demo programs: demo or demos as a whole word of the folder name', () => {
    for (const folder of ['demo', 'demos', 'cmd/app-demo-p2p', 'cmd/demo-server', 'cmd/chat_demo']) assert.ok(last(folder), folder);
  });

  it('knows programs that reproduce a bug report, and test support named after what it helps test', () => {
    for (const folder of ['internal/cmd/issue-465', 'cmd/issue_15627', 'issue829', 'bugs-12', 'repro', 'cmd/repro-leak', 'fs/fstestutil', 'dbtesthelpers', 'k8stesting_utils']) {
      assert.ok(last(folder), folder);
    }
  });

  it('knows example programs named for what they show: example or examples after or before another word', () => {
    for (const folder of ['client/clientexample', 'walk_example', 'cmd/example-app', 'cmd/example-server', 'examples-updater', 'docexamples']) assert.ok(last(folder), folder);
    for (const folder of ['internal/exampleset', 'pkg/counterexamples2', 'exemplar']) assert.ok(!last(folder), folder);
  });

  it("knows a test double's package: mock, fake, or one of them after the name of what it stands in for", () => {
    for (const folder of ['mock', 'mocks', 'jcbmock', 'internal/kms_mock', 'kubernetes/fake', 'clientfakes']) assert.ok(last(folder), folder);
    for (const folder of ['internal/mockingbird', 'pkg/fakeroot', 'cmd/mocker']) assert.ok(!last(folder), folder);
  });

  it('knows a load generator as the first folder under the module root, and leaves a deeper perf package', () => {
    assert.ok(isScaffoldingFolder(['perf'], 0, 'tally'));
    assert.ok(!isScaffoldingFolder(['internal', 'perf'], 1, 'tally'));
  });

  it('knows a kind of test followed by test, and names ending in _test or -test', () => {
    for (const folder of ['envtest', 'e2etest', 'integration_tests', 'smoke-test', 'cert_test', 'tool-tests']) assert.ok(last(folder), folder);
  });

  it("knows a package's own test helpers (<name>test after the package, or after the module)", () => {
    assert.ok(last('pkg/repo/repotest'));
    assert.ok(last('lock/locktesting'));
    assert.ok(last('tallytest', 'tally'));
    assert.ok(!last('pkg/repotest'));
  });

  it('knows maintainer tools, integration-test runners and sample programs as the first folder under the module root', () => {
    for (const folder of ['tools', 'tools/license_checker', 'integration', 'integration/failpoint/cmd/runc-fp', 'Tools', 'samples', 'samples/web']) {
      const segments = folder.split('/');
      assert.ok(isScaffoldingFolder(segments, 0, 'tally'), folder);
    }
  });

  it('leaves tools, integration and samples folders deeper in the module: they are the program', () => {
    for (const folder of ['internal/tools', 'pkg/integration', 'pkg/integration/slack', 'cmd/tools', 'storage/samples']) {
      const segments = folder.split('/');
      assert.ok(segments.every((_, i) => !isScaffoldingFolder(segments, i, 'tally')), folder);
    }
  });

  it('leaves program folders that only end in the letters, and integrations', () => {
    for (const folder of ['internal/contest', 'internal/latest', 'cmd/speedtest', 'internal/integration', 'testjson', 'tester', 'internal/harnesses', 'pkg/integrations/harness', 'benchstat', 'observertest', 'proxy/dokodemo', 'cmd/bankdemo', 'internal/demotion', 'internal/issues', 'cmd/issuer', 'internal/reproject', 'testutilities']) {
      assert.ok(!last(folder), folder);
    }
  });
});
