#!/bin/bash
# `npm test` N times in a row on a fresh clone of this repository's HEAD (default 20): clones into
# DIR (default a new temporary directory) with ../shared linked beside it, runs `npm ci` once, and
# before every run `git clean -xfd -e node_modules`, so each run starts as a fresh clone does.
# Prints one line per run and stops at the first red one (its log stays in DIR).
#   bash scripts/soak-tests.sh [N] [DIR]
set -u
n=${1:-20}
dir=${2:-$(mktemp -d)}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
shared=$(cd "$repo/../shared" 2>/dev/null && pwd) || { echo "no ../shared beside $repo" >&2; exit 2; }
git clone -q "$repo" "$dir/repo" && ln -sfn "$shared" "$dir/shared" || exit 3
cd "$dir/repo" || exit 3
echo "soak of $(git rev-parse --short HEAD) in $dir: $n runs"
npm ci --no-audit --no-fund > "$dir/npm-ci.log" 2>&1 || { echo "npm ci failed: $dir/npm-ci.log" >&2; exit 3; }
for i in $(seq 1 "$n"); do
  git clean -xfdq -e node_modules
  start=$(date +%s)
  npm test > "$dir/run-$i.log" 2>&1
  rc=$?
  echo "run $i/$n: rc=$rc $(( $(date +%s) - start )) s $(grep -E '^Tests:' "$dir/run-$i.log")"
  [ "$rc" -eq 0 ] || { echo "red: $dir/run-$i.log" >&2; exit 1; }
done
echo "$n of $n green"
