#!/usr/bin/env bash
# `npm test`: sets everything up, type-checks, then runs every suite (unit,
# browser, integration, end to end) against the real LiveKit server and real
# Chromium inside a network namespace that has nothing but loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

printf '\033[1m[parlor]\033[0m type-checking…\n' >&2
npx tsc -p tsconfig.json --noEmit

inner='ip link set lo up && exec node scripts/run-tests.mjs "$@"'
if [ "${PARLOR_NO_NETNS:-}" = 1 ]; then
  printf '\033[1m[parlor]\033[0m PARLOR_NO_NETNS=1: running without a loopback-only network namespace\n' >&2
  exec node scripts/run-tests.mjs "$@"
elif [ "$(id -u)" = 0 ]; then
  exec unshare --net sh -c "$inner" sh "$@"
elif unshare -rn true 2>/dev/null; then
  exec unshare -rn sh -c "$inner" sh "$@"
else
  echo "[parlor] cannot create a network namespace (unshare). Run as root, enable unprivileged user namespaces, or set PARLOR_NO_NETNS=1 to run on the host network." >&2
  exit 1
fi
