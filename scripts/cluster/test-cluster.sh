#!/usr/bin/env bash
# A one-machine zeekctl test cluster on the loopback interface: a logger, a manager, a proxy and two
# workers, all on localhost, the workers capturing on lo (without load balancing each sees every
# packet). zeek-budget's zeekctl source measures it (docs/clusters.md); tcpreplay puts traffic on lo.
#
#   scripts/cluster/test-cluster.sh check      what is installed and what is missing
#   scripts/cluster/test-cluster.sh setup      write the test layout to etc/node.cfg (the old file is kept
#                                              as node.cfg.zeek-budget-saved) and `zeekctl install`
#   scripts/cluster/test-cluster.sh run [SUITE ...]
#                                              run suites against it (default suites/examples/cluster.yaml)
#   scripts/cluster/test-cluster.sh teardown   stop the cluster, put the saved node.cfg back, `zeekctl install`
#
# zeekctl is found like zeek-budget finds it: $ZEEKCTL, PATH, /usr/local/zeek/bin, /opt/zeek/bin.
# Run as root (or the user owning the Zeek installation, with CAP_NET_RAW for zeek and tcpreplay).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
saved_suffix=zeek-budget-saved

die() { printf 'test-cluster: %s\n' "$*" >&2; exit 1; }
note() { printf 'test-cluster: %s\n' "$*"; }

find_zeekctl() {
  if [ -n "${ZEEKCTL:-}" ]; then
    [ -x "$ZEEKCTL" ] || die "ZEEKCTL=$ZEEKCTL is not an executable file"
    printf '%s\n' "$ZEEKCTL"; return
  fi
  local c
  for c in "$(command -v zeekctl 2>/dev/null || true)" /usr/local/zeek/bin/zeekctl /opt/zeek/bin/zeekctl; do
    if [ -n "$c" ] && [ -x "$c" ]; then printf '%s\n' "$c"; return; fi
  done
  die "zeekctl not found (ZEEKCTL, PATH, /usr/local/zeek/bin, /opt/zeek/bin). Install Zeek with zeekctl: https://zeek.org/get-zeek"
}

zeekctl=$(find_zeekctl)
prefix=$(cd "$(dirname "$(readlink -f "$zeekctl")")/.." && pwd)
node_cfg=$prefix/etc/node.cfg

running() { "$zeekctl" status >/dev/null 2>&1; }

layout() {
  cat <<'CFG'
# zeek-budget's one-machine test cluster (scripts/cluster/test-cluster.sh); the previous node.cfg
# is kept as node.cfg.zeek-budget-saved and comes back with `test-cluster.sh teardown`.
[logger-1]
type=logger
host=localhost

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
  local missing=0
  note "zeekctl: $zeekctl (prefix $prefix)"
  if [ -x "$prefix/bin/zeek" ]; then note "zeek:    $("$prefix/bin/zeek" --version 2>&1 | head -1)"; else note "zeek:    MISSING in $prefix/bin"; missing=1; fi
  if command -v tcpreplay >/dev/null 2>&1; then note "tcpreplay: $(command -v tcpreplay)"; else note "tcpreplay: MISSING (Debian/Ubuntu: apt-get install tcpreplay) - needed for suites that replay traces"; fi
  [ -d /sys/class/net/lo ] || { note "interface lo: MISSING"; missing=1; }
  if [ "$(id -u)" -ne 0 ]; then note "not root: capturing on lo and tcpreplay need root or CAP_NET_RAW"; fi
  if [ -f "$node_cfg.$saved_suffix" ]; then note "node.cfg: the test layout is set up (saved original: $node_cfg.$saved_suffix)"; else note "node.cfg: not set up (run: $0 setup)"; fi
  if running; then note "cluster: running"; else note "cluster: stopped"; fi
  return $missing
}

setup() {
  check || die "fix what is missing first"
  running && die "the cluster of $zeekctl is running: stop it first (zeekctl stop); this replaces its node.cfg"
  if [ ! -f "$node_cfg.$saved_suffix" ]; then
    cp -p "$node_cfg" "$node_cfg.$saved_suffix"
    note "saved $node_cfg as $node_cfg.$saved_suffix"
  fi
  layout > "$node_cfg"
  note "wrote $node_cfg: logger-1, manager, proxy-1, worker-1 and worker-2 on lo"
  "$zeekctl" install
  note "ready. Next: $0 run   (or: ZEEKCTL=$zeekctl npm run budget -- suites/examples/cluster.yaml)"
}

run_suites() {
  [ -f "$node_cfg.$saved_suffix" ] || die "not set up: run $0 setup first"
  [ $# -gt 0 ] || set -- "$repo/suites/examples/cluster.yaml"
  cd "$repo"
  ZEEKCTL=$zeekctl npm run --silent budget -- "$@"
}

teardown() {
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
  setup) setup ;;
  run) shift; run_suites "$@" ;;
  teardown) teardown ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
