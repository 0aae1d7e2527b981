# @TEST-DOC: What begin() does when it fires, as a function of network time alone: on a live interface without packets network time stays 0 until it follows the wall clock, so begin() retries (every second, at most an hour's worth) instead of giving up; it starts the dumps once network time is set, and does nothing once they started or while Zeek shuts down. With -r the first packet starts the dumps before any retry fires (see dump-sequence-short and no-packets, whose dumps the retry leaves as they were).
# @TEST-EXEC: zeek -C -r $TRACES/empty.pcap $PACKAGE %INPUT > decisions
# @TEST-EXEC: btest-diff decisions
#
# fake-zeek-btest: skip (prints what a package function returns: only a real Zeek runs script code)

event zeek_init()
	{
	local zero = double_to_time(0.0);
	local now = double_to_time(1700000000.0);
	print "live node, no packet yet", my_stats::begin_decision(zero, F, F, 0);
	print "still no network time after 3599 tries", my_stats::begin_decision(zero, F, F, 3599);
	print "after an hour of tries", my_stats::begin_decision(zero, F, F, 3600);
	print "network time follows the wall clock", my_stats::begin_decision(now, F, F, 5);
	print "the first packet started the dumps", my_stats::begin_decision(now, F, T, 1);
	print "shutting down before network time started", my_stats::begin_decision(zero, T, F, 0);
	}
