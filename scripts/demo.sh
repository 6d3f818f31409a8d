#!/usr/bin/env bash
# `npm run demo`: installs what the demo needs, then runs popdesk end to end on its embedded
# defaults (private Redis and Dovecot, sample mails, a local webhook receiver).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-system-packages.sh
exec npx tsx dev/demo/demo.ts "$@"
