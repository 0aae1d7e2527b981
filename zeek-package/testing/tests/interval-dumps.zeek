# @TEST-DOC: run_interval counts network time: a dump fires at the first packet at or after it is due (10.05 s, then 20.1 s); the one pending when the trace ends is skipped in favour of the "final" dump.
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec
# @TEST-EXEC: zeek-cut run node network_time reason < my_stats_runs.log > runs
# @TEST-EXEC: btest-diff runs
