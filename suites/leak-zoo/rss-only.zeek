# Leak zoo, class 7: growth that only RSS can see (the way a POP3 analyzer's
# buffers grew in zeek/zeek#3936). A top-k summary of every DNS query name, a
# 4 KiB string each, with room for a million of them: an `opaque of topk` is
# not a table, set, vector or record, so global_container_footprints() does
# not measure it at all (and val_footprint() of an opaque is 1), while its C++
# side keeps every distinct element.
# Fixed twin: rss-only-fixed.zeek (room for 100). Caught by: timing rss,
# scaling (bytes per query across workload sizes).
#
# How much it grows, on a real Zeek: TopkVal keeps, per distinct element, the
# value itself (a StringVal: its 4096 bytes plus about 60 bytes of object), a
# hash key that copies the bytes (4096 more), and an Element and its place in
# the dictionary and the bucket list (about 100 bytes): about 8.3 KiB per
# query, allocated in chunks above malloc's mmap threshold or from the heap;
# either way resident once written, and never freed while the node runs.
# Over the zoo's DNS workloads of 4,000, 8,000 and 16,000 queries that is 33,
# 66 and 133 MB, where Zeek's own memory at the same rate stays within a few
# MB (about 3,000 open UDP connections at 50 queries per second, in all three):
# a slope of about 8 KiB per query against a few hundred bytes without it.
#
# The fake models it as memory per new DNS connection: in the DNS workload
# every query is its own connection.
# fake-zeek: rss +8500 bytes per new connection on 53/udp
module ZooRss;

export {
	global names: opaque of topk;
}

event zeek_init()
	{
	names = topk_init(1000000);
	}

event dns_request(c: connection, msg: dns_msg, query: string, qtype: count, qclass: count)
	{
	topk_add(names, string_fill(4096, query));
	}
