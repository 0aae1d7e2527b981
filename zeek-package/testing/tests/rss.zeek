# @TEST-DOC: rss, the current resident memory from the telemetry framework, is set at every dump (a positive number of bytes; the value differs from run to run, so the test shows only which dumps have one).
# @TEST-REQUIRES: zeek -e 'exit(Version::at_least("7.0.0") ? 0 : 1)'
# @TEST-EXEC: zeek -C -r $TRACES/long.pcap $PACKAGE %INPUT my_stats::run_interval=10sec
# @TEST-EXEC: zeek-cut rss run < my_stats_runs.log | grep -E '^[1-9][0-9]*' | cut -f 2 > runs-with-rss
# @TEST-EXEC: btest-diff runs-with-rss
