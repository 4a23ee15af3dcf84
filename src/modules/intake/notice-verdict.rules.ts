import { randomUUID } from 'node:crypto';
import type { Reservation } from './intake-quota.repository';
import { ItemStatus, NewItem, NoticeStatus } from './intake.types';
import type { ParsedItem, ParsedNotice } from './parsing';
import type { CheckResult, PolicyVerdict } from './policy/notice-policy';

// The pure rules of a notice's verdict (NoticeVerdictService.plan): duplicate keys, each item's
// status, the quota's share-out and the notice's outcome. No I/O here.

export const HOUR = 3_600_000;

export function windowStartOf(t: Date): Date {
  return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
}

// The reason code a failing check gives an item: its name, except that a missing P2P protocol
// says what the notice is (a web, hosting or streaming takedown).
export function reasonCodeOf(failure: CheckResult): string {
  return failure.check === 'p2p_evidence' ? 'not_p2p' : failure.check;
}

// Sender, case, address, port and time: the same again is a duplicate. Null when the item has
// no address or time to compare.
export function dedupeKey(
  organisationId: string,
  notice: Pick<ParsedNotice, 'caseId'>,
  item: ParsedItem,
): string | null {
  if (item.ip === null || item.observedAt === null) return null;
  return [
    organisationId,
    item.caseId ?? notice.caseId ?? '',
    item.ip,
    item.port ?? '',
    item.observedAt.toISOString(),
  ].join('|');
}

// The first failing check of the item at `position` (a notice-level failure counts for all).
function failureAt(verdict: PolicyVerdict, position: number): CheckResult | null {
  return verdict.noticeFailure ?? verdict.itemFailures[position];
}

// How many items would take quota: those no check, read refusal or desk hold stops.
export function quotaWanted(
  notice: ParsedNotice,
  verdict: PolicyVerdict,
  held: (item: ParsedItem) => boolean,
): number {
  return notice.items.filter(
    (item, n) => !failureAt(verdict, n) && item.readRefusal === undefined && !held(item),
  ).length;
}

export interface ItemDecision {
  status: ItemStatus;
  reasonCode: string | null;
  reason: string | null;
}

// One item's status before quota: duplicate, refused (read refusal or failing check), held
// for the desk, or accepted.
export function decideItem(
  item: ParsedItem,
  position: number,
  verdict: PolicyVerdict,
  isDuplicate: boolean,
  held: boolean,
): ItemDecision {
  const failure = failureAt(verdict, position);
  if (isDuplicate) {
    return {
      status: 'duplicate',
      reasonCode: 'duplicate',
      reason: 'the same sender, case, address, port and time were received before',
    };
  }
  if (item.readRefusal !== undefined) {
    return {
      status: 'refused',
      reasonCode: item.readRefusal.code,
      reason: item.readRefusal.message,
    };
  }
  if (failure) {
    // Every failing check of the item, so the sender learns them all at once.
    const all = verdict.noticeFailure ? [failure] : verdict.itemAllFailures[position];
    const reason =
      all.length > 1
        ? all.map((f) => `${reasonCodeOf(f)}: ${f.detail ?? f.check}`).join('; ')
        : (failure.detail ?? failure.check);
    return { status: 'refused', reasonCode: reasonCodeOf(failure), reason };
  }
  if (held) {
    return {
      status: 'held',
      reasonCode: 'awaiting_confirmation',
      reason: 'read from plain text; waits for the abuse desk to confirm it',
    };
  }
  return { status: 'accepted', reasonCode: null, reason: null };
}

// The row to store for one parsed item, given its decision.
export function newItem(
  id: string,
  position: number,
  item: ParsedItem,
  notice: Pick<ParsedNotice, 'titles'>,
  key: string | null,
  decision: ItemDecision,
  duplicateOf: string | null,
): NewItem {
  return {
    id,
    position,
    ip: item.ip,
    port: item.port,
    observedAt: item.observedAt,
    protocol: item.protocol ?? item.type,
    application: item.application,
    title: item.title ?? notice.titles[0] ?? null,
    fileName: item.fileName,
    fileSize:
      item.fileSizeBytes !== null && Number.isSafeInteger(item.fileSizeBytes)
        ? item.fileSizeBytes
        : null,
    hashType: item.hashType,
    hash: item.hash,
    peerId: item.peerId,
    dedupeKey: key,
    status: decision.status,
    reasonCode: decision.reasonCode,
    reason: decision.reason,
    duplicateOf: decision.status === 'duplicate' ? duplicateOf : null,
    acceptedAt: null,
    expectedAt: null,
  };
}

// Every item of the notice, in order. A key seen earlier in the database or earlier in this
// notice makes the item a duplicate of that first item.
export function planItems(
  notice: ParsedNotice,
  keys: Array<string | null>,
  verdict: PolicyVerdict,
  earlier: Reservation['earlier'],
  held: (item: ParsedItem) => boolean,
  newId: () => string = randomUUID,
): NewItem[] {
  const seenHere = new Map<string, string>();
  return notice.items.map((item, position) => {
    const id = newId();
    const key = keys[position];
    const first = key !== null ? (earlier.get(key)?.itemId ?? seenHere.get(key)) : undefined;
    const decision = decideItem(item, position, verdict, first !== undefined, held(item));
    if (key !== null && first === undefined) seenHere.set(key, id);
    return newItem(id, position, item, notice, key, decision, first ?? null);
  });
}

// The earlier notice that answers this one when every item is a duplicate of a stored item;
// null otherwise.
export function answeringNotice(items: NewItem[], earlier: Reservation['earlier']): string | null {
  const allDuplicates =
    items.length > 0 &&
    items.every(
      (i) => i.status === 'duplicate' && i.dedupeKey !== null && earlier.has(i.dedupeKey),
    );
  if (!allDuplicates) return null;
  const first = items[0].dedupeKey;
  return first !== null ? (earlier.get(first)?.noticeId ?? null) : null;
}

// The first `granted` accepted items are let through now; the rest wait for the next window.
export function assignQuota(
  items: NewItem[],
  granted: number,
  now: Date,
  window: Date,
  quotaPerHour: number,
): NewItem[] {
  const nextWindow = new Date(window.getTime() + HOUR);
  let n = 0;
  return items.map((item) => {
    if (item.status !== 'accepted') return item;
    if (n++ < granted) return { ...item, acceptedAt: now };
    return {
      ...item,
      status: 'queued',
      reasonCode: 'quota',
      reason: `over the sender's quota of ${quotaPerHour} items an hour`,
      expectedAt: nextWindow,
    };
  });
}

export interface NoticeOutcome {
  status: NoticeStatus;
  refusalCode: string | null;
  refusalReason: string | null;
}

// The notice is accepted while any item lives on or was a duplicate; otherwise refused, with
// the notice-level failure, or why no item was left.
export function noticeOutcome(items: NewItem[], verdict: PolicyVerdict): NoticeOutcome {
  const live = items.some(
    (i) => i.status === 'accepted' || i.status === 'queued' || i.status === 'held',
  );
  const status: NoticeStatus =
    live || items.some((i) => i.status === 'duplicate') ? 'accepted' : 'refused';
  if (verdict.noticeFailure) {
    return {
      status,
      refusalCode: verdict.noticeFailure.check,
      refusalReason: verdict.noticeFailure.detail ?? null,
    };
  }
  if (status !== 'refused') return { status, refusalCode: null, refusalReason: null };
  return items.length === 0
    ? { status, refusalCode: 'no_items', refusalReason: 'the notice lists no IP address and time' }
    : { status, refusalCode: 'no_valid_items', refusalReason: 'every item was refused' };
}
