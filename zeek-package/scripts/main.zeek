##! Logs the footprint of every global container variable (table, set, vector,
##! record), as reported by :zeek:see:`global_container_footprints`, so that
##! state that grows without bound shows up before it takes a node down, and
##! the footprint of the connection records, field by field, where per-
##! connection state lives (``http_state``, ``smb_state``, ``dce_rpc_backing``,
##! fields that packages add with ``redef record connection += {...}``).
##!
##! Dumps happen at the start of network time (with ``zeek -r``: the first
##! packet; on a live node without packets: as soon as network time follows
##! the wall clock), every :zeek:see:`my_stats::run_interval` of network time
##! after that, and once more in :zeek:see:`zeek_done`, after Zeek has flushed
##! the connections it still tracked, so that what ``connection_state_remove``
##! handlers left behind is measured too.
##!
##! Three logs:
##!
##! * ``my_stats.log``: one row per variable and dump, the columns of
##!   corelight/my_stats (``ts run node module_name variable size``).
##! * ``my_stats_conns.log``: one row per field of the connection record and
##!   dump, over the connections measured since the previous dump (removed, or
##!   open for at least ``run_interval``): how many carried the field, the sum
##!   and the largest single footprint, and which connection that was.
##! * ``my_stats_runs.log``: one row per dump, written after that dump's other
##!   rows: the dump's network time and reason, how long the footprint call
##!   took, how many variables it measured and logged, the sum of all
##!   footprints, the process's peak and current RSS, the packets since the
##!   previous dump and the rows written to my_stats_conns.log.

@load base/misc/version

@if ( Version::at_least("5.0.0") )

@load base/frameworks/logging
@load base/frameworks/cluster

@if ( Version::at_least("7.0.0") )
# Telemetry::collect_metrics(), for the current RSS, came with 7.0's
# telemetry framework; bare mode (-b) does not load it by itself.
@load base/frameworks/telemetry
@endif

module my_stats;

export {
	redef enum Log::ID += { MY_STATS_LOG, RUNS_LOG, CONNS_LOG };

	## Network time between two dumps. 0 secs or less turns the periodic
	## dumps off (the first and the final dump still happen).
	const run_interval = 1min &redef;

	## Network time between the start of network time (with ``zeek -r``: the
	## first packet; on a live node: start-up) and the first dump.
	const first_delay = 0secs &redef;

	## Variables whose footprint is smaller are not written to my_stats.log.
	## They still count in my_stats_runs.log's ``globals`` and ``total``: an
	## absent row means "below the cutoff", not zero. 0 writes every variable.
	const min_var_size_to_log: count = 1024 &redef;

	## T: dump once more in :zeek:see:`zeek_done`, after the connection
	## state was flushed, and skip the periodic dump that Zeek fires early
	## while shutting down. F: behave like corelight/my_stats: no dump in
	## zeek_done; the early shutdown dump (taken before the flush) is logged
	## with reason ``trace_end``.
	const dump_at_zeek_done = T &redef;

	## T: measure connection records and write my_stats_conns.log. Each
	## connection is measured when it is removed, and at every dump while it
	## is open and at least ``run_interval`` old. F: no my_stats_conns.log
	## (its stream is not even created) and no per-connection work.
	const conn_footprints = T &redef;

	# The values of my_stats_runs.log's ``reason`` column.

	## The dump at the start of network time (after ``first_delay``).
	const REASON_FIRST = "first";
	## A periodic dump, ``run_interval`` after the previous one.
	const REASON_INTERVAL = "interval";
	## The pending periodic dump that Zeek fired early at shutdown, before the
	## connection state was flushed (only with ``dump_at_zeek_done = F``).
	const REASON_TRACE_END = "trace_end";
	## The dump in zeek_done, after the connection state was flushed.
	const REASON_FINAL = "final";

	## The ``field`` of my_stats_conns.log's row for the whole connection
	## record (its ``val_footprint``).
	const CONNECTION_FIELD = "(connection)";

	## One row of my_stats.log: the footprint of one global at one dump.
	type Info: record {
		## Wall-clock time of the dump.
		ts:          time   &log;
		## Number of the dump in this process, starting at 1.
		run:         count  &log;
		## Cluster node name, empty when Zeek runs standalone.
		node:        string &log;
		## The part of the variable's name before "::", or "GLOBAL".
		module_name: string &log &default="GLOBAL";
		## The variable's full name.
		variable:    string &log;
		## Its footprint: a count of values, not bytes.
		size:        count  &log;
	};

	## One row of my_stats_conns.log: one field of the connection record over
	## the connections measured since the previous dump.
	type ConnInfo: record {
		## Wall-clock time of the dump (the same as its other rows).
		ts:          time   &log;
		## Number of the dump in this process, starting at 1.
		run:         count  &log;
		## Cluster node name, empty when Zeek runs standalone.
		node:        string &log;
		## A field of the connection record, or CONNECTION_FIELD.
		field:       string &log;
		## Connections measured since the previous dump that had it set.
		connections: count  &log;
		## The sum of their footprints of the field.
		total:       count  &log;
		## The largest single connection's footprint of the field.
		max:         count  &log;
		## That connection's uid.
		max_uid:     string &log;
		## Its 5-tuple: ``10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp``, an IPv6
		## address in brackets: ``[2001:db8::1]:80/tcp``.
		max_id:      string &log;
		## T: that maximum was measured while the connection was still open.
		live:        bool   &log;
	};

	## One row of my_stats_runs.log: one dump.
	type RunInfo: record {
		## Wall-clock time of the dump.
		ts:           time     &log;
		## Number of the dump in this process, starting at 1.
		run:          count    &log;
		## Cluster node name, empty when Zeek runs standalone.
		node:         string   &log;
		## network_time() at the dump.
		network_time: time     &log;
		## Why the dump happened: one of the ``REASON_*`` values.
		reason:       string   &log;
		## How long global_container_footprints() took.
		duration:     interval &log;
		## Number of global containers measured.
		globals:      count    &log;
		## Rows this dump wrote to my_stats.log.
		logged:       count    &log;
		## Sum of all footprints, logged or not.
		total:        count    &log;
		## Peak resident set size of the process in bytes (get_proc_stats()$mem).
		peak_rss:     count    &log;
		## Current resident set size in bytes, from the telemetry framework
		## (Zeek 7.0 or newer; unset where it cannot tell).
		rss:          count    &log &optional;
		## Packets the node processed since the previous dump
		## (get_net_stats()$pkts_recvd; with ``zeek -r`` too).
		packets:      count    &log;
		## Rows this dump wrote to my_stats_conns.log.
		conns_logged: count    &log;
	};

	## Raised for every my_stats.log row.
	global log_my_stats: event(rec: Info);
	## Raised for every my_stats_conns.log row.
	global log_my_stats_conns: event(rec: ConnInfo);
	## Raised for every my_stats_runs.log row.
	global log_my_stats_runs: event(rec: RunInfo);

	# What begin() does, given network time, whether Zeek is shutting down,
	# whether the dumps started already and how often it tried: "start" (the
	# dumps), "retry" (look again in a second) or "done" (nothing more to
	# do). A function of its arguments only, so that a test can check it
	# without a live interface.
	global begin_decision: function(now: time, terminating: bool, already_started: bool,
	                                retries: count): string;
}

# The package's own container globals (the per-field aggregates and the
# open connections) are bookkeeping, not state to measure: they get no row
# and count in neither ``globals`` nor ``total``, so that my_stats.log reads
# the same with conn_footprints on or off.
const OWN_GLOBALS = /^my_stats::/;

# begin() looks again this often while network time is 0, at most this often.
const BEGIN_RETRY = 1sec;
const BEGIN_MAX_RETRIES = 3600;

# Dumps taken so far; the next one gets number dumps + 1.
global dumps = 0;
# The dump sequence was started (either trigger may come first).
global started = F;
# zeek_done took the final dump: nothing may follow it.
global finished = F;
# How often begin() found network time still at 0.
global begin_retries = 0;
# get_net_stats()$pkts_recvd at the previous dump.
global packets_before = 0;

# A field's aggregate over the connections measured since the previous dump.
type FieldStats: record {
	connections: count &default=0;
	total:       count &default=0;
	max:         count &default=0;
	max_uid:     string &default="";
	max_id:      conn_id &optional;
	live:        bool &default=F;
};

global field_stats: table[string] of FieldStats;

# Open connections and when they started, so that a dump can measure the ones
# open for at least run_interval. Keys, not connection records: holding the
# records would keep every connection's state alive after it ended.
global open_conns: table[conn_id] of time;

global begin: event();
global tick: event(reason: string, due: time);

function module_of(name: string): string
	{
	local parts = split_string1(name, /::/);
	return |parts| > 1 ? parts[0] : "GLOBAL";
	}

function endpoint(h: addr, p: port): string
	{
	return is_v6_addr(h) ? fmt("[%s]:%s", h, p) : fmt("%s:%s", h, p);
	}

function format_id(id: conn_id): string
	{
	return fmt("%s -> %s", endpoint(id$orig_h, id$orig_p), endpoint(id$resp_h, id$resp_p));
	}

function note_field(field: string, footprint: count, c: connection, live: bool)
	{
	if ( field !in field_stats )
		field_stats[field] = FieldStats();

	local s = field_stats[field];
	s$connections += 1;
	s$total += footprint;

	# On a tie the connection measured first keeps the maximum.
	if ( s$connections == 1 || footprint > s$max )
		{
		s$max = footprint;
		s$max_uid = c$uid;
		s$max_id = c$id;
		s$live = live;
		}
	}

# Every value of the connection is walked twice: once for the whole record,
# once for the field that holds it.
function measure_connection(c: connection, live: bool)
	{
	note_field(CONNECTION_FIELD, val_footprint(c), c, live);

	for ( name, field in record_fields(c) )
		{
		if ( field?$value )
			note_field(name, val_footprint(field$value), c, live);
		}
	}

# A connection is measured at most once per dump: either it was removed since
# the previous dump, or it is still open now.
function measure_open_connections()
	{
	local now = network_time();
	local gone: vector of conn_id = vector();

	for ( id, since in open_conns )
		{
		# A connection whose direction Zeek flipped is open under its new id.
		if ( ! connection_exists(id) )
			{
			gone[|gone|] = id;
			next;
			}

		if ( now - since >= run_interval )
			measure_connection(lookup_connection(id), T);
		}

	for ( i in gone )
		delete open_conns[gone[i]];
	}

function write_conns(now: time): count
	{
	local names: vector of string = vector();
	for ( name in field_stats )
		names[|names|] = name;
	sort(names, strcmp);

	for ( i in names )
		{
		local s = field_stats[names[i]];
		Log::write(CONNS_LOG, ConnInfo($ts=now, $run=dumps, $node=Cluster::node,
		                               $field=names[i], $connections=s$connections,
		                               $total=s$total, $max=s$max, $max_uid=s$max_uid,
		                               $max_id=format_id(s$max_id), $live=s$live));
		}

	clear_table(field_stats);
	return |names|;
	}

@if ( Version::at_least("7.0.0") )
# The process's current resident memory in bytes, 0 when telemetry has no such
# metric. (get_proc_stats()$mem is the peak, which never goes down.)
function current_rss(): count
	{
	local metrics = Telemetry::collect_metrics("process", "*");

	for ( i in metrics )
		{
		local m = metrics[i];
		if ( m$opts$prefix == "process" && /resident_memory/ in m$opts$name && m?$value )
			return double_to_count(m$value);
		}

	return 0;
	}
@else
function current_rss(): count
	{
	return 0;
	}
@endif

function dump(reason: string)
	{
	local start = current_time();
	local footprints = global_container_footprints();
	local took = current_time() - start;
	local now = current_time();
	++dumps;

	# Sorted, so that a dump reads the same from one run to the next.
	local names: vector of string = vector();
	local total = 0;
	for ( name, footprint in footprints )
		{
		if ( OWN_GLOBALS in name )
			next;

		names[|names|] = name;
		total += footprint;
		}
	sort(names, strcmp);

	local logged = 0;
	for ( i in names )
		{
		local var_name = names[i];
		local size = footprints[var_name];

		if ( size < min_var_size_to_log )
			next;

		Log::write(MY_STATS_LOG, Info($ts=now, $run=dumps, $node=Cluster::node,
		                              $module_name=module_of(var_name), $variable=var_name,
		                              $size=size));
		++logged;
		}

	local conns_logged = 0;
	if ( conn_footprints )
		{
		measure_open_connections();
		conns_logged = write_conns(now);
		}

	local received = get_net_stats()$pkts_recvd;
	local packets = received >= packets_before ? received - packets_before : received;
	packets_before = received;

	local info = RunInfo($ts=now, $run=dumps, $node=Cluster::node,
	                     $network_time=network_time(), $reason=reason,
	                     $duration=took, $globals=|names|,
	                     $logged=logged, $total=total,
	                     $peak_rss=get_proc_stats()$mem,
	                     $packets=packets, $conns_logged=conns_logged);
	local rss = current_rss();
	if ( rss > 0 )
		info$rss = rss;

	Log::write(RUNS_LOG, info);
	}

function schedule_next()
	{
	if ( run_interval > 0secs )
		schedule run_interval { tick(REASON_INTERVAL, network_time() + run_interval) };
	}

function start()
	{
	if ( started )
		return;

	started = T;

	if ( first_delay > 0secs )
		schedule first_delay { tick(REASON_FIRST, network_time() + first_delay) };
	else
		{
		dump(REASON_FIRST);
		schedule_next();
		}
	}

# Zeek fires every pending timer when it shuts down (the end of a trace, a
# node's stop), long before it is due, and before it flushes its connections:
# network_time() is then still short of `due`.
event tick(reason: string, due: time)
	{
	if ( finished )
		return;

	if ( zeek_is_terminating() || network_time() < due )
		{
		if ( ! dump_at_zeek_done )
			dump(REASON_TRACE_END);
		return;
		}

	dump(reason);
	schedule_next();
	}

# Network time starts here: the first packet with -r, start-up elsewhere.
event network_time_init()
	{
	start();
	}

# Network time 0 means it has not started. On a live interface that sees no
# packets network_time_init never comes, and a timer scheduled at start-up
# finds network time still 0; one that fires a moment later finds it
# following the wall clock (recorded on Zeek 8.2.2). So begin() looks again
# every second until it is set (at most an hour's worth of tries, in case a
# timer ever fired over and over with network time stuck at 0).
#
# With -r the first retry fires at the first packet, after network_time_init
# has started the dumps there, and finds them started: no extra dump, the same
# dump times as without the retry. A trace without packets never starts
# network time; its pending retry fires at shutdown, when Zeek is
# terminating, and does nothing.
function begin_decision(now: time, terminating: bool, already_started: bool,
                        retries: count): string
	{
	if ( already_started || terminating )
		return "done";

	if ( now == double_to_time(0.0) )
		return retries < BEGIN_MAX_RETRIES ? "retry" : "done";

	return "start";
	}

event begin()
	{
	local decision = begin_decision(network_time(), zeek_is_terminating(), started, begin_retries);

	if ( decision == "start" )
		start();
	else if ( decision == "retry" )
		{
		++begin_retries;
		schedule BEGIN_RETRY { begin() };
		}
	}

event new_connection(c: connection)
	{
	if ( conn_footprints )
		open_conns[c$id] = c$start_time;
	}

event connection_flipped(c: connection)
	{
	if ( conn_footprints )
		open_conns[c$id] = c$start_time;
	}

# Low priority: measure after the other handlers did their work (Zeek's own
# scripts use priorities down to -10).
event connection_state_remove(c: connection) &priority=-100
	{
	if ( ! conn_footprints )
		return;

	delete open_conns[c$id];
	measure_connection(c, F);
	}

event zeek_init() &priority=5
	{
	Log::create_stream(MY_STATS_LOG, [$columns=Info, $ev=log_my_stats, $path="my_stats"]);
	if ( conn_footprints )
		Log::create_stream(CONNS_LOG, [$columns=ConnInfo, $ev=log_my_stats_conns, $path="my_stats_conns"]);
	Log::create_stream(RUNS_LOG, [$columns=RunInfo, $ev=log_my_stats_runs, $path="my_stats_runs"]);
	schedule 0secs { begin() };
	}

# Low priority: measure after other zeek_done handlers did their work.
event zeek_done() &priority=-5
	{
	if ( dump_at_zeek_done )
		{
		finished = T;
		dump(REASON_FINAL);
		}
	else if ( ! started )
		{
		# Network time never started (a trace without packets): the one dump
		# the original took at shutdown. No connection was flushed before.
		started = T;
		dump(REASON_TRACE_END);
		}
	}

@else

# global_container_footprints() appeared in Zeek 5.0: stop before anything runs.
Reporter::fatal(fmt("my_stats needs Zeek 5.0 or newer (for global_container_footprints()), this is Zeek %s; upgrade Zeek, or use corelight/my_stats, which measures with global_sizes()", zeek_version()));

@endif
