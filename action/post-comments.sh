#!/usr/bin/env bash
# The step of comment/action.yml: posts every comment artifact (comment.json + comment.md) found
# in $ARTIFACTS (download-artifact puts each artifact in a directory of its own) with
# `zeek-budget comment --from-artifact`, which checks each before posting. One that is refused or
# fails is a warning; the others are still posted.
set -uo pipefail
shopt -s nullglob
found=0
for dir in "$ARTIFACTS"/ "$ARTIFACTS"/*/; do
  [ -f "$dir/comment.json" ] || continue
  found=$((found + 1))
  node "$ZEEK_BUDGET_BIN" comment --from-artifact "$dir" ${HEAD_SHA:+--head-sha "$HEAD_SHA"} \
    || echo "::warning title=zeek-budget comment::the comment in $dir was not posted"
done
[ "$found" -gt 0 ] || echo "no zeek-budget comment artifacts in $ARTIFACTS: nothing to post"
exit 0
