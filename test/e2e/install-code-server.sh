#!/usr/bin/env bash
# Installs code-server (a real VS Code in the browser) for the real-editor e2e tests, outside the
# repository, once. Idempotent: a second run with the same version does nothing.
#   DEVSECOPS_E2E_CACHE   cache folder (default: ~/.cache/devsecops-e2e)
#   CODE_SERVER_VERSION   default 4.100.3 (VS Code 1.100.3, the extension's engines.vscode floor)
# The e2e harness (test/e2e/code-server.ts) looks for it at $DEVSECOPS_E2E_CACHE/code-server-<version>.
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
cache="${DEVSECOPS_E2E_CACHE:-$HOME/.cache/devsecops-e2e}"
target="$cache/code-server-$version"
binary="$target/node_modules/.bin/code-server"

if [ -x "$binary" ] && "$binary" --version >/dev/null 2>&1; then
  echo "code-server $version is already installed in $target"
  exit 0
fi

rg_path="$(command -v rg || true)"
if [ -z "$rg_path" ]; then
  echo "install-code-server: ripgrep (rg) is needed: apt-get install -y ripgrep" >&2
  exit 1
fi

# @vscode/ripgrep 1.15.11 downloads its binary from GitHub, which is unreachable here; it checks this
# cache first, so a tarball of the system's rg stands in for the download.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$rg_path")" "$(basename "$rg_path")"

mkdir -p "$target"
cd "$target"
[ -f package.json ] || echo '{"name":"devsecops-e2e-code-server","private":true}' >package.json
echo "Installing code-server $version into $target (about 3 minutes, 300 MB)"
# npm 11 blocks install scripts by default; code-server needs its own (native modules, VS Code's setup).
npm_config_dangerously_allow_all_scripts=true npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$version"

"$binary" --version
