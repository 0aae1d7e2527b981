# @TEST-DOC: module_name is the part of the name before "::", or GLOBAL; rows are sorted by variable name. Footprints: a table counts 1 per entry plus its index list (1 + 1) plus its value (1); a vector its length plus its elements; a record its field count plus its set fields.
# @TEST-EXEC: zeek -C -r $TRACES/short.pcap $PACKAGE %INPUT my_stats::min_var_size_to_log=0
# @TEST-EXEC: zeek-cut run module_name variable size < my_stats.log | grep -E 'Test::|plain_table' > vars
# @TEST-EXEC: btest-diff vars

# fake-zeek: plain_table = 8
# fake-zeek: Test::numbers = 6
# fake-zeek: Test::pair = 3

global plain_table: table[count] of count = { [1] = 10, [2] = 20 };

module Test;

export {
	type Pair: record {
		a: count;
		b: count &optional;
	};

	global numbers: vector of count = vector(1, 2, 3);
	global pair: Pair = [$a=1];
}
