import type { ParsedNotice } from './parsing';
import type { CheckResult } from './policy/notice-policy';

export type Channel = 'api' | 'email' | 'portal';
export type NoticeStatus = 'quarantined' | 'received' | 'accepted' | 'refused' | 'rejected';
// `held`: read from plain text, waiting for the desk's confirmation (issue 15 §3).
export type ItemStatus =
  | 'accepted'
  | 'queued'
  | 'held'
  | 'refused'
  | 'duplicate'
  | 'attributed'
  | 'forwarded'
  | 'not_forwarded';
export const ITEM_STATUSES: readonly ItemStatus[] = [
  'accepted',
  'queued',
  'held',
  'refused',
  'duplicate',
  'attributed',
  'forwarded',
  'not_forwarded',
];
export const NOTICE_STATUSES: readonly NoticeStatus[] = [
  'quarantined',
  'received',
  'accepted',
  'refused',
  'rejected',
];

export interface NewItem {
  id: string;
  position: number;
  ip: string | null;
  port: number | null;
  observedAt: Date | null;
  protocol: string | null;
  application: string | null;
  title: string | null;
  fileName: string | null;
  fileSize: number | null;
  hashType: string | null;
  hash: string | null;
  peerId: string | null;
  dedupeKey: string | null;
  status: ItemStatus;
  reasonCode: string | null;
  reason: string | null;
  duplicateOf: string | null;
  acceptedAt: Date | null;
  expectedAt: Date | null;
}

export interface NewNotice {
  id: string;
  reference: string;
  organisationId: string | null;
  channel: Channel;
  sourceFormat: string;
  mediaType: string;
  original: Buffer;
  originalSha256: string;
  senderAddress: string | null;
  parsed: ParsedNotice | null;
  checks: CheckResult[];
  status: NoticeStatus;
  refusalCode: string | null;
  refusalReason: string | null;
  idempotencyKey: string | null;
  goodFaithStatement: boolean;
  accuracyStatement: boolean;
  settlementFlagged: boolean;
  receivedAt: Date;
}

export interface NoticeRow {
  id: string;
  reference: string;
  organisationId: string | null;
  organisationName: string | null;
  channel: Channel;
  sourceFormat: string;
  mediaType: string;
  senderAddress: string | null;
  caseId: string | null;
  ownerName: string | null;
  parsed: ParsedNotice | null;
  warnings: Array<{ code: string; message: string }>;
  checks: CheckResult[];
  status: NoticeStatus;
  refusalCode: string | null;
  refusalReason: string | null;
  settlementFlagged: boolean;
  // IN-4: the sender's good-faith and accuracy statements (portal checkboxes, JSON fields).
  goodFaithStatement: boolean;
  accuracyStatement: boolean;
  receivedAt: Date;
  updatedAt: Date;
}

export interface ItemRow {
  id: string;
  noticeId: string;
  position: number;
  ip: string | null;
  port: number | null;
  observedAt: Date | null;
  protocol: string | null;
  application: string | null;
  title: string | null;
  fileName: string | null;
  hash: string | null;
  status: ItemStatus;
  reasonCode: string | null;
  reason: string | null;
  duplicateOf: string | null;
  attributionOutcome: string | null;
  subscriberRef: string | null;
  attribution: unknown;
  attributedAt: Date | null;
  regime: string | null;
  forwardedAt: Date | null;
  acceptedAt: Date | null;
  expectedAt: Date | null;
}

export interface NoticeWithItems {
  notice: NoticeRow;
  items: ItemRow[];
}

export interface NoticeSummaryRow {
  id: string;
  reference: string;
  organisationId: string | null;
  organisationName: string | null;
  channel: Channel;
  sourceFormat: string;
  caseId: string | null;
  status: NoticeStatus;
  refusalCode: string | null;
  senderAddress: string | null;
  receivedAt: Date;
  itemCounts: Record<string, number>;
}

export interface SenderQualityRow {
  organisationId: string;
  organisationName: string;
  accreditation: string;
  notices: number;
  items: number;
  refused: number;
  unmatched: number;
  challenged: number;
  forwarded: number;
}
