# Leak zoo, class 5: a vector appended per event in a long-lived connection
# that ends only at shutdown (corelight/zeek-long-connections#3: state of
# connections kept alive for days). Without sampling open connections nothing
# would see it before the connection ends; the package measures open
# connections at every dump (live=T in my_stats_conns.log) and the final dump
# measures them once the shutdown flush removed them.
# Fixed twin: history-vector-fixed.zeek (emptied every 10 replies). Caught by:
# connection field zoo_history, max over all dumps.
#
# An element is 2 footprint units (the vector's length plus a short string).
# fake-zeek: conn zoo_history +2 per data packet of resp on 80/tcp
module ZooHistory;

redef record connection += {
	zoo_history: vector of string &optional;
};

event http_reply(c: connection, version: string, code: count, reason: string)
	{
	if ( ! c?$zoo_history )
		c$zoo_history = vector();

	c$zoo_history[|c$zoo_history|] = fmt("%d %s", code, reason);
	}
