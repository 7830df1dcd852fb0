// SARIF 2.1.0 for `leaklens test`, in the style of format-sarif.ts: a leak group is a runtime-goroutine-leak result at
// its blocking line with the `go` statement as related location; each hung goroutine is a runtime-hang result.
import type { LeakTestReport, SourceLocation } from '../../../shared/src/leaktest/report';
import { folderUri, SARIF_SCHEMA, SOURCE_ROOT } from './format-sarif';
import { leakMessage } from './test-format-text';
import { LEAKLENS_VERSION } from './usage';

const RULES = [
  { id: 'runtime-goroutine-leak', summary: 'Goroutines blocked forever after the tests ended (found by running the tests).' },
  { id: 'runtime-hang', summary: 'Tests that did not finish: goroutines blocked when the watchdog stopped them.' },
] as const;

export function formatTestSarif(report: LeakTestReport, workingDirectory: string): string {
  const location = (at: SourceLocation) => ({
    physicalLocation: {
      artifactLocation: { uri: at.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT },
      region: { startLine: at.line },
    },
    logicalLocations: [{ fullyQualifiedName: at.function, kind: 'function' }],
  });
  const level = report.mode === 'proven' ? 'error' : 'warning';
  const results = report.packages.flatMap((pkg) => [
    ...pkg.leaks.map((leak) => ({
      ruleId: RULES[0].id,
      ruleIndex: 0,
      level,
      message: { text: `${leakMessage(leak, report)} (${pkg.package})` },
      locations: [location(leak.blockedAt)],
      relatedLocations: leak.createdAt ? [{ id: 0, ...location(leak.createdAt), message: { text: 'created here' } }] : [],
    })),
    ...(pkg.hang?.goroutines ?? []).map((g) => ({
      ruleId: RULES[1].id,
      ruleIndex: 1,
      level: 'error',
      message: { text: `blocked on ${g.state} when the tests of ${pkg.package} were stopped after ${Math.round(pkg.hang!.afterMs / 1000)}s` },
      locations: [location(g.blockedAt)],
      relatedLocations: g.createdAt ? [{ id: 0, ...location(g.createdAt), message: { text: 'created here' } }] : [],
    })),
  ]);
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'LeakLens',
            version: LEAKLENS_VERSION,
            rules: RULES.map((r) => ({ id: r.id, name: r.id, shortDescription: { text: r.summary }, defaultConfiguration: { level: 'error' } })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(workingDirectory) } },
        properties: { go: report.go, mode: report.mode },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
