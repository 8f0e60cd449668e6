#!/usr/bin/env bash
# Everything the demo and the tests need on a fresh machine: npm packages,
# Debian's Chromium, the pinned LiveKit server, and a build. Idempotent: a
# second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[parlor]\033[0m %s\n' "$*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
fi

if [ "${PARLOR_SKIP_CHROMIUM:-}" != 1 ] && ! command -v chromium >/dev/null 2>&1 && [ -z "${PARLOR_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Chromium from Debian (apt-get install chromium)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "Chromium is missing: install Debian's chromium package (sudo apt-get install -y chromium) or set PARLOR_CHROMIUM=/path/to/chromium."
    exit 1
  fi
fi

say "checking the LiveKit server…"
node scripts/livekit.mjs install >/dev/null

if [ "${PARLOR_SKIP_BUILD:-}" != 1 ]; then
  say "building packages (rollup)…"
  npx rollup -c rollup.config.mjs --silent
fi
