# @TEST-DOC: first_delay counts from the first packet: the first dump waits for the first packet at or after 5 s, the intervals count from there.
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::first_delay=5sec my_stats::run_interval=10sec
# @TEST-EXEC: zeek-cut run network_time reason < my_stats_runs.log > runs
# @TEST-EXEC: btest-diff runs
