# Leak zoo, class 3: a per-connection table of pending requests that only a
# reply drains (zeek/zeek#1705: HTTP's pending requests on half-duplex
# traffic). Correct where both directions are seen; where a tap sees only the
# client's side, no reply ever comes and the table grows with every request
# for as long as the connection lives. Global footprints never see it: it lives
# in the connection record.
# Fixed twin: half-duplex-pending-fixed.zeek (at most 10 pending, the oldest
# dropped, as HTTP::max_pending_requests does now). Caught by: connection field
# zoo_http_pending, max.
#
# One request or reply is one data packet in the zoo's HTTP workloads; an entry
# is 4 footprint units (URIs under 32 bytes).
# fake-zeek: conn zoo_http_pending +4 per data packet of orig on 80/tcp
# fake-zeek: conn zoo_http_pending -4 per data packet of resp on 80/tcp
module ZooHalfDuplex;

export {
	type Pending: record {
		## Pending requests by number.
		requests: table[count] of string;
		## Requests seen, and replies: the next request's and the oldest pending one's number.
		sent:     count &default=0;
		answered: count &default=0;
	};
}

redef record connection += {
	zoo_http_pending: ZooHalfDuplex::Pending &optional;
};

event http_request(c: connection, method: string, original_URI: string, unescaped_URI: string, version: string)
	{
	if ( ! c?$zoo_http_pending )
		c$zoo_http_pending = Pending($requests=table());

	local p = c$zoo_http_pending;
	p$requests[p$sent] = original_URI;
	p$sent += 1;
	}

event http_reply(c: connection, version: string, code: count, reason: string)
	{
	if ( ! c?$zoo_http_pending )
		return;

	local p = c$zoo_http_pending;
	if ( p$answered < p$sent )
		{
		delete p$requests[p$answered];
		p$answered += 1;
		}
	}
