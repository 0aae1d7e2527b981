# Leak zoo, class 6: a global record that keeps a reference to every TCP
# connection record it saw. The references keep each record (and everything
# its fields hold) alive after Zeek is done with the connection; the global's
# footprint counts them all.
# Fixed twin: connection-refs-fixed.zeek (only the last 20). Caught by:
# variable ZooRefs::seen, max.
#
# 146 per connection: a vector element (1) plus a connection record without
# protocol state (the fake's model, 145).
# fake-zeek: ZooRefs::seen +146 per connection on tcp
module ZooRefs;

export {
	type Seen: record {
		conns: vector of connection;
	};

	global seen: Seen = Seen($conns=vector());
}

event connection_state_remove(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) == tcp )
		seen$conns[|seen$conns|] = c;
	}
