# Leak zoo, class 3, fixed: the same pending table, but never more than 10
# requests: the oldest is dropped when a new one would exceed that.
# fake-zeek: conn zoo_http_pending +4 per data packet of orig max 40 on 80/tcp
# fake-zeek: conn zoo_http_pending -4 per data packet of resp on 80/tcp
module ZooHalfDuplex;

export {
	type Pending: record {
		requests: table[count] of string;
		sent:     count &default=0;
		answered: count &default=0;
	};

	const max_pending = 10 &redef;
}

redef record connection += {
	zoo_http_pending: ZooHalfDuplex::Pending &optional;
};

event http_request(c: connection, method: string, original_URI: string, unescaped_URI: string, version: string)
	{
	if ( ! c?$zoo_http_pending )
		c$zoo_http_pending = Pending($requests=table());

	local p = c$zoo_http_pending;
	if ( |p$requests| >= max_pending )
		{
		delete p$requests[p$answered];
		p$answered += 1;
		}

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
