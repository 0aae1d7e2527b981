##! Logs the footprint of every global container variable (table, set, vector,
##! record), as reported by :zeek:see:`global_container_footprints`, so that
##! state that grows without bound shows up before it takes a node down.
##!
##! Dumps happen at the start of network time (with ``zeek -r``: the first
##! packet), every :zeek:see:`my_stats::run_interval` of network time after
##! that, and once more in :zeek:see:`zeek_done`, after Zeek has flushed the
##! connections it still tracked, so that what ``connection_state_remove``
##! handlers left behind is measured too.
##!
##! Two logs:
##!
##! * ``my_stats.log``: one row per variable and dump, the columns of
##!   corelight/my_stats (``ts run node module_name variable size``).
##! * ``my_stats_runs.log``: one row per dump, written after that dump's
##!   variable rows: the dump's network time and reason, how long the
##!   footprint call took, how many variables it measured and logged, the sum
##!   of all footprints and the process's peak RSS.

@load base/misc/version

@if ( Version::at_least("5.0.0") )

@load base/frameworks/logging
@load base/frameworks/cluster

module my_stats;

export {
	redef enum Log::ID += { MY_STATS_LOG, RUNS_LOG };

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
	};

	## Raised for every my_stats.log row.
	global log_my_stats: event(rec: Info);
	## Raised for every my_stats_runs.log row.
	global log_my_stats_runs: event(rec: RunInfo);
}

# Dumps taken so far; the next one gets number dumps + 1.
global dumps = 0;
# The dump sequence was started (either trigger may come first).
global started = F;
# zeek_done took the final dump: nothing may follow it.
global finished = F;

global begin: event();
global tick: event(reason: string, due: time);

function module_of(name: string): string
	{
	local parts = split_string1(name, /::/);
	return |parts| > 1 ? parts[0] : "GLOBAL";
	}

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

	Log::write(RUNS_LOG, RunInfo($ts=now, $run=dumps, $node=Cluster::node,
	                             $network_time=network_time(), $reason=reason,
	                             $duration=took, $globals=|footprints|,
	                             $logged=logged, $total=total,
	                             $peak_rss=get_proc_stats()$mem));
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

# Fallback for nodes that never see network_time_init (nodes without a packet
# source, on Zeek versions that raise it only for the first packet); there
# network time follows the wall clock and is set by the time this fires. With
# -r a 0 s timer from zeek_init fires before the first packet, while network
# time is still 0: network_time_init starts the dumps then.
event begin()
	{
	if ( network_time() == double_to_time(0.0) || zeek_is_terminating() )
		return;

	start();
	}

event zeek_init() &priority=5
	{
	Log::create_stream(MY_STATS_LOG, [$columns=Info, $ev=log_my_stats, $path="my_stats"]);
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
