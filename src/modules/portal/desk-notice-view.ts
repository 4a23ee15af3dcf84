import type { DeskItemDto, DeskNoticeDto } from '../intake/dto/desk-notice.dto';
import type { NoticeMessageRow } from '../messaging/outbox.repository';
import { itemOutcome, ITEM_STATUS_LABELS, RULE_TITLES } from './notice-words';

// What the desk's notice page shows. Built field by field from the desk DTO (which itself
// never carries identity or the account id), so nothing new can slip through by accident.

export interface EvidenceRow {
  hop: string;
  table: string;
  recordId: string;
  source: string;
  address: string;
  insideAddress: string | null;
  ports: string | null;
  pool: string | null;
  starts: string | null;
  ends: string | null;
  confirmedUntil: string | null;
  toleranceSeconds: number | null;
  onlyWithinTolerance: boolean;
  subscriberRef: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

// The attribution evidence stored on an item (outcome, candidates, reason, records).
export function evidenceOf(attribution: unknown): {
  outcome: string | null;
  candidates: number | null;
  reason: string | null;
  records: EvidenceRow[];
} {
  const a = (typeof attribution === 'object' && attribution !== null ? attribution : {}) as Record<
    string,
    unknown
  >;
  const records = Array.isArray(a.records) ? (a.records as unknown[]) : [];
  return {
    outcome: text(a.outcome),
    candidates: num(a.candidates),
    reason: text(a.reason),
    records: records
      .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
      .map((r) => {
        const ports = Array.isArray(r.ports) ? (r.ports as unknown[]) : null;
        return {
          hop: text(r.hop) ?? '—',
          table: text(r.table) ?? '—',
          recordId: text(r.recordId) ?? '—',
          source: text(r.source) ?? '—',
          address: text(r.address) ?? '—',
          insideAddress: text(r.insideAddress),
          ports:
            ports && typeof ports[0] === 'number' && typeof ports[1] === 'number'
              ? `${ports[0]}–${ports[1]}`
              : null,
          pool: text(r.pool),
          starts: text(r.starts),
          ends: text(r.ends),
          confirmedUntil: text(r.confirmedUntil),
          toleranceSeconds: num(r.toleranceSeconds),
          onlyWithinTolerance: r.onlyWithinTolerance === true,
          subscriberRef: text(r.subscriberRef),
        };
      }),
  };
}

export function deskItemView(i: DeskItemDto) {
  const evidence = evidenceOf(i.attribution);
  return {
    row: i.position + 1,
    ip: i.ip,
    port: i.port,
    observedAt: i.observedAt,
    protocol: i.protocol,
    application: i.application,
    title: i.title,
    fileName: i.fileName,
    hash: i.hash,
    status: i.status,
    statusLabel: ITEM_STATUS_LABELS[i.status] ?? i.status,
    outcome: itemOutcome({ ...i, reason: i.reason }),
    reasonCode: i.reasonCode,
    attributionOutcome: i.attributionOutcome,
    subscriberRef: i.subscriberRef,
    regime: i.regime,
    attributedAt: i.attributedAt,
    forwardedAt: i.forwardedAt,
    readFromText: i.readFromText,
    evidence,
    cgnat: evidence.records.some((r) => r.hop === 'nat'),
  };
}

interface CheckLike {
  check?: unknown;
  rule?: unknown;
  scope?: unknown;
  position?: unknown;
  result?: unknown;
  detail?: unknown;
}

export function checksView(checks: unknown[]) {
  return checks
    .filter((c): c is CheckLike => typeof c === 'object' && c !== null)
    .map((c) => ({
      check: text(c.check) ?? '—',
      title: RULE_TITLES[text(c.check) ?? ''] ?? null,
      rule: text(c.rule),
      scope: text(c.scope),
      row: typeof c.position === 'number' ? c.position + 1 : null,
      result: text(c.result) ?? '—',
      detail: text(c.detail),
    }));
}

export function messageView(m: NoticeMessageRow) {
  return {
    id: m.id,
    kind: m.kind,
    template: m.template,
    stage: m.stage,
    status: m.status,
    attempts: m.attempts,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    smtpId: m.transportMessageId,
    messageIdHeader: m.messageIdHeader,
    items: m.items,
  };
}

export function deskNoticeView(n: DeskNoticeDto) {
  return {
    reference: n.reference,
    organisationId: n.organisationId,
    organisationName: n.organisationName,
    channel: n.channel,
    format: n.format,
    mediaType: n.mediaType,
    senderAddress: n.senderAddress,
    caseId: n.caseId,
    owner: n.owner,
    status: n.status,
    refusalCode: n.refusalCode,
    refusalReason: n.refusalReason,
    settlementFlagged: n.settlementFlagged,
    goodFaithStatement: n.goodFaithStatement,
    accuracyStatement: n.accuracyStatement,
    receivedAt: n.receivedAt,
    warnings: n.warnings,
    checks: checksView(n.checks),
    items: n.items.map((i) => deskItemView(i)),
  };
}

// What a quarantined notice claims, for the desk deciding who sent it.
export function parsedSummary(parsed: unknown) {
  const p = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const complainant = (
    typeof p.complainant === 'object' && p.complainant !== null ? p.complainant : {}
  ) as Record<string, unknown>;
  const items = Array.isArray(p.items) ? (p.items as Array<Record<string, unknown>>) : [];
  return {
    readable: Array.isArray(p.items),
    caseId: text(p.caseId),
    owner: text(p.owner),
    complainant: text(complainant.entity),
    complainantEmail: text(complainant.email),
    titles: Array.isArray(p.titles) ? (p.titles as unknown[]).filter((t) => text(t) !== null) : [],
    itemCount: items.length,
    firstItems: items.slice(0, 10).map((i, k) => ({
      row: k + 1,
      ip: text(i.ip),
      port: num(i.port),
      observedAt: text(i.observedAtRaw) ?? text(i.observedAt),
    })),
  };
}
