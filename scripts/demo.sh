#!/usr/bin/env bash
# `npm start`: set up on a fresh machine, then run the demo host site with a
# real LiveKit server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --conditions=source --import tsx examples/server.ts
