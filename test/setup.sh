#!/usr/bin/env bash
# Installs everything the test suite needs on Debian 12, idempotently: a second run with everything present takes well
# under a second and touches the network not at all. Called by test/run-all.sh (so by `npm test` and .ci/run).
#   - Debian packages: chromium (the e2e browser), neovim (second LSP client), ripgrep (seeds code-server's rg download),
#     libkrb5-dev + a C++ toolchain (code-server's native modules), unzip (VSIX inspection), openssl (the health-check
#     tests' self-signed certificates), fonts-noto-color-emoji (Chromium draws the ✅ ⚠️ ❌ of health-check results)
#   - code-server 4.100.3 (VS Code 1.100.3; later versions need Node 24) under <repo>/.e2e/cs, from npm only
#   - Delve (`dlv`) in $(go env GOPATH)/bin; tests look for it there when it is not on PATH
# Only the npm registry, Debian's packages and the Go module proxy are reachable, hence the seeding below.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E_HOME="$REPO_ROOT/.e2e"
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR="$E2E_HOME/cs"
CODE_SERVER_DONE="$CODE_SERVER_DIR/.installed-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium ripgrep neovim unzip libkrb5-dev make g++ python3 curl openssl fonts-noto-color-emoji)

log() { echo "setup: $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2; exit 2
  fi
}

install_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# npm 11 blocks dependency install scripts. The allow-list must come from an npmrc (not the environment), because
# code-server's postinstall.sh runs nested `npm install`s that only inherit a file-level policy.
write_npmrc() {
  cat >"$E2E_HOME/npmrc" <<'EOF'
fund=false
audit=false
update-notifier=false
nodedir=/usr
allow-scripts=argon2,@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty
EOF
}

# @vscode/ripgrep's postinstall downloads rg unless its cache under $TMPDIR already holds the asset: seed it with Debian's rg.
seed_ripgrep_cache() {
  local cache="$E2E_HOME/tmp/vscode-ripgrep-cache-1.15.11" seed="$E2E_HOME/rgseed"
  mkdir -p "$cache" "$seed"
  cp /usr/bin/rg "$seed/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$seed" rg
}

install_code_server() {
  [ -f "$CODE_SERVER_DONE" ] && return
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (3-5 minutes)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR" "$E2E_HOME/tmp"
  write_npmrc
  seed_ripgrep_cache
  # Without its own package.json npm would walk up to the repo's and install code-server there.
  echo '{ "private": true, "description": "code-server for the LeakLens e2e tests" }' >"$CODE_SERVER_DIR/package.json"
  (
    cd "$CODE_SERVER_DIR"
    export TMPDIR="$E2E_HOME/tmp" npm_config_nodedir=/usr npm_config_userconfig="$E2E_HOME/npmrc"
    npm install --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION"
    npm rebuild argon2 --foreground-scripts
    cd node_modules/code-server
    # postinstall.sh installs lib/vscode's dependencies; as root it needs unsafe-perm, and it checks the user agent.
    env npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" npm_config_unsafe_perm=true sh ./postinstall.sh
  )
  touch "$CODE_SERVER_DONE"
  log "code-server installed"
}

install_delve() {
  command -v dlv >/dev/null && return
  [ -x "$(go env GOPATH)/bin/dlv" ] && return
  log "installing Delve into $(go env GOPATH)/bin"
  go install github.com/go-delve/delve/cmd/dlv@latest
}

install_apt_packages
install_code_server
install_delve
