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
      refusalReason: t.refusalReason,
      overridden: t.overrideJustification !== null,
      overrideJustification: t.overrideJustification,
      effectiveFrom: iso(t.effectiveFrom),
      implementBy: iso(t.implementBy),
      firstExportedAt: iso(t.firstExportedAt),
      windowStartsAt: iso(t.windowStartsAt),
      windowEndsAt: iso(t.windowEndsAt),
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
      caseNumber: o.caseNumber,
      orderDate: o.orderDate,
      claimants: o.claimants,
      ispNamed: o.ispNamed,
      measures: o.measures,
      implementationDays: o.implementationDays,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      costBearer: o.costBearer,
      updateBasis: o.updateBasis,
      howToContest: o.howToContest,
      documentSha256: o.documentSha256,
      decidedAt: iso(o.decidedAt),
      decisionReason: o.decisionReason,
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
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
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
      incurredOn: c.incurredOn,
      description: c.description,
      hours: Number(c.hours),
      amountCents: Number(c.amountCents),
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
      orderId: r.orderId,
      orderReference: r.orderReference,
      kind: r.kind,
      value: r.value,
      mirrorOf: r.mirrorOf,
      evidence: r.evidence,
      flags: r.flags,
      status: r.status,
      basis: r.basisKind ? { kind: r.basisKind, reference: r.basisReference ?? '' } : null,
      refusalGround: r.refusalGround,
      decisionReason: r.decisionReason,
      overridden: r.overrideJustification !== null,
      overrideJustification: r.overrideJustification,
      submittedAt: r.submittedAt.toISOString(),
      decidedAt: iso(r.decidedAt),
      implementBy: iso(r.implementBy),
      decideBy: r.decideBy.toISOString(),
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
