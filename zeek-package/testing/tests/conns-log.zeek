# @TEST-DOC: my_stats_conns.log over conns.pcap with a connection field that gains an entry on every packet (4 footprint units each). A dump reports the connections measured since the previous one: the short connection removed at 5.75 s (8 packets, 32); at 20.75 s the second short one (32) and the long one, sampled while still open (53 packets so far, 212, live T); at the end both left, flushed (the long one now 68 packets, 272, live F). max_uid is the long connection's uid in conn.log (its port, 40001, shows that).
# @TEST-EXEC: zeek -C -r $TRACES/conns.pcap $PACKAGE %INPUT my_stats::run_interval=10sec
# @TEST-EXEC: zeek-cut run field connections total max max_id live < my_stats_conns.log | grep zoo_pending > zoo
# @TEST-EXEC: btest-diff zoo
# @TEST-EXEC: zeek-cut run field connections < my_stats_conns.log | grep -F '(connection)' > measured
# @TEST-EXEC: btest-diff measured
# @TEST-EXEC: zeek-cut field max_uid < my_stats_conns.log | grep zoo_pending | cut -f 2 > zoo-uids
# @TEST-EXEC: zeek-cut uid id.orig_p < conn.log | grep -F -f zoo-uids | cut -f 2 > zoo-ports
# @TEST-EXEC: btest-diff zoo-ports

# fake-zeek: conn zoo_pending +4 per packet

type ZooPending: table[count] of string;

redef record connection += {
	zoo_pending: ZooPending &optional;
};

event new_packet(c: connection, p: pkt_hdr)
	{
	if ( ! c?$zoo_pending )
		c$zoo_pending = ZooPending();

	c$zoo_pending[|c$zoo_pending|] = "p";
	}
