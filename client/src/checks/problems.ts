// Which check results also go to the Problems panel. Problems is for code problems: a check that failed because a
// service (or the network) is down says nothing about the code, so by default results stay inline, in the Health Checks
// view and the status bar. `leaklens.checks.showInProblems` adds failed and unhealthy checks there, as information.
// Pure (no VS Code): unit-tested.
import type { CheckResult } from '../../../server/src/protocol/checks';
import type { Range } from '../../../server/src/analysis/types';
import { HEALTH_CHECK_DIAGNOSTIC_CODE } from '../../../server/src/protocol/ids';

export const SHOW_IN_PROBLEMS_SETTING = 'showInProblems';

export interface ProblemEntry {
  uri: string;
  range: Range;
  message: string;
  code: typeof HEALTH_CHECK_DIAGNOSTIC_CODE;
}

/** Entries for the latest results; none unless the setting is on. Healthy and detached (edited) results give none. */
export function problemEntries(latest: readonly CheckResult[], showInProblems: boolean): ProblemEntry[] {
  if (!showInProblems) return [];
  return latest.flatMap((result) => {
    if (!result.anchor || result.outcome === 'healthy') return [];
    const why = result.error ?? result.failedAssertions.join('; ');
    return [
      {
        uri: result.anchor.uri,
        range: result.anchor.blockRange ?? result.anchor.range,
        message: `Health check "${result.name}" ${result.outcome === 'failed' ? 'failed' : 'is unhealthy'}: ${why}`,
        code: HEALTH_CHECK_DIAGNOSTIC_CODE,
      },
    ];
  });
}
