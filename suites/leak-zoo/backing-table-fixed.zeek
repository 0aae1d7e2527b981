# Leak zoo, class 4, fixed: the entry of a request is removed when its reply
# comes (c$http is the transaction being answered; HTTP's own handler at
# priority 5 has set it up by then).
# fake-zeek: conn zoo_backing +4 per data packet of orig on 80/tcp
# fake-zeek: conn zoo_backing -4 per data packet of resp on 80/tcp
module ZooBacking;

redef record connection += {
	zoo_backing: table[string] of string &optional;
};

event http_request(c: connection, method: string, original_URI: string, unescaped_URI: string, version: string)
	{
	if ( ! c?$zoo_backing )
		c$zoo_backing = table();

	c$zoo_backing[unescaped_URI] = method;
	}

event http_reply(c: connection, version: string, code: count, reason: string)
	{
	if ( c?$zoo_backing && c?$http && c$http?$uri )
		delete c$zoo_backing[c$http$uri];
	}
