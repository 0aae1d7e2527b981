# @TEST-DOC: dump_at_zeek_done=F behaves like corelight/my_stats: the dump pending at the end of the trace fires early, before the connections are flushed, and is logged as "trace_end"; there is no "final" dump.
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec my_stats::dump_at_zeek_done=F
# @TEST-EXEC: zeek-cut run network_time reason < my_stats_runs.log > runs
# @TEST-EXEC: btest-diff runs
