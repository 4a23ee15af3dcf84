// SQL that several messaging repositories share, named once.

// Reason codes of items whose warning was dead-lettered (status not_forwarded until a desk
// retry or a late acknowledgement).
export const WARNING_DEAD_LETTERED = 'warning_dead_lettered';
export const WARNING_OUTCOME_UNKNOWN = 'warning_outcome_unknown';
export const UNDELIVERED_CODES = `('${WARNING_DEAD_LETTERED}', '${WARNING_OUTCOME_UNKNOWN}')`;

// The items of the dead messages `m` (a CTE of ids) turn not_forwarded with the reason code and
// reason in the parameters named (e.g. '$3', '$4').
export function undeliveredItems(reasonCode: string, reason: string): string {
  return `UPDATE notice_items SET status = 'not_forwarded', reason_code = ${reasonCode},
         reason = ${reason}, updated_at = now()
   WHERE id IN (SELECT item_id FROM outbound_message_items
                 WHERE message_id IN (SELECT id FROM m))
     AND status = 'attributed'`;
}

// An item `i` no message has warned about yet.
export const UNMESSAGED = `NOT EXISTS (SELECT 1 FROM outbound_message_items mi WHERE mi.item_id = i.id)`;

// The notice references of the challenge `c`'s message, sorted, as a text[] (never null).
export const CHALLENGE_NOTICE_REFS = `coalesce((SELECT array_agg(DISTINCT n.reference ORDER BY n.reference)
                               FROM outbound_message_items mi
                               JOIN notice_items i ON i.id = mi.item_id
                               JOIN notices n ON n.id = i.notice_id
                              WHERE mi.message_id = c.message_id), '{}')`;

// The notices and items of one message ($1): join this after FROM outbound_message_items mi.
export const MESSAGE_ITEMS_JOIN = `JOIN notice_items i ON i.id = mi.item_id
         JOIN notices n ON n.id = i.notice_id`;

// TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
export function updatedRows(res: unknown): unknown[] {
  return Array.isArray(res) && Array.isArray(res[0]) ? (res[0] as unknown[]) : [];
}

// Open rows first (oldest first: they are waiting longest), then decided ones, newest first.
export function openFirst(alias: string): string {
  return `(${alias}.status = 'open') DESC,
                   CASE WHEN ${alias}.status = 'open' THEN ${alias}.created_at END ASC,
                   ${alias}.created_at DESC, ${alias}.id`;
}
