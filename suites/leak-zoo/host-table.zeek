# Leak zoo, class 1: a global table of every host ever seen (that opened a TCP
# connection), never expired: the shape of Known::hosts without its
# &create_expire. It grows with the
# number of distinct hosts for as long as the node runs.
# Fixed twin: host-table-fixed.zeek. Caught by: variable ZooHosts::seen, max.
#
# The fake counts TCP connections, not distinct hosts: on the zoo's churn
# workload every connection comes from a host of its own, so the two agree there.
# fake-zeek: ZooHosts::seen +3 per new connection on tcp
module ZooHosts;

export {
	global seen: set[addr];
}

event new_connection(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) == tcp )
		add seen[c$id$orig_h];
	}
