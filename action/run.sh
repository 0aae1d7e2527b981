#!/usr/bin/env bash
# The main step of the zeek-budget GitHub Action (action.yml): runs the suites with each zeek in the
# Zeek project's image for INPUT_ZEEK_VERSION, writes the job summary (markdown), annotations
# (github) and the HTML report, then keeps the pull-request comment up to date. It always exits 0
# once the budget has run: the budget's exit code goes to the step output `exit-code`, which the
# action's last step exits with, so that the report and the comment artifact are uploaded first.
set -uo pipefail

zb() { node "$ZEEK_BUDGET_BIN" "$@"; }
output() { echo "$1=$2" >> "${GITHUB_OUTPUT:-/dev/null}"; }

cd "${INPUT_WORKING_DIRECTORY:-.}" || exit 2
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/zeek-budget"
rm -rf "$out" && mkdir -p "$out"
# Artifact names may not hold / or : (images do): one name per suite and Zeek of a matrix.
label=$(printf '%s-%s' "${INPUT_SUITE:-suites}" "$INPUT_ZEEK_VERSION" | tr -c 'A-Za-z0-9._-' '-' | sed 's/--*/-/g; s/^-//; s/-$//')
output label "$label"

args=(budget --no-progress --zeek "docker:${INPUT_ZEEK_VERSION}" --reporter github --reporter markdown
  --reporter "html=$out/report.html" --json "$out/result.json")
case "${INPUT_UPDATE:-false}" in
  true) args+=(--update) ;;
  new) args+=(--update=new) ;;
  false|'') ;;
  *) echo "::error title=zeek-budget::update must be true, new or false, got '$INPUT_UPDATE'"; output exit-code 2; exit 0 ;;
esac
# against: a git ref measured in the same run and compared with (budget --against REF), instead of
# the committed baseline. Default on pull requests: the base commit (checkout with fetch-depth: 0).
against="${INPUT_AGAINST:-}"
if [[ -z "$against" && -n "${PR_BASE_SHA:-}" && "${INPUT_UPDATE:-false}" == false ]]; then against="$PR_BASE_SHA"; fi
if [[ -n "$against" && "$against" != none ]]; then args+=(--against "$against"); fi
# shellcheck disable=SC2206 # word splitting is wanted: several suites, extra options
extra=(${INPUT_ARGS:-})
suites=(${INPUT_SUITE:-})
args+=("${extra[@]}" "${suites[@]}")

# What the reports advise for recording a missing or changed baseline: the same Zeek image.
export ZEEK_BUDGET_UPDATE_COMMAND="npx zeek-budget budget --update --zeek docker:${INPUT_ZEEK_VERSION}"

echo "::group::zeek-budget ${args[*]}"
echo "zeek-budget ${args[*]}"
echo "::endgroup::"
zb "${args[@]}"
code=$?
output exit-code "$code"
output result "$out/result.json"
[[ -f "$out/report.html" ]] && output report "$out/report.html"

# One comment per suite and Zeek, only on pull requests and never for --update runs.
if [[ "${INPUT_COMMENT:-true}" == true && "${INPUT_UPDATE:-false}" == false && -f "$out/result.json" && -n "${PR_NUMBER:-}" ]]; then
  zb comment --result "$out/result.json" --artifact-dir "$out/comment" \
    || echo "::warning title=zeek-budget comment::zeek-budget comment failed (exit $?); the budget's result stands"
  [[ -f "$out/comment/comment.json" ]] && output comment-artifact "$out/comment"
fi
exit 0
