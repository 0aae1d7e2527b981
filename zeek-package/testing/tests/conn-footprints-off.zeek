# @TEST-DOC: my_stats::conn_footprints=F writes no my_stats_conns.log and changes nothing in my_stats.log but the four globals of the logging framework that count the package's log streams (one stream fewer); the package's own bookkeeping (its per-field aggregates and open connections, not empty in the run with it on) is never measured.
# @TEST-EXEC: zeek -C -r $TRACES/conns.pcap $PACKAGE %INPUT my_stats::run_interval=10sec my_stats::min_var_size_to_log=0 my_stats::conn_footprints=F
# @TEST-EXEC: ls | grep my_stats > logs-off
# @TEST-EXEC: btest-diff logs-off
# @TEST-EXEC: zeek-cut run conns_logged < my_stats_runs.log > conns-logged-off
# @TEST-EXEC: btest-diff conns-logged-off
# @TEST-EXEC: zeek-cut run variable size < my_stats.log | grep -E -v 'Log::(active_streams|all_streams|filters|stream_filters)' > vars-off
# @TEST-EXEC: zeek-cut run network_time reason globals logged < my_stats_runs.log > runs-off
# @TEST-EXEC: zeek -C -r $TRACES/conns.pcap $PACKAGE %INPUT my_stats::run_interval=10sec my_stats::min_var_size_to_log=0
# @TEST-EXEC: ls | grep my_stats > logs-on
# @TEST-EXEC: btest-diff logs-on
# @TEST-EXEC: zeek-cut run variable size < my_stats.log | grep -E -v 'Log::(active_streams|all_streams|filters|stream_filters)' > vars-on
# @TEST-EXEC: zeek-cut run network_time reason globals logged < my_stats_runs.log > runs-on
# @TEST-EXEC: diff vars-off vars-on
# @TEST-EXEC: diff runs-off runs-on
