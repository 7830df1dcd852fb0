// Ids both sides of the client–server seam must spell the same: the diagnostic source and codes the client filters
// and merges on. Imported by the server and the VS Code client, so neither can drift from the other.

/** `source` of every LeakLens diagnostic (Go findings, check-file problems, health-check results in Problems). */
export const DIAGNOSTIC_SOURCE = 'leaklens';

/** `code` of a problem in a *.checks file (syntax, undefined variable, …). */
export const CHECK_FILE_DIAGNOSTIC_CODE = 'check-file';

/** `code` of a health-check result shown in Problems (only with `leaklens.checks.showInProblems`). */
export const HEALTH_CHECK_DIAGNOSTIC_CODE = 'health-check';
