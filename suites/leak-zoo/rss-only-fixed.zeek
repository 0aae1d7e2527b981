# Leak zoo, class 7, fixed: the same summary with room for 100 names. Once it
# is full a new name replaces one of the least counted (the Space-Saving
# algorithm topk implements), so its memory stays at about 100 elements.
# fake-zeek: rss +8500 bytes per new connection max 850000 on 53/udp
module ZooRss;

export {
	global names: opaque of topk;
}

event zeek_init()
	{
	names = topk_init(100);
	}

event dns_request(c: connection, msg: dns_msg, query: string, qtype: count, qclass: count)
	{
	topk_add(names, string_fill(4096, query));
	}
