# Leak zoo, class 4: a per-connection backing table that grows with every
# request of one long connection (zeek/zeek#3145: dce_rpc_backing reached a
# footprint of about 4 million on a long-lived DCE/RPC connection). Entries are
# added per request and only go away with the connection, so a connection that
# stays up for days holds every request it ever carried.
# Fixed twin: backing-table-fixed.zeek (an entry is removed when its request is
# answered). Caught by: connection field zoo_backing, max (measured while the
# connection is open, and when the flush removes it).
#
# fake-zeek: conn zoo_backing +4 per data packet of orig on 80/tcp
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
