# @TEST-DOC: Variables below min_var_size_to_log (default 1024) get no row: Test::big (400 set entries, 3 each) is written, Test::small is not.
# @TEST-EXEC: zeek -C -r $TRACES/short.pcap $PACKAGE %INPUT
# @TEST-EXEC: zeek-cut run variable size < my_stats.log | grep 'Test::' > vars
# @TEST-EXEC: btest-diff vars

# fake-zeek: Test::big = 1200
# fake-zeek: Test::small = 6

module Test;

export {
	global big: set[count];
	global small: vector of count = vector(1, 2, 3);
}

event zeek_init()
	{
	local i = 0;
	while ( i < 400 )
		{
		add big[i];
		++i;
		}
	}
