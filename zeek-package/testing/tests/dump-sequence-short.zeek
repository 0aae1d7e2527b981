# @TEST-DOC: A trace shorter than run_interval: the "first" dump at its first packet, the "final" one in zeek_done at its last packet's time, nothing else.
# @TEST-EXEC: zeek -C -r $TRACES/short.pcap $PACKAGE %INPUT
# @TEST-EXEC: zeek-cut run node network_time reason < my_stats_runs.log > runs
# @TEST-EXEC: btest-diff runs
