import { z } from 'zod';
import { col } from '../../database/checked-rows';
import {
  ActiveTargetRow,
  COST_BEARERS,
  CostRow,
  EventWindowRow,
  ExportStateRow,
  MEASURES,
  ORDER_STATUSES,
  OrderRow,
  OverriddenTargetRow,
  PROTECTED_KINDS,
  ProtectedRow,
  REFUSAL_GROUNDS,
  TARGET_KINDS,
  TARGET_SOURCES,
  TARGET_STATUSES,
  TargetRow,
  TicketRow,
  UPDATE_BASES,
  UPDATE_REQUEST_STATUSES,
  UpdateRequestRow,
} from './blocking.types';
import { ProtectedEntry } from './protected-index';

// One checked shape per query's row (the columns of database/queries/blocking.sql.ts), mapped
// to the camelCase rows of blocking.types.ts. A renamed or missing column fails at the
// repository (RowShapeError) instead of travelling on as undefined.

const targetKind = z.enum(TARGET_KINDS);
const nullableTime = col.timestamptz.nullable();
const nullableText = col.text.nullable();

export const orderRow = z
  .object({
    id: col.uuid,
    reference: col.text,
    organisation_id: col.uuid.nullable(),
    status: z.enum(ORDER_STATUSES),
    court: col.text,
    jurisdiction: col.text,
    case_number: col.text,
    order_date: col.text,
    claimants: col.textArray,
    isp_named: col.text,
    measures: z.array(z.enum(MEASURES)),
    implementation_days: col.int,
    starts_at: col.timestamptz,
    ends_at: col.timestamptz,
    cost_bearer: z.enum(COST_BEARERS),
    update_basis: z.enum(UPDATE_BASES),
    how_to_contest: col.text,
    document_sha256: nullableText,
    document_size: col.int.nullable(),
    decided_at: nullableTime,
    decided_by: nullableText,
    decision_reason: nullableText,
    created_at: col.timestamptz,
  })
  .transform((r): OrderRow => ({
    id: r.id,
    reference: r.reference,
    organisationId: r.organisation_id,
    status: r.status,
    court: r.court,
    jurisdiction: r.jurisdiction,
    caseNumber: r.case_number,
    orderDate: r.order_date,
    claimants: r.claimants,
    ispNamed: r.isp_named,
    measures: r.measures,
    implementationDays: r.implementation_days,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    costBearer: r.cost_bearer,
    updateBasis: r.update_basis,
    howToContest: r.how_to_contest,
    documentSha256: r.document_sha256,
    documentSize: r.document_size,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    createdAt: r.created_at,
  }));

export const eventWindowRow = z
  .object({
    id: col.uuid,
    order_id: col.uuid,
    label: col.text,
    starts_at: col.timestamptz,
    ends_at: col.timestamptz,
  })
  .transform((r): EventWindowRow => ({
    id: r.id,
    orderId: r.order_id,
    label: r.label,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
  }));

const targetColumns = {
  id: col.uuid,
  order_id: col.uuid,
  kind: targetKind,
  value: col.text,
  source: z.enum(TARGET_SOURCES),
  update_request_id: col.uuid.nullable(),
  status: z.enum(TARGET_STATUSES),
  refusal_reason: nullableText,
  override_justification: nullableText,
  override_by: nullableText,
  window_starts_at: nullableTime,
  window_ends_at: nullableTime,
  effective_from: nullableTime,
  implement_by: nullableTime,
  first_exported_at: nullableTime,
};

function toTarget(r: z.infer<z.ZodObject<typeof targetColumns>>): TargetRow {
  return {
    id: r.id,
    orderId: r.order_id,
    kind: r.kind,
    value: r.value,
    source: r.source,
    updateRequestId: r.update_request_id,
    status: r.status,
    refusalReason: r.refusal_reason,
    overrideJustification: r.override_justification,
    overrideBy: r.override_by,
    windowStartsAt: r.window_starts_at,
    windowEndsAt: r.window_ends_at,
    effectiveFrom: r.effective_from,
    implementBy: r.implement_by,
    firstExportedAt: r.first_exported_at,
  };
}

export const targetRow = z.object(targetColumns).transform(toTarget);

export const overriddenTargetRow = z
  .object({ ...targetColumns, order_reference: col.text })
  .transform((r): OverriddenTargetRow => ({ ...toTarget(r), orderReference: r.order_reference }));

export const insertedTargetRow = z.object({ id: col.uuid, value: col.text });

export const activeTargetRow = z
  .object({
    id: col.uuid,
    kind: targetKind,
    value: col.text,
    order_reference: col.text,
    overridden: col.bool,
    first_exported_at: nullableTime,
  })
  .transform((r): ActiveTargetRow => ({
    id: r.id,
    kind: r.kind,
    value: r.value,
    orderReference: r.order_reference,
    overridden: r.overridden,
    firstExportedAt: r.first_exported_at,
  }));

// jsonb as stored by insertUpdateRequests; keys beyond the known ones are kept as they are.
const evidence = z.looseObject({
  description: col.text,
  pageSha256: col.text.optional(),
  screenshotSha256: col.text.optional(),
  seenAt: col.text,
});

export const updateRequestRow = z
  .object({
    id: col.uuid,
    reference: col.text,
    order_id: col.uuid,
    order_reference: col.text,
    organisation_id: col.uuid.nullable(),
    kind: targetKind,
    value: col.text,
    mirror_of: col.text,
    evidence,
    flags: z.array(col.text),
    status: z.enum(UPDATE_REQUEST_STATUSES),
    basis_kind: z.enum(UPDATE_BASES).nullable(),
    basis_reference: nullableText,
    refusal_ground: z.enum(REFUSAL_GROUNDS).nullable(),
    decision_reason: nullableText,
    override_justification: nullableText,
    decided_at: nullableTime,
    decided_by: nullableText,
    submitted_at: col.timestamptz,
    implement_by: nullableTime,
    decide_by: col.timestamptz,
  })
  .transform((r): UpdateRequestRow => ({
    id: r.id,
    reference: r.reference,
    orderId: r.order_id,
    orderReference: r.order_reference,
    organisationId: r.organisation_id,
    kind: r.kind,
    value: r.value,
    mirrorOf: r.mirror_of,
    evidence: r.evidence,
    flags: r.flags,
    status: r.status,
    basisKind: r.basis_kind,
    basisReference: r.basis_reference,
    refusalGround: r.refusal_ground,
    decisionReason: r.decision_reason,
    overrideJustification: r.override_justification,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    submittedAt: r.submitted_at,
    implementBy: r.implement_by,
    decideBy: r.decide_by,
  }));

export const protectedRow = z
  .object({
    id: col.uuid,
    kind: z.enum(PROTECTED_KINDS),
    value: col.text,
    asn: nullableText,
    note: col.text,
    source: col.text,
    created_by: col.text,
    created_at: col.timestamptz,
  })
  .transform((r): ProtectedRow => ({
    id: r.id,
    kind: r.kind,
    value: r.value,
    asn: r.asn,
    note: r.note,
    source: r.source,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));

// Only what the protected index needs.
export const protectedEntryRow = z
  .object({ kind: z.enum(PROTECTED_KINDS), value: col.text, asn: nullableText, note: col.text })
  .transform((r): ProtectedEntry => ({ kind: r.kind, value: r.value, asn: r.asn, note: r.note }));

export const protectedFingerprintRow = z.object({ n: col.text, latest: nullableText });

export const costRow = z
  .object({
    id: col.uuid,
    order_id: col.uuid,
    incurred_on: col.text,
    description: col.text,
    hours: col.text,
    amount_cents: col.text,
    currency: col.text,
    created_by: col.text,
    created_at: col.timestamptz,
  })
  .transform((r): CostRow => ({
    id: r.id,
    orderId: r.order_id,
    incurredOn: r.incurred_on,
    description: r.description,
    hours: r.hours,
    amountCents: r.amount_cents,
    currency: r.currency,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));

// Items as the ticket import stored them; keys beyond these (detail) are kept.
const ticketItem = z.looseObject({
  kind: col.text,
  value: col.text,
  outcome: col.text,
  reason: nullableText,
});

export const ticketRow = z
  .object({
    id: col.uuid,
    ticket_id: col.text,
    reporter: col.text,
    order_reference: nullableText,
    reported_at: col.timestamptz,
    received_at: col.timestamptz,
    processed_at: col.timestamptz,
    items: z.array(ticketItem),
  })
  .transform((r): TicketRow => ({
    id: r.id,
    ticketId: r.ticket_id,
    reporter: r.reporter,
    orderReference: r.order_reference,
    reportedAt: r.reported_at,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
    items: r.items,
  }));

export const exportStateRow = z
  .object({ serial: col.bigint, content_sha256: col.text })
  .transform((r): ExportStateRow => ({ serial: r.serial, contentSha256: r.content_sha256 }));

export const documentRow = z
  .object({ document: col.bytea.nullable() })
  .transform((r) => r.document);
