# Leak zoo, class 6, fixed: the record keeps the last 20 connections only.
# fake-zeek: ZooRefs::seen +146 per connection max 2920 on tcp
module ZooRefs;

export {
	type Seen: record {
		conns: vector of connection;
	};

	global seen: Seen = Seen($conns=vector());
}

event connection_state_remove(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) != tcp )
		return;

	if ( |seen$conns| >= 20 )
		seen$conns = vector();

	seen$conns[|seen$conns|] = c;
	}
