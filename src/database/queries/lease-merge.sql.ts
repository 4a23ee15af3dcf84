// Set-based SQL that turns a batch of staged lease records into bindings (intervals).
// Kept in one place, parameterised, and tested against real PostgreSQL.

// For the import's transaction only: a batch's sorts (100k staged rows with their raw text)
// fit in memory instead of spilling to disk, and JIT compilation (~100 ms a statement) does not
// pay off for statements that run once per batch. Every probe of the import finds at most a
// few rows, where a plain index scan costs half what the planner's bitmap scan does.
export const IMPORT_SESSION_SETTINGS = `SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;
  SET LOCAL enable_bitmapscan = off`;

// Staging tables live per connection and are emptied between batches.
export const CREATE_STAGE_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS stage_bindings (
    family smallint, ip inet, identifier_type text, identifier text, identifiers text[],
    session_key text, nas inet, starts_ms bigint, ends_ms bigint, end_is_actual boolean,
    observed_ms bigint, line_number int, raw text, n int,
    starts timestamptz GENERATED ALWAYS AS (to_timestamp(starts_ms / 1000.0::float8)) STORED,
    ends timestamptz GENERATED ALWAYS AS (to_timestamp(ends_ms / 1000.0::float8)) STORED,
    observed_at timestamptz GENERATED ALWAYS AS (to_timestamp(observed_ms / 1000.0::float8)) STORED
  );
  CREATE TEMP TABLE IF NOT EXISTS stage_blocks (
    action text, public_ip inet, port_lo int, port_hi int, inside_ip inet, pool text,
    protocol text, at timestamptz, line_number int, raw text
  );
  TRUNCATE stage_bindings, stage_blocks;`;

// n numbers the records of a batch (0, 1, ...), so a record can be named without its text.
// Times arrive as epoch milliseconds: PostgreSQL's text timestamp parser cost more per row than
// anything else in the COPY; the stage table turns them into timestamptz columns.
export const STAGE_BINDINGS_COLUMNS =
  'family, ip, identifier_type, identifier, identifiers, session_key, nas, starts_ms, ends_ms, end_is_actual, observed_ms, line_number, raw, n';
export const STAGE_BLOCKS_COLUMNS =
  'action, public_ip, port_lo, port_hi, inside_ip, pool, protocol, at, line_number, raw';
// Allocations that continue and repeat nothing are copied straight into nat_port_blocks
// (the importer's splitBlocks decides which).
export const DIRECT_BLOCKS_COLUMNS =
  'source_id, import_id, public_ip, port_lo, port_hi, inside_ip, pool, protocol, starts, confirmed_until, line_number, raw';

// $1 = source id, $2 = the latest block start of a batch (epoch ms).
export const GROW_LATEST_BLOCK_START = `
  UPDATE lease_sources SET latest_block_start = to_timestamp($2::float8 / 1000)
  WHERE id = $1 AND latest_block_start < to_timestamp($2::float8 / 1000)`;

// Chains are cut at fixed half-look-back buckets, so no stored binding outgrows the look-back
// that attribution probes use. Session records (RADIUS, generic CSV with a session id) chain by
// session whatever their start.
const BUCKET = (s: string, seconds: string) =>
  `CASE WHEN ${s}.session_key IS NOT NULL THEN 0 ELSE floor(extract(epoch FROM ${s}.starts) / ${seconds})::bigint END`;

// The stored binding a group (or a record alone) continues: same address, identifier and
// session, starting within the look-back, and for DHCP still covering the group's start.
// A DHCP binding that covers the start began at most the source's longest stored binding
// before it (lease_sources.longest_binding, kept by every write below): that bound keeps the
// index range to the bindings that can match, not every binding of the address in the
// look-back. $1 = source id, $2 = look-back.
const STORED_MATCH = (g: string, cover: string) => `
    b.ip = ${g}.ip AND b.source_id = $1
      AND b.identifier_type = ${g}.identifier_type AND b.identifier = ${g}.identifier
      AND b.starts > ${g}.starts - $2::interval
      AND b.starts >= ${g}.starts - CASE WHEN ${g}.session_key IS NULL
        THEN (SELECT longest_binding FROM lease_sources WHERE id = $1) ELSE $2::interval END
      AND b.starts <= ${cover}
      AND ((${g}.session_key IS NOT NULL AND b.session_key = ${g}.session_key)
        OR (${g}.session_key IS NULL AND b.session_key IS NULL
            AND coalesce(b.ends, b.confirmed_until) >= ${g}.starts
            AND ${cover} - b.starts <= $2::interval))`;

// Which staged records can chain: with a stored binding (one indexed probe per record, the
// same condition as the match below for a group of one; a LATERAL with LIMIT, not EXISTS, so
// the planner cannot turn it into a hash join that reads the whole partition per batch, which
// it does when a partition filled in this transaction still looks empty to it), or, when the importer saw a key twice
// in the batch, with another record of the batch (same address, identifier, session and
// bucket). Every other record is a binding of its own and goes straight in (INSERT_LONE_BINDINGS)
// without the grouping sorts. $1 = source id, $2 = look-back, $3 (within the batch only) = bucket
// length in seconds.
// A DHCP record that starts after everything the source's stored DHCP bindings reach
// (lease_sources.latest_cover) cannot continue one and is not probed: in files read in time
// order, most records of a batch start after the batches before it.
export const FIND_CHAINING_RECORDS = (withinBatch: boolean) => `
  CREATE TEMP TABLE chaining_records ON COMMIT DROP AS
  SELECT s.n FROM stage_bindings s
  CROSS JOIN LATERAL (
    SELECT 1 FROM lease_bindings b
    WHERE ${STORED_MATCH('s', 'coalesce(s.ends, s.observed_at)')}
    LIMIT 1
  ) stored
  WHERE s.session_key IS NOT NULL
    OR s.starts <= (SELECT latest_cover FROM lease_sources WHERE id = $1)
  ${
    withinBatch
      ? `UNION
  SELECT r.n FROM (
    SELECT s.n, count(*) OVER (PARTITION BY s.ip, s.identifier_type, s.identifier,
      s.session_key, ${BUCKET('s', '$3')}) AS records
    FROM stage_bindings s) r
  WHERE r.records > 1`
      : ''
  }`;

// Records of one binding become one group:
// - RADIUS: every record with the same session key (Start, Interim-Update, Stop);
// - DHCP and the rest: records of one address and identifier chained while each starts
//   before the previous ones end (renewals), a gap starts a new binding ("islands").
// The latest record (by observation time) decides the end; confirmed_until is the latest
// observation and is never extended to now.
// Then each group is matched with a binding already stored ($1 = source id, $2 = look-back,
// $3 = bucket length in seconds). Only the records FIND_CHAINING_RECORDS picked are grouped.
export const GROUP_AND_MATCH_BINDINGS = `
  CREATE TEMP TABLE merged_bindings ON COMMIT DROP AS
  WITH bucketed AS (
    SELECT s.*, ${BUCKET('s', '$3')} AS bucket
    FROM stage_bindings s JOIN chaining_records c ON c.n = s.n
  ), ordered AS (
    SELECT s.*, max(coalesce(s.ends, s.observed_at)) OVER (
        PARTITION BY s.ip, s.identifier_type, s.identifier, s.session_key, s.bucket
        ORDER BY s.starts, s.observed_at, s.line_number
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_cover,
      -- Shares the sort above; a record alone in its partition is its own group.
      count(*) OVER (PARTITION BY s.ip, s.identifier_type, s.identifier, s.session_key, s.bucket)
        AS partition_size
    FROM bucketed s
  ), islands AS (
    SELECT o.*, CASE WHEN o.session_key IS NOT NULL THEN 0 ELSE
        sum(CASE WHEN o.prev_cover IS NULL OR o.starts > o.prev_cover THEN 1 ELSE 0 END) OVER (
          PARTITION BY o.ip, o.identifier_type, o.identifier, o.session_key, o.bucket
          ORDER BY o.starts, o.observed_at, o.line_number) END AS island
    FROM ordered o
  ), groups AS (
    -- Most records of a batch are alone in their partition (one snapshot row per lease): they
    -- pass through as they are. The aggregate below (a sort per array_agg per group) is only
    -- paid for records that can chain with others in the batch.
    SELECT family, ip, identifier_type, identifier, session_key, bucket, island,
      starts, observed_at AS confirmed_until, ends, end_is_actual, identifiers, nas, raw,
      raw AS raw_last, line_number, 1 AS records
    FROM islands WHERE partition_size = 1
    UNION ALL
    SELECT family, ip, identifier_type, identifier, session_key, bucket, island,
      min(starts) AS starts,
      max(observed_at) AS confirmed_until,
      (array_agg(ends ORDER BY observed_at DESC, line_number DESC))[1] AS ends,
      (array_agg(end_is_actual ORDER BY observed_at DESC, line_number DESC))[1] AS end_is_actual,
      -- array_agg of arrays makes a 2-D array: carry the latest list as one string instead.
      string_to_array((array_agg(array_to_string(identifiers, E'\\x1f')
        ORDER BY observed_at DESC, line_number DESC))[1], E'\\x1f') AS identifiers,
      (array_agg(nas) FILTER (WHERE nas IS NOT NULL))[1] AS nas,
      (array_agg(raw ORDER BY starts, line_number))[1] AS raw,
      (array_agg(raw ORDER BY observed_at DESC, line_number DESC))[1] AS raw_last,
      min(line_number) AS line_number,
      count(*)::int AS records
    FROM islands WHERE partition_size > 1
    GROUP BY ip, identifier_type, identifier, session_key, bucket, island, family
  )
  SELECT g.*, e.id AS e_id, e.starts AS e_starts, e.ends AS e_ends,
         e.confirmed_until AS e_confirmed, e.end_is_actual AS e_actual
  FROM groups g
  LEFT JOIN LATERAL (
    SELECT b.id, b.starts, b.ends, b.confirmed_until, b.end_is_actual
    FROM lease_bindings b
    WHERE ${STORED_MATCH('g', 'coalesce(g.ends, g.confirmed_until)')}
    ORDER BY b.starts DESC
    LIMIT 1
  ) e ON true`;

// A matched group that adds nothing (same start, end and confirmation) is a duplicate.
// longest_ms: the longest new DHCP binding among the groups (for lease_sources.longest_binding);
// cover_ms: the latest end, else confirmation, of the new ones (lease_sources.latest_cover).
export const COUNT_MERGED_BINDINGS = `
  SELECT
    (extract(epoch FROM max(coalesce(ends, confirmed_until) - starts)
      FILTER (WHERE e_id IS NULL AND session_key IS NULL)) * 1000)::float8 AS longest_ms,
    (extract(epoch FROM max(coalesce(ends, confirmed_until))
      FILTER (WHERE e_id IS NULL AND session_key IS NULL)) * 1000)::float8 AS cover_ms,
    coalesce(sum(records) FILTER (WHERE e_id IS NULL), 0)::bigint AS inserted,
    coalesce(sum(records) FILTER (WHERE e_id IS NOT NULL AND NOT (
      starts >= e_starts AND confirmed_until <= e_confirmed
      AND (confirmed_until < e_confirmed OR (ends IS NOT DISTINCT FROM e_ends AND end_is_actual = e_actual))
    )), 0)::bigint AS updated,
    coalesce(sum(records) FILTER (WHERE e_id IS NOT NULL AND
      starts >= e_starts AND confirmed_until <= e_confirmed
      AND (confirmed_until < e_confirmed OR (ends IS NOT DISTINCT FROM e_ends AND end_is_actual = e_actual))
    ), 0)::bigint AS duplicates
  FROM merged_bindings`;

// The first of a binding's identifiers (in priority order) that maps to an account when the
// binding starts gives its account reference. $1 = identifiers, $2 = time.
const RESOLVE_ACCOUNT = (identifiers: string, time: string) => `(
    SELECT a.reference
    FROM unnest(${identifiers}) WITH ORDINALITY AS k(key, pos)
    JOIN account_identifiers ai
      ON ai.identifier_type = split_part(k.key, ':', 1)
     AND ai.identifier = substr(k.key, length(split_part(k.key, ':', 1)) + 2)
     AND ai.valid_from <= ${time} AND ai.valid_until > ${time}
    JOIN subscriber_accounts a ON a.id = ai.account_id
    ORDER BY k.pos LIMIT 1)`;

// Returns the longest DHCP binding it left (for lease_sources.longest_binding).
export const UPDATE_MATCHED_BINDINGS = `
  WITH updated AS (
  UPDATE lease_bindings b SET
    starts = least(b.starts, m.starts),
    confirmed_until = greatest(b.confirmed_until, m.confirmed_until),
    ends = CASE WHEN m.confirmed_until >= b.confirmed_until THEN m.ends ELSE b.ends END,
    end_is_actual = CASE WHEN m.confirmed_until >= b.confirmed_until THEN m.end_is_actual ELSE b.end_is_actual END,
    identifiers = CASE WHEN m.confirmed_until >= b.confirmed_until THEN m.identifiers ELSE b.identifiers END,
    account_ref = coalesce(b.account_ref, ${RESOLVE_ACCOUNT('m.identifiers', 'least(b.starts, m.starts)')}),
    raw = CASE WHEN m.starts < b.starts THEN m.raw ELSE b.raw END,
    raw_last = CASE WHEN m.confirmed_until >= b.confirmed_until THEN m.raw_last ELSE b.raw_last END
  FROM merged_bindings m
  WHERE m.e_id IS NOT NULL AND b.id = m.e_id AND b.starts = m.e_starts
    AND (m.starts < b.starts OR m.confirmed_until > b.confirmed_until
      OR (m.confirmed_until = b.confirmed_until
          AND (m.ends IS DISTINCT FROM b.ends OR m.end_is_actual <> b.end_is_actual)))
  RETURNING b.starts, b.ends, b.confirmed_until, b.session_key)
  SELECT (extract(epoch FROM max(coalesce(ends, confirmed_until) - starts)
    FILTER (WHERE session_key IS NULL)) * 1000)::float8 AS longest_ms,
    (extract(epoch FROM max(coalesce(ends, confirmed_until))
      FILTER (WHERE session_key IS NULL)) * 1000)::float8 AS cover_ms
  FROM updated`;

// After a batch: the source's longest DHCP binding grows to $2 ms if that is longer, and its
// latest cover to $3 (epoch ms) if that is later.
export const GROW_SOURCE_BOUNDS = `
  UPDATE lease_sources SET
    longest_binding = greatest(longest_binding, $2::float8 * interval '1 millisecond'),
    latest_cover = greatest(latest_cover, to_timestamp($3::float8 / 1000))
  WHERE id = $1 AND (longest_binding < $2::float8 * interval '1 millisecond'
    OR latest_cover < to_timestamp($3::float8 / 1000))`;

// $1 = source id, $2 = import id.
export const INSERT_NEW_BINDINGS = `
  INSERT INTO lease_bindings (source_id, family, ip, identifier_type, identifier, identifiers,
    account_ref, session_key, nas, starts, ends, end_is_actual, confirmed_until, import_id,
    line_number, raw, raw_last)
  SELECT $1, m.family, m.ip, m.identifier_type, m.identifier, m.identifiers,
    ${RESOLVE_ACCOUNT('m.identifiers', 'm.starts')}, m.session_key, m.nas, m.starts, m.ends,
    m.end_is_actual, m.confirmed_until, $2, m.line_number, m.raw,
    CASE WHEN m.records > 1 THEN m.raw_last END
  FROM merged_bindings m WHERE m.e_id IS NULL`;

// Records that chain with nothing go in as they are, with their account references resolved
// in one join for the batch (the first identifier, in priority order, mapped when the record
// starts). The first identifier is always the staged primary one (identifier_type,
// identifier), so it is joined as two plain columns, which the planner can hash; only records
// with more identifiers unnest the rest (pos 2, 3, ...). Unnesting and splitting every record's
// list cost as much as storing the rows. $1 = source id, $2 = import id.
export const INSERT_LONE_BINDINGS = `
  INSERT INTO lease_bindings (source_id, family, ip, identifier_type, identifier, identifiers,
    account_ref, session_key, nas, starts, ends, end_is_actual, confirmed_until, import_id,
    line_number, raw)
  SELECT $1, s.family, s.ip, s.identifier_type, s.identifier, s.identifiers, r.reference,
    s.session_key, s.nas, s.starts, s.ends, s.end_is_actual, s.observed_at, $2, s.line_number,
    s.raw
  FROM stage_bindings s
  LEFT JOIN (
    SELECT DISTINCT ON (m.n) m.n, m.reference
    FROM (
      SELECT s.n, 1::bigint AS pos, a.reference
      FROM stage_bindings s
      JOIN account_identifiers ai
        ON ai.identifier_type = s.identifier_type AND ai.identifier = s.identifier
       AND ai.valid_from <= s.starts AND ai.valid_until > s.starts
      JOIN subscriber_accounts a ON a.id = ai.account_id
      UNION ALL
      SELECT s.n, k.pos + 1, a.reference
      FROM stage_bindings s
      CROSS JOIN LATERAL unnest(s.identifiers[2:]) WITH ORDINALITY AS k(key, pos)
      JOIN account_identifiers ai
        ON ai.identifier_type = split_part(k.key, ':', 1)
       AND ai.identifier = substr(k.key, length(split_part(k.key, ':', 1)) + 2)
       AND ai.valid_from <= s.starts AND ai.valid_until > s.starts
      JOIN subscriber_accounts a ON a.id = ai.account_id
      WHERE cardinality(s.identifiers) > 1
    ) m
    ORDER BY m.n, m.pos
  ) r ON r.n = s.n
  WHERE NOT EXISTS (SELECT 1 FROM chaining_records c WHERE c.n = s.n)`;

// After the customer export changed mappings: re-resolve the bindings that carry any of the
// changed identifiers ($1 = 'type:value' keys).
export const RERESOLVE_ACCOUNTS = `
  UPDATE lease_bindings b SET account_ref = r.ref
  FROM (SELECT id, starts, ${RESOLVE_ACCOUNT('identifiers', 'starts')} AS ref
        FROM lease_bindings WHERE identifiers && $1::text[]) r
  WHERE b.id = r.id AND b.starts = r.starts AND b.account_ref IS DISTINCT FROM r.ref`;

// Accounting-On/Off: every session of that NAS still open at that time ends then.
// $1 = source id, $2 = NAS address, $3 = time, $4 = reason.
// Returns how many it closed and the longest DHCP binding among them.
export const CLOSE_OPEN_SESSIONS_OF_NAS = `
  WITH closed AS (
    UPDATE lease_bindings SET ends = $3, end_is_actual = true, close_reason = $4
    WHERE source_id = $1 AND nas = $2 AND ends IS NULL AND starts <= $3 AND confirmed_until <= $3
    RETURNING starts, ends, session_key)
  SELECT count(*)::int AS closed,
    (extract(epoch FROM max(ends - starts) FILTER (WHERE session_key IS NULL)) * 1000)::float8
      AS longest_ms,
    (extract(epoch FROM max(ends) FILTER (WHERE session_key IS NULL)) * 1000)::float8 AS cover_ms
  FROM closed`;

// Port blocks: an allocation opens a block, interim updates confirm it, a release ends it.
// A block is keyed by public address, first port, inside address and protocol (a TCP and a
// UDP block of one subscriber on the same ports are two blocks; NULL: every protocol).
// Records without an allocation in this batch continue a stored block ($1 source, $2 look-back).
export const GROUP_AND_MATCH_BLOCKS = `
  CREATE TEMP TABLE merged_blocks ON COMMIT DROP AS
  WITH numbered AS (
    SELECT s.*, sum(CASE WHEN s.action = 'alloc' THEN 1 ELSE 0 END) OVER (
        PARTITION BY s.public_ip, s.port_lo, s.inside_ip, s.protocol
        ORDER BY s.at, s.line_number) AS island
    FROM stage_blocks s
  ), groups AS (
    SELECT public_ip, port_lo, inside_ip, protocol, island,
      max(port_hi) AS port_hi,
      (array_agg(pool) FILTER (WHERE pool IS NOT NULL))[1] AS pool,
      min(at) AS starts,
      bool_and(action <> 'alloc') AS start_is_inferred,
      max(at) FILTER (WHERE action = 'release') AS ends,
      max(at) AS confirmed_until,
      (array_agg(raw ORDER BY at, line_number))[1] AS raw,
      (array_agg(raw ORDER BY at DESC, line_number DESC))[1] AS raw_last,
      min(line_number) AS line_number,
      count(*)::int AS records
    FROM numbered GROUP BY public_ip, port_lo, inside_ip, protocol, island
  )
  SELECT g.*, e.id AS e_id, e.starts AS e_starts, e.ends AS e_ends, e.confirmed_until AS e_confirmed
  FROM groups g
  LEFT JOIN LATERAL (
    SELECT b.id, b.starts, b.ends, b.confirmed_until FROM nat_port_blocks b
    WHERE b.public_ip = g.public_ip AND b.port_lo = g.port_lo AND b.source_id = $1
      AND b.inside_ip = g.inside_ip AND b.protocol IS NOT DISTINCT FROM g.protocol
      AND b.starts > g.starts - $2::interval AND b.starts <= g.starts
      AND (b.starts = g.starts OR (g.start_is_inferred AND (b.ends IS NULL OR b.ends >= g.starts)))
    ORDER BY b.starts DESC LIMIT 1
  ) e ON true`;

// A group changes its stored block when it confirms it later or ends it differently; a group
// without a release (ends NULL) leaves a stored end as it is (UPDATE_MATCHED_BLOCKS keeps it), so
// re-reading an allocation whose release is stored is a duplicate, not an update.
export const COUNT_MERGED_BLOCKS = `
  SELECT
    coalesce(sum(records) FILTER (WHERE e_id IS NULL), 0)::bigint AS inserted,
    coalesce(sum(records) FILTER (WHERE e_id IS NOT NULL AND (confirmed_until > e_confirmed
      OR (ends IS NOT NULL AND ends IS DISTINCT FROM e_ends))), 0)::bigint AS updated,
    coalesce(sum(records) FILTER (WHERE e_id IS NOT NULL AND confirmed_until <= e_confirmed
      AND (ends IS NULL OR ends IS NOT DISTINCT FROM e_ends)), 0)::bigint AS duplicates
  FROM merged_blocks`;

export const UPDATE_MATCHED_BLOCKS = `
  UPDATE nat_port_blocks b SET
    confirmed_until = greatest(b.confirmed_until, m.confirmed_until),
    ends = coalesce(m.ends, b.ends),
    raw_last = CASE WHEN m.confirmed_until >= b.confirmed_until THEN m.raw_last ELSE b.raw_last END
  FROM merged_blocks m
  WHERE m.e_id IS NOT NULL AND b.id = m.e_id AND b.starts = m.e_starts
    AND (m.confirmed_until > b.confirmed_until
      OR (m.ends IS NOT NULL AND m.ends IS DISTINCT FROM b.ends))`;

export const INSERT_NEW_BLOCKS = `
  INSERT INTO nat_port_blocks (source_id, public_ip, port_lo, port_hi, inside_ip, pool, protocol,
    starts, ends, start_is_inferred, confirmed_until, import_id, line_number, raw, raw_last)
  SELECT $1, public_ip, port_lo, port_hi, inside_ip, pool, protocol, starts, ends, start_is_inferred,
    confirmed_until, $2, line_number, raw, CASE WHEN records > 1 THEN raw_last END
  FROM merged_blocks WHERE e_id IS NULL`;
