# Leak zoo, class 1, fixed: the same table of hosts, each kept for a minute
# after it was first seen (&create_expire), so it follows the rate of new
# hosts instead of their total.
# fake-zeek: ZooHosts::seen +3 per new connection expire 60 on tcp
module ZooHosts;

export {
	global seen: set[addr] &create_expire=1min;
}

event new_connection(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) == tcp )
		add seen[c$id$orig_h];
	}
