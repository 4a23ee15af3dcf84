// The attribution hot path: batched probes, each an index descent on (ip, starts DESC).
// Bounds on `starts` are written as literals by the caller (probes are grouped by month) so the
// planner prunes partitions at plan time; run-time pruning inside a LATERAL join is 10x slower.

// The answer comes back as ONE text value: a record per candidate (separated by \x1e), fields
// separated by \x1f, times as epoch milliseconds. As 10k rows of typed columns the pg driver
// spent longer building row objects and parsing fields than the server spent on the probes;
// a scan over one string in JS costs a fraction of it (docs/decisions.md, 8).
// Fields: n (1-based position of the probe in $1/$2, whose key is the binding's exact inet),
// id, source_id, starts, ends ('' = open), confirmed_until, end_is_actual (t/f),
// account reference ('' = unmapped, else '=' + reference).
// $1 addresses (host or candidate prefix), $2 times (epoch ms), $3 tolerance, $4 look-back;
// both arrays are sent as ready array literals (see arrayLiteral in the repository).
export function leaseCandidatesSql(lowerBound: string, upperBound: string): string {
  return `
  SELECT string_agg(concat_ws(E'\\x1f', q.n, b.id, b.source_id,
           (date_part('epoch', b.starts) * 1000)::bigint,
           coalesce(((date_part('epoch', b.ends) * 1000)::bigint)::text, ''),
           (date_part('epoch', b.confirmed_until) * 1000)::bigint,
           CASE WHEN b.end_is_actual THEN 't' ELSE 'f' END,
           coalesce('=' || b.account_ref, '')), E'\\x1e') AS candidates
  FROM unnest($1::inet[], $2::float8[]) WITH ORDINALITY AS q(ip, ms, n)
  CROSS JOIN LATERAL (SELECT to_timestamp(q.ms / 1000) AS t) p
  CROSS JOIN LATERAL (
    SELECT b.id, b.source_id, b.starts, b.ends, b.confirmed_until, b.end_is_actual, b.account_ref
    FROM lease_bindings b
    WHERE b.ip = q.ip
      AND b.starts >= '${lowerBound}' AND b.starts <= '${upperBound}'
      AND b.starts <= p.t + $3::interval AND b.starts > p.t - $4::interval
      AND (b.ends IS NULL OR b.ends >= p.t - $3::interval)
  ) b`;
}

// Open records (no end yet) are fetched too, so an answer can say when they were last confirmed.
// CGNAT hop: the port block holding (public address, port) near t, including blocks released
// shortly before t so the port quarantine can be recognised.
// $1 ordinals, $2 public addresses, $3 ports, $4 times, $5 lowest block start port offset
// (block size - 1), $6 tolerance, $7 look-back, $8 quarantine.
export const NAT_BLOCK_CANDIDATES = `
  SELECT p.ord, b.id::text AS id, b.source_id, host(b.public_ip) AS public_ip, b.port_lo, b.port_hi,
         host(b.inside_ip) AS inside_ip, b.pool, b.protocol, b.starts, b.ends, b.confirmed_until,
         b.start_is_inferred
  FROM unnest($1::int[], $2::inet[], $3::int[], $4::timestamptz[], $5::int[])
       AS p(ord, ip, port, t, span)
  CROSS JOIN LATERAL (
    SELECT b.* FROM nat_port_blocks b
    WHERE b.public_ip = p.ip AND b.port_lo BETWEEN p.port - p.span AND p.port AND b.port_hi >= p.port
      AND b.starts <= p.t + $6::interval AND b.starts > p.t - $7::interval
      AND (b.ends IS NULL OR b.ends >= p.t - $6::interval - $8::interval)
  ) b`;
