#!/usr/bin/env bash
# A one-machine zeekctl test installation on the loopback interface, for zeek-budget's zeekctl source
# (docs/clusters.md) and its real-zeekctl test. It rewrites the installation's node.cfg and deploys to
# it, so it works only on the installation you name on purpose:
#
#   ZEEK_BUDGET_TEST_ZEEKCTL=<prefix> scripts/cluster/test-cluster.sh COMMAND
#
#   check                       what is installed and what is missing (without the variable: the
#                               zeekctl installations it can see, touching none of them)
#   setup [LAYOUT]              write the test layout to etc/node.cfg (the old file is kept as
#                               node.cfg.zeek-budget-saved) and `zeekctl install`. LAYOUT:
#                                 cluster      logger-1, manager, proxy-1, worker-1 and worker-2 on lo (default)
#                                 two-loggers  the same with logger-2 (Zeek 8.1+ with ZeroMQ spreads logs over both)
#                                 standalone   one standalone node on lo
#   run [SUITE ...]             run suites against it (default suites/examples/cluster.yaml)
#   test                        run the real-zeekctl jest test (test/e2e/cluster-real-zeekctl.test.ts) against it
#   teardown                    stop it, put the saved node.cfg back, `zeekctl install`
#
# Run as root (or the user owning the installation, with CAP_NET_RAW for zeek and tcpreplay).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
saved_suffix=zeek-budget-saved

die() { printf 'test-cluster: %s\n' "$*" >&2; exit 1; }
note() { printf 'test-cluster: %s\n' "$*"; }

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# Installations it can see, for `check` without the variable: listed, never changed.
candidates() {
  local c seen=""
  for c in "${ZEEKCTL:-}" "$(command -v zeekctl 2>/dev/null || true)" /usr/local/zeek/bin/zeekctl /opt/zeek/bin/zeekctl; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    c=$(cd "$(dirname "$(readlink -f "$c")")/.." && pwd)
    case " $seen " in *" $c "*) continue ;; esac
    seen="$seen $c"
    note "found an installation at $c (name it to use it: ZEEK_BUDGET_TEST_ZEEKCTL=$c $0 check)"
  done
  [ -n "$seen" ] || note "no zeekctl found (PATH, /usr/local/zeek/bin, /opt/zeek/bin). Install Zeek with zeekctl: https://zeek.org/get-zeek"
}

named_installation() {
  [ -n "${ZEEK_BUDGET_TEST_ZEEKCTL:-}" ] || die "name the installation to use: ZEEK_BUDGET_TEST_ZEEKCTL=<prefix> $0 ${1:-COMMAND} (it rewrites its node.cfg and deploys to it); '$0 check' lists what it can see"
  prefix=$(cd "$ZEEK_BUDGET_TEST_ZEEKCTL" 2>/dev/null && pwd) || die "ZEEK_BUDGET_TEST_ZEEKCTL=$ZEEK_BUDGET_TEST_ZEEKCTL: no such directory"
  zeekctl=$prefix/bin/zeekctl
  [ -x "$zeekctl" ] || die "$zeekctl is not an executable file: ZEEK_BUDGET_TEST_ZEEKCTL must be a Zeek prefix with zeekctl"
  node_cfg=$prefix/etc/node.cfg
}

running() { "$zeekctl" status >/dev/null 2>&1; }

layout() {
  local logger2='' kind=${1:-cluster}
  case "$kind" in
    standalone)
      printf '%s\n' "# zeek-budget's test layout ($kind; scripts/cluster/test-cluster.sh); the previous node.cfg" \
        "# is kept as node.cfg.zeek-budget-saved and comes back with \`test-cluster.sh teardown\`." \
        '[zeek]' 'type=standalone' 'host=localhost' 'interface=lo'
      return ;;
    two-loggers) logger2=$'\n[logger-2]\ntype=logger\nhost=localhost\n' ;;
    cluster) ;;
    *) die "unknown layout $kind: cluster, two-loggers or standalone" ;;
  esac
  cat <<CFG
# zeek-budget's test layout ($kind; scripts/cluster/test-cluster.sh); the previous node.cfg
# is kept as node.cfg.zeek-budget-saved and comes back with \`test-cluster.sh teardown\`.
[logger-1]
type=logger
host=localhost
$logger2
[manager]
type=manager
host=localhost

[proxy-1]
type=proxy
host=localhost

[worker-1]
type=worker
host=localhost
interface=lo

[worker-2]
type=worker
host=localhost
interface=lo
CFG
}

check() {
  if [ -z "${ZEEK_BUDGET_TEST_ZEEKCTL:-}" ]; then candidates; return 1; fi
  named_installation check
  local missing=0
  note "zeekctl: $zeekctl (prefix $prefix)"
  if [ -x "$prefix/bin/zeek" ]; then note "zeek:    $("$prefix/bin/zeek" --version 2>&1 | head -1)"; else note "zeek:    MISSING in $prefix/bin"; missing=1; fi
  if command -v tcpreplay >/dev/null 2>&1; then note "tcpreplay: $(command -v tcpreplay)"; else note "tcpreplay: MISSING (Debian/Ubuntu: apt-get install tcpreplay) - needed for suites that replay traces"; fi
  [ -d /sys/class/net/lo ] || { note "interface lo: MISSING"; missing=1; }
  if [ "$(id -u)" -ne 0 ]; then note "not root: capturing on lo and tcpreplay need root or CAP_NET_RAW"; fi
  if [ -f "$node_cfg.$saved_suffix" ]; then note "node.cfg: the test layout is set up (saved original: $node_cfg.$saved_suffix)"; else note "node.cfg: not set up (run: ZEEK_BUDGET_TEST_ZEEKCTL=$prefix $0 setup)"; fi
  if running; then note "cluster: running"; else note "cluster: stopped"; fi
  return $missing
}

setup() {
  named_installation setup
  check || die "fix what is missing first"
  running && die "the cluster of $zeekctl is running: stop it first (zeekctl stop); this replaces its node.cfg"
  if [ ! -f "$node_cfg.$saved_suffix" ]; then
    cp -p "$node_cfg" "$node_cfg.$saved_suffix"
    note "saved $node_cfg as $node_cfg.$saved_suffix"
  fi
  layout "${1:-cluster}" > "$node_cfg"
  note "wrote $node_cfg (${1:-cluster} layout on lo)"
  "$zeekctl" install
  note "ready. Next: ZEEK_BUDGET_TEST_ZEEKCTL=$prefix $0 test   (or: $0 run)"
}

run_suites() {
  named_installation run
  [ -f "$node_cfg.$saved_suffix" ] || die "not set up: run ZEEK_BUDGET_TEST_ZEEKCTL=$prefix $0 setup first"
  [ $# -gt 0 ] || set -- "$repo/suites/examples/cluster.yaml"
  cd "$repo"
  ZEEKCTL=$zeekctl npm run --silent budget -- "$@"
}

run_test() {
  named_installation test
  [ -f "$node_cfg.$saved_suffix" ] || die "not set up: run ZEEK_BUDGET_TEST_ZEEKCTL=$prefix $0 setup first"
  cd "$repo"
  npm run --silent build
  ZEEK_BUDGET_TEST_ZEEKCTL=$prefix node --experimental-vm-modules node_modules/jest/bin/jest.js test/e2e/cluster-real-zeekctl.test.ts
}

teardown() {
  named_installation teardown
  if running; then "$zeekctl" stop; fi
  if [ -f "$node_cfg.$saved_suffix" ]; then
    mv "$node_cfg.$saved_suffix" "$node_cfg"
    note "restored $node_cfg"
  else
    note "no saved node.cfg: nothing to restore"
  fi
  "$zeekctl" install
}

case "${1:-}" in
  check) check ;;
  setup) shift; setup "$@" ;;
  run) shift; run_suites "$@" ;;
  test) run_test ;;
  teardown) teardown ;;
  *) usage ;;
esac
