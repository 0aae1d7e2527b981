# Leak zoo, class 2, fixed: the table is emptied with clear_table(), which keeps
# the value and its &create_expire (the fix of zeek/zeek#3541).
# fake-zeek: ZooReassign::recent +3 per new connection expire 60 on tcp
module ZooReassign;

export {
	global recent: set[addr] &create_expire=1min;
}

event zeek_init()
	{
	clear_table(recent);
	}

event new_connection(c: connection)
	{
	if ( get_port_transport_proto(c$id$resp_p) == tcp )
		add recent[c$id$orig_h];
	}
