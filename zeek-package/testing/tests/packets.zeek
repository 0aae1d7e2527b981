# @TEST-DOC: packets counts the packets read since the previous dump: 1 at the first dump (its own packet), 27 up to the dump at 10.05 s (the 28th packet), 27 more up to the one at 20.1 s, the last 17 in the final dump: 72, every packet of long.pcap, once.
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec
# @TEST-EXEC: zeek-cut run packets < my_stats_runs.log > packets
# @TEST-EXEC: btest-diff packets
# @TEST-EXEC: zeek -C -r $TRACES/empty.pcap $PACKAGE %INPUT
# @TEST-EXEC: zeek-cut run packets < my_stats_runs.log > packets-empty
# @TEST-EXEC: btest-diff packets-empty
