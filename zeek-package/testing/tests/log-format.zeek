# @TEST-DOC: The column names and types of both logs: my_stats.log keeps corelight/my_stats' columns; my_stats_runs.log is a contract for log readers.
# @TEST-EXEC: zeek -C -r $TRACES/short.pcap $PACKAGE %INPUT
# @TEST-EXEC: grep -E '^#(path|fields|types)' my_stats.log > my_stats.header
# @TEST-EXEC: btest-diff my_stats.header
# @TEST-EXEC: grep -E '^#(path|fields|types)' my_stats_runs.log > my_stats_runs.header
# @TEST-EXEC: btest-diff my_stats_runs.header
