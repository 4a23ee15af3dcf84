import { z } from 'zod';
import { col } from '../../database/checked-rows';
import {
  Channel,
  ITEM_STATUSES,
  ItemRow,
  ItemStatus,
  NewItem,
  NOTICE_STATUSES,
  NoticeRow,
  NoticeStatus,
  NoticeSummaryRow,
} from './intake.types';

// The columns and checked row types the intake repositories share.

export const channel = z.enum(['api', 'email', 'portal'] satisfies Channel[]);
export const noticeStatus = z.enum(NOTICE_STATUSES as [NoticeStatus, ...NoticeStatus[]]);
export const itemStatus = z.enum(ITEM_STATUSES as [ItemStatus, ...ItemStatus[]]);

export const NOTICE_COLUMNS = `n.id, n.reference, n.organisation_id, o.name AS organisation_name, n.channel,
  n.source_format, n.media_type, n.sender_address, n.case_id, n.owner_name, n.parsed, n.warnings,
  n.checks, n.status, n.refusal_code, n.refusal_reason, n.settlement_flagged, n.received_at,
  n.updated_at, n.good_faith_statement, n.accuracy_statement`;

// subscriber_account_id is deliberately never selected: it leaves these repositories only as a
// foreign key written by the attribution step.
export const ITEM_COLUMNS = `i.id, i.notice_id, i.position, host(i.ip) AS ip, i.port, i.observed_at,
  i.protocol, i.application, i.title, i.file_name, i.hash, i.status, i.reason_code, i.reason,
  i.duplicate_of, i.attribution_outcome, i.subscriber_ref, i.attribution, i.attributed_at,
  i.regime, i.forwarded_at, i.accepted_at, i.expected_at`;

// What a list shows of a notice, and the rest of it.
const noticeHeadColumns = {
  id: col.uuid,
  reference: col.text,
  organisation_id: col.uuid.nullable(),
  organisation_name: col.text.nullable(),
  channel,
  source_format: col.text,
  case_id: col.text.nullable(),
  status: noticeStatus,
  refusal_code: col.text.nullable(),
  sender_address: col.text.nullable(),
  received_at: col.timestamptz,
};
type NoticeHead = Omit<NoticeSummaryRow, 'itemCounts'>;

const toNoticeHead = (r: z.output<z.ZodObject<typeof noticeHeadColumns>>): NoticeHead => ({
  id: r.id,
  reference: r.reference,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  channel: r.channel,
  sourceFormat: r.source_format,
  caseId: r.case_id,
  status: r.status,
  refusalCode: r.refusal_code,
  senderAddress: r.sender_address,
  receivedAt: r.received_at,
});

// One row of the notices list (NoticeRepository.listNotices): item_counts is a jsonb object.
export const noticeSummaryRow = z
  .object({ ...noticeHeadColumns, item_counts: z.record(z.string(), z.number()) })
  .transform((r): NoticeSummaryRow => ({ ...toNoticeHead(r), itemCounts: r.item_counts }));

// The JSON documents (parsed notice, warnings, checks) are the intake's own writing: the
// column must be there; its content is typed as intake wrote it.
export const noticeRow = z
  .object({
    ...noticeHeadColumns,
    media_type: col.text,
    owner_name: col.text.nullable(),
    parsed: col.json,
    warnings: col.json,
    checks: col.json,
    refusal_reason: col.text.nullable(),
    settlement_flagged: col.bool,
    good_faith_statement: col.bool,
    accuracy_statement: col.bool,
    updated_at: col.timestamptz,
  })
  .transform((r): NoticeRow => ({
    ...toNoticeHead(r),
    mediaType: r.media_type,
    ownerName: r.owner_name,
    parsed: (r.parsed as NoticeRow['parsed']) ?? null,
    warnings: (r.warnings as NoticeRow['warnings']) ?? [],
    checks: (r.checks as NoticeRow['checks']) ?? [],
    refusalReason: r.refusal_reason,
    settlementFlagged: r.settlement_flagged,
    goodFaithStatement: r.good_faith_statement,
    accuracyStatement: r.accuracy_statement,
    updatedAt: r.updated_at,
  }));

export const itemColumnsSchema = {
  id: col.uuid,
  notice_id: col.uuid,
  position: col.int,
  ip: col.text.nullable(),
  port: col.int.nullable(),
  observed_at: col.timestamptz.nullable(),
  protocol: col.text.nullable(),
  application: col.text.nullable(),
  title: col.text.nullable(),
  file_name: col.text.nullable(),
  hash: col.text.nullable(),
  status: itemStatus,
  reason_code: col.text.nullable(),
  reason: col.text.nullable(),
  duplicate_of: col.uuid.nullable(),
  attribution_outcome: col.text.nullable(),
  subscriber_ref: col.text.nullable(),
  attribution: col.json,
  attributed_at: col.timestamptz.nullable(),
  regime: col.text.nullable(),
  forwarded_at: col.timestamptz.nullable(),
  accepted_at: col.timestamptz.nullable(),
  expected_at: col.timestamptz.nullable(),
};

export const toItem = (r: z.output<z.ZodObject<typeof itemColumnsSchema>>): ItemRow => ({
  id: r.id,
  noticeId: r.notice_id,
  position: r.position,
  ip: r.ip,
  port: r.port,
  observedAt: r.observed_at,
  protocol: r.protocol,
  application: r.application,
  title: r.title,
  fileName: r.file_name,
  hash: r.hash,
  status: r.status,
  reasonCode: r.reason_code,
  reason: r.reason,
  duplicateOf: r.duplicate_of,
  attributionOutcome: r.attribution_outcome,
  subscriberRef: r.subscriber_ref,
  attribution: r.attribution ?? null,
  attributedAt: r.attributed_at,
  regime: r.regime,
  forwardedAt: r.forwarded_at,
  acceptedAt: r.accepted_at,
  expectedAt: r.expected_at,
});

export const itemRow = z.object(itemColumnsSchema).transform(toItem);

// The 20 item columns as arrays, in the order both item inserts unnest them.
export function itemColumns(items: NewItem[]): unknown[] {
  const col = <T>(f: (i: NewItem) => T) => items.map(f);
  return [
    col((i) => i.id),
    col((i) => i.position),
    col((i) => i.ip),
    col((i) => i.port),
    col((i) => i.observedAt),
    col((i) => i.protocol),
    col((i) => i.application),
    col((i) => i.title),
    col((i) => i.fileName),
    col((i) => (i.fileSize === null ? null : String(i.fileSize))),
    col((i) => i.hashType),
    col((i) => i.hash),
    col((i) => i.peerId),
    col((i) => i.dedupeKey),
    col((i) => i.status),
    col((i) => i.reasonCode),
    col((i) => i.reason),
    col((i) => i.duplicateOf),
    col((i) => i.acceptedAt),
    col((i) => i.expectedAt),
  ];
}
