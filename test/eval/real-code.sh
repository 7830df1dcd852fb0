#!/usr/bin/env bash
# Re-runs the real-code accuracy review of docs/accuracy.md: downloads the same module versions through the Go module
# proxy, runs `leaklens check` (all rules) over each and prints every finding, the lines of Go analysed and the
# findings per 1,000 lines. Needs network access to the module proxy, so CI does not run it.
# Usage: test/eval/real-code.sh [--format text|json]   (run from anywhere; builds dist/cli.js first when missing)
set -euo pipefail

MODULES=(
  github.com/rakyll/hey@v0.1.4
  github.com/jpillora/chisel@v1.10.1
  github.com/prometheus/blackbox_exporter@v0.25.0
  github.com/containrrr/watchtower@v1.7.1
  github.com/tsenart/vegeta/v12@v12.12.0
  github.com/prometheus/pushgateway@v1.9.0
  github.com/go-co-op/gocron/v2@v2.12.1
)

format=text
if [[ "${1:-}" == "--format" && -n "${2:-}" ]]; then format=$2; fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[[ -f "$root/dist/cli.js" ]] || (cd "$root" && node esbuild.mjs)

# A throwaway module so that `go mod download` has somewhere to run; the sources land in GOMODCACHE.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && go mod init leaklens.local/real-code >/dev/null 2>&1)

# The files the CLI analyses: .go files outside vendor/, testdata/, node_modules/ and hidden folders.
go_files() {
  find "$1" \( -name vendor -o -name testdata -o -name node_modules -o -name '.?*' \) -prune -o -name '*.go' -type f -print
}

total_lines=0
total_findings=0
for module in "${MODULES[@]}"; do
  dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "real-code: could not download $module" >&2
    exit 1
  fi
  lines=$(go_files "$dir" | xargs cat | wc -l)
  echo "== $module ($lines lines of Go)"
  # Exit code 1 means "findings", not failure; 2 is a real error.
  status=0
  (cd "$dir" && node "$root/dist/cli.js" check --format json . >"$work/findings.json") || status=$?
  if [[ $status -gt 1 ]]; then
    echo "real-code: leaklens check failed on $module" >&2
    exit 1
  fi
  if [[ "$format" == json ]]; then cat "$work/findings.json"; else (cd "$dir" && node "$root/dist/cli.js" check --format text .) || true; fi
  count=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).findings.length)' "$work/findings.json")
  total_lines=$((total_lines + lines))
  total_findings=$((total_findings + count))
done
echo "== total: $total_findings findings in $total_lines lines of Go: $(awk "BEGIN { printf \"%.2f\", $total_findings * 1000 / $total_lines }") per 1,000 lines"
