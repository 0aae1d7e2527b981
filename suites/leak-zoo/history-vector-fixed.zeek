# Leak zoo, class 5, fixed: the history is emptied once it holds 10 replies.
# fake-zeek: conn zoo_history +2 per data packet of resp reset every 10 packets on 80/tcp
module ZooHistory;

redef record connection += {
	zoo_history: vector of string &optional;
};

event http_reply(c: connection, version: string, code: count, reason: string)
	{
	if ( ! c?$zoo_history )
		c$zoo_history = vector();

	c$zoo_history[|c$zoo_history|] = fmt("%d %s", code, reason);

	if ( |c$zoo_history| >= 10 )
		c$zoo_history = vector();
	}
