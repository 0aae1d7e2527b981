#!/usr/bin/env bash
# Makes the zeek-budget CLI of the action's own copy usable (action.yml and comment/action.yml): a
# release that ships dist/ is used as it is; a plain copy of the repository is installed and built
# (npm ci, tsc and the bundle) first. GitHub downloads actions as archives, so the root is found from this file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f dist/cli/bin.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
fi
echo "ZEEK_BUDGET_BIN=$root/dist/cli/bin.js" >> "${GITHUB_ENV:-/dev/null}"
