#!/usr/bin/env bash
# Downloads the pinned modules of corpus.json through the Go module proxy (`go mod download -json`, run in a throwaway
# module so no go.mod of this repository is touched; the sources land read-only in GOMODCACHE) and prints one line per
# module: "module@version<TAB>directory". Needs the module proxy, so CI does not run it.
# Usage: test/eval/real-code/fetch.sh [tuning|held-out]   (no argument: every module)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
half=${1:-}
if [[ -n "$half" && "$half" != tuning && "$half" != held-out ]]; then
  echo "fetch.sh: unknown half \"$half\": use tuning or held-out" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && go mod init leaklens.local/real-code >/dev/null 2>&1)

modules=$(node -e '
  const corpus = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const m of corpus.modules) if (!process.argv[2] || m.half === process.argv[2]) console.log(`${m.module}@${m.version}`);
' "$here/corpus.json" "$half")

for module in $modules; do
  json=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module") || true
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "fetch.sh: could not download $module: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")" >&2
    exit 1
  fi
  printf '%s\t%s\n' "$module" "$dir"
done
