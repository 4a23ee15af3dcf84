// SQL fragments the blocking repositories share (src/modules/blocking/*.repository.ts).

// An order as blocking.rows.ts reads it.
export const ORDER_COLUMNS = `id, reference, organisation_id, status, court, jurisdiction, case_number,
  to_char(order_date, 'YYYY-MM-DD') AS order_date, claimants, isp_named, measures,
  implementation_days, starts_at, ends_at, cost_bearer, update_basis, how_to_contest,
  document_sha256, document_size, decided_at, decided_by, decision_reason, created_at`;

// A target, its columns prefixed with `alias.`.
export function targetColumns(alias: string): string {
  return [
    'id',
    'order_id',
    'kind',
    'value',
    'source',
    'update_request_id',
    'status',
    'refusal_reason',
    'override_justification',
    'override_by',
    'window_starts_at',
    'window_ends_at',
    'effective_from',
    'implement_by',
    'first_exported_at',
  ]
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

// A proposal's deadline to decide (legal's review queue): the order's implementation days from
// submission, never past the order's end.
export const DECIDE_BY = `LEAST(r.submitted_at + o.implementation_days * interval '1 day', o.ends_at)`;

export const REQUEST_COLUMNS = `r.id, r.reference, r.order_id, o.reference AS order_reference,
  r.organisation_id, r.kind, r.value, r.mirror_of, r.evidence, r.flags, r.status, r.basis_kind,
  r.basis_reference, r.refusal_ground, r.decision_reason, r.override_justification, r.decided_at,
  r.decided_by, r.submitted_at, t.implement_by,
  ${DECIDE_BY} AS decide_by`;

// Update requests (r) with their order (o) and the target an approval made (t).
export const REQUEST_FROM = `FROM blocking_update_requests r JOIN blocking_orders o ON o.id = r.order_id
         LEFT JOIN blocking_targets t ON t.update_request_id = r.id`;

// Order o is confirmed and within its term at $1, and inside one of its live-event windows if
// it has any.
export const ORDER_OPEN_AT = `o.status = 'confirmed' AND o.starts_at <= $1 AND o.ends_at > $1
  AND (NOT EXISTS (SELECT 1 FROM blocking_event_windows w WHERE w.order_id = o.id)
       OR EXISTS (SELECT 1 FROM blocking_event_windows w
                   WHERE w.order_id = o.id AND w.starts_at <= $1 AND w.ends_at > $1))`;

// Target t is approved, effective at $1 and inside its own window (tickets), if any.
export const TARGET_LIVE_AT = `t.status = 'active' AND t.effective_from <= $1
  AND (t.window_starts_at IS NULL OR (t.window_starts_at <= $1 AND t.window_ends_at > $1))`;

export const PROTECTED_COLUMNS = `id, kind, value, asn::text AS asn, note, source, created_by, created_at`;

export const COST_COLUMNS = `id, order_id, to_char(incurred_on, 'YYYY-MM-DD') AS incurred_on, description,
  hours::text AS hours, amount_cents::text AS amount_cents, currency, created_by, created_at`;
