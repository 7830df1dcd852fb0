#!/usr/bin/env bash
# `npm test`: install the test tools when missing, rebuild from clean, typecheck, package the VSIX, then run every test
# file under out/test (unit, lsp, cli, checks, handles, nvim, package, e2e …) with node's test runner.
# Exits non-zero when any step or any test fails; node's summary (# pass / # fail …) is the last thing printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A test file that runs longer than this is cancelled (and fails the run) instead of blocking CI's 90 minutes.
PER_FILE_TIMEOUT_MS=${LEAKLENS_TEST_TIMEOUT_MS:-600000}
RESULTS_DIR=test-results
TAP_LOG="$RESULTS_DIR/tests.tap"

bash test/setup.sh
rm -rf out dist leaklens.vsix "$TAP_LOG"
mkdir -p "$RESULTS_DIR"
npm run typecheck
npm run build
npm run package

# Tests find Delve here when it is not already on PATH.
PATH="$PATH:$(go env GOPATH)/bin"
export PATH

status=0
node --test --test-timeout="$PER_FILE_TIMEOUT_MS" \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP_LOG" \
  out/test/ || status=$?

# The spec reporter lists failures after its summary; repeat the summary so it ends the output.
echo
echo "Summary (full TAP log: $TAP_LOG):"
grep -E '^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ' "$TAP_LOG" || echo "# no test summary: the runner did not finish"
exit "$status"
