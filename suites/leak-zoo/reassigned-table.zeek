# Leak zoo, class 2: &create_expire lost when a table is reassigned
# (zeek/zeek#3540: Known::hosts was reset with `hosts = set()` in
# Cluster::node_up/node_down; the same gotcha as zeek/zeek#625). Assigning a
# new table value replaces the attributes with the new value's, which has none,
# so nothing in `recent` ever expires again.
# Fixed twin: reassigned-table-fixed.zeek (clear_table() keeps the table and its
# attributes). Caught by: variable ZooReassign::recent, growth.
#
# fake-zeek: ZooReassign::recent +3 per new connection on tcp
module ZooReassign;

export {
	global recent: set[addr] &create_expire=1min;
}

event zeek_init()
	{
	# "Start from a clean slate": drops &create_expire.
	recent = set();
	}

event new_connection(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) == tcp )
		add recent[c$id$orig_h];
	}
