import {
  CostRow,
  EventWindowRow,
  Evidence,
  OrderRow,
  ProtectedRow,
  TargetRow,
  UpdateRequestRow,
} from '../blocking.types';
import type { OrderDetail } from '../blocking-orders.service';

// Responses, whitelisted per audience: counsel never sees who decided or the ISP's costs.
export class TargetResponseDto {
  id!: string;
  kind!: string;
  value!: string;
  source!: string;
  status!: string;
  refusalReason!: string | null;
  overridden!: boolean;
  overrideJustification!: string | null;
  effectiveFrom!: string | null;
  implementBy!: string | null;
  firstExportedAt!: string | null;
  windowStartsAt!: string | null;
  windowEndsAt!: string | null;

  static from(t: TargetRow): TargetResponseDto {
    return {
      id: t.id,
      kind: t.kind,
      value: t.value,
      source: t.source,
      status: t.status,
      refusalReason: t.refusal_reason,
      overridden: t.override_justification !== null,
      overrideJustification: t.override_justification,
      effectiveFrom: iso(t.effective_from),
      implementBy: iso(t.implement_by),
      firstExportedAt: iso(t.first_exported_at),
      windowStartsAt: iso(t.window_starts_at),
      windowEndsAt: iso(t.window_ends_at),
    };
  }
}

export class OrderResponseDto {
  id!: string;
  reference!: string;
  status!: string;
  court!: string;
  jurisdiction!: string;
  caseNumber!: string;
  orderDate!: string;
  claimants!: string[];
  ispNamed!: string;
  measures!: string[];
  implementationDays!: number;
  startsAt!: string;
  endsAt!: string;
  costBearer!: string;
  updateBasis!: string;
  howToContest!: string;
  documentSha256!: string | null;
  decidedAt!: string | null;
  decisionReason!: string | null;

  static from(o: OrderRow): OrderResponseDto {
    return {
      id: o.id,
      reference: o.reference,
      status: o.status,
      court: o.court,
      jurisdiction: o.jurisdiction,
      caseNumber: o.case_number,
      orderDate: o.order_date,
      claimants: o.claimants,
      ispNamed: o.isp_named,
      measures: o.measures,
      implementationDays: o.implementation_days,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      costBearer: o.cost_bearer,
      updateBasis: o.update_basis,
      howToContest: o.how_to_contest,
      documentSha256: o.document_sha256,
      decidedAt: iso(o.decided_at),
      decisionReason: o.decision_reason,
    };
  }
}

export class EventWindowResponseDto {
  label!: string;
  startsAt!: string;
  endsAt!: string;
}

export class OrderDetailResponseDto extends OrderResponseDto {
  targets!: TargetResponseDto[];
  eventWindows!: EventWindowResponseDto[];
  costs?: CostResponseDto[];

  static fromDetail(d: OrderDetail, withCosts: boolean): OrderDetailResponseDto {
    return {
      ...OrderResponseDto.from(d.order),
      targets: d.targets.map(TargetResponseDto.from),
      eventWindows: d.windows.map((w: EventWindowRow) => ({
        label: w.label,
        startsAt: w.starts_at.toISOString(),
        endsAt: w.ends_at.toISOString(),
      })),
      ...(withCosts ? { costs: d.costs.map(CostResponseDto.from) } : {}),
    };
  }
}

export class CostResponseDto {
  id!: string;
  incurredOn!: string;
  description!: string;
  hours!: number;
  amountCents!: number;
  currency!: string;

  static from(c: CostRow): CostResponseDto {
    return {
      id: c.id,
      incurredOn: c.incurred_on,
      description: c.description,
      hours: Number(c.hours),
      amountCents: Number(c.amount_cents),
      currency: c.currency,
    };
  }
}

export class UpdateRequestResponseDto {
  id!: string;
  reference!: string;
  orderId!: string;
  orderReference!: string;
  kind!: string;
  value!: string;
  mirrorOf!: string;
  evidence!: Evidence;
  flags!: string[];
  status!: string;
  basis!: { kind: string; reference: string } | null;
  refusalGround!: string | null;
  decisionReason!: string | null;
  overridden!: boolean;
  overrideJustification!: string | null;
  submittedAt!: string;
  decidedAt!: string | null;
  implementBy!: string | null;
  /** Deadline for legal to decide: the order's implementation days from submission, never past the order's end */
  decideBy!: string;

  static from(r: UpdateRequestRow): UpdateRequestResponseDto {
    return {
      id: r.id,
      reference: r.reference,
      orderId: r.order_id,
      orderReference: r.order_reference,
      kind: r.kind,
      value: r.value,
      mirrorOf: r.mirror_of,
      evidence: r.evidence,
      flags: r.flags,
      status: r.status,
      basis: r.basis_kind ? { kind: r.basis_kind, reference: r.basis_reference ?? '' } : null,
      refusalGround: r.refusal_ground,
      decisionReason: r.decision_reason,
      overridden: r.override_justification !== null,
      overrideJustification: r.override_justification,
      submittedAt: r.submitted_at.toISOString(),
      decidedAt: iso(r.decided_at),
      implementBy: iso(r.implement_by),
      decideBy: r.decide_by.toISOString(),
    };
  }
}

export class ProtectedResponseDto {
  id!: string;
  kind!: string;
  value!: string;
  asn!: string | null;
  note!: string;
  source!: string;

  static from(p: ProtectedRow): ProtectedResponseDto {
    return { id: p.id, kind: p.kind, value: p.value, asn: p.asn, note: p.note, source: p.source };
  }
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}
