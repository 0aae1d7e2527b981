# @TEST-DOC: A set that grows in connection_state_remove. A closed connection is removed 5 s after its last packet, so the set grows during the trace (0, 2, 5 connections at the first three dumps); the two connections that closed less than 5 s before the end are only removed by the flush, which the "final" dump sees (9 connections, 3 per entry) and the early end-of-trace dump did not (7).
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec my_stats::min_var_size_to_log=0
# @TEST-EXEC: zeek-cut run variable size < my_stats.log | grep 'Test::removed' > final
# @TEST-EXEC: btest-diff final
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec my_stats::min_var_size_to_log=0 my_stats::dump_at_zeek_done=F
# @TEST-EXEC: zeek-cut run variable size < my_stats.log | grep 'Test::removed' > trace-end
# @TEST-EXEC: btest-diff trace-end

# fake-zeek: Test::removed +3 per connection

module Test;

export {
	global removed: set[string];
}

event connection_state_remove(c: connection)
	{
	add removed[c$uid];
	}
