# @TEST-DOC: A trace without packets never starts network time: a single "final" dump at network time 0; with dump_at_zeek_done=F a single "trace_end" dump instead.
# @TEST-EXEC: zeek -C -r $TRACES/empty.pcap $PACKAGE %INPUT
# @TEST-EXEC: zeek-cut run network_time reason < my_stats_runs.log > runs
# @TEST-EXEC: btest-diff runs
# @TEST-EXEC: zeek -C -r $TRACES/empty.pcap $PACKAGE %INPUT my_stats::dump_at_zeek_done=F
# @TEST-EXEC: zeek-cut run network_time reason < my_stats_runs.log > runs-without-final
# @TEST-EXEC: btest-diff runs-without-final
