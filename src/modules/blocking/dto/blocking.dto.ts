import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COST_BEARERS,
  CostBearer,
  CostRow,
  EventWindowRow,
  Evidence,
  Measure,
  MEASURES,
  OrderRow,
  ProtectedRow,
  REFUSAL_GROUNDS,
  RefusalGround,
  TargetRow,
  UPDATE_BASES,
  UpdateBasis,
  UpdateRequestRow,
} from '../blocking.types';
import type { OrderDetail } from '../blocking-orders.service';

export class EventWindowDto {
  @IsString()
  @Length(1, 200)
  label!: string;

  @IsISO8601({ strict: true })
  startsAt!: string;

  @IsISO8601({ strict: true })
  endsAt!: string;
}

export class OverrideDto {
  @IsString()
  @Length(1, 300)
  value!: string;

  /** Why this target may be blocked despite the protected list (shown in red everywhere) */
  @IsString()
  @Length(20, 4000)
  justification!: string;
}

export class CreateOrderDto {
  @IsString()
  @Length(1, 300)
  court!: string;

  /** Regime of the order, e.g. fr, it, uk (the stop page's language follows it) */
  @IsString()
  @Matches(/^[a-z]{2}$/i)
  jurisdiction!: string;

  @IsString()
  @Length(1, 200)
  caseNumber!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'orderDate must be YYYY-MM-DD' })
  orderDate!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  claimants!: string[];

  @IsString()
  @Length(1, 300)
  ispNamed!: string;

  /** `dns` by default; `ip` only where the order says so */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MEASURES, { each: true })
  measures: Measure[] = ['dns'];

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  implementationDays!: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  /** End of the order's term; or give durationMonths, or eventWindows */
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  durationMonths?: number;

  /** Live events: targets are blocked only inside these windows */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => EventWindowDto)
  eventWindows?: EventWindowDto[];

  @IsIn(COST_BEARERS)
  costBearer!: CostBearer;

  @IsIn(UPDATE_BASES)
  updateBasis!: UpdateBasis;

  /** How a blocked site's operator or a visitor can contest (shown on the stop page) */
  @IsString()
  @Length(1, 2000)
  howToContest!: string;

  /** FQDNs, and IPs or CIDRs where the order orders IP blocking */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100000)
  @IsString({ each: true })
  targets!: string[];

  /** Legal only */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides?: OverrideDto[];
}

export class ReasonDto {
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ConfirmOrderDto extends ReasonDto {
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides?: OverrideDto[];
}

export class EvidenceDto implements Evidence {
  @IsString()
  @Length(1, 4000)
  description!: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/i)
  pageSha256?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/i)
  screenshotSha256?: string;

  /** When the mirror was seen */
  @IsISO8601({ strict: true })
  seenAt!: string;
}

export class ProposedTargetDto {
  @IsString()
  @Length(1, 300)
  value!: string;

  /** The blocked site this is a mirror of */
  @IsString()
  @Length(1, 300)
  mirrorOf!: string;

  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto;
}

export class CreateUpdateRequestsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ProposedTargetDto)
  targets!: ProposedTargetDto[];
}

export class BasisDto {
  @IsIn(UPDATE_BASES)
  kind!: UpdateBasis;

  /** Court reference, authority request id, or the agreement's reference */
  @IsString()
  @Length(1, 300)
  reference!: string;
}

export class UpdateDecisionDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  ids!: string[];

  @IsIn(['approve', 'refuse'])
  decision!: 'approve' | 'refuse';

  /** Required to approve */
  @IsOptional()
  @ValidateNested()
  @Type(() => BasisDto)
  basis?: BasisDto;

  /** Required to refuse */
  @IsOptional()
  @IsIn(REFUSAL_GROUNDS)
  ground?: RefusalGround;

  @IsString()
  @Length(1, 2000)
  reason!: string;

  @IsOptional()
  @IsString()
  @Length(20, 4000)
  overrideJustification?: string;
}

export class ProtectedEntryDto {
  @IsOptional()
  @IsIn(['fqdn', 'cidr', 'asn'])
  kind?: 'fqdn' | 'cidr' | 'asn';

  @IsString()
  @Length(1, 300)
  value!: string;

  @IsOptional()
  @Matches(/^\d{1,10}$/)
  asn?: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class ProtectedImportQueryDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/i, { message: 'source must be a short name' })
  source!: string;

  @IsOptional()
  @Matches(/^\d{1,10}$/)
  asn?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  replace?: 'true' | 'false';
}

export class CostDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'incurredOn must be YYYY-MM-DD' })
  incurredOn!: string;

  @IsString()
  @Length(1, 500)
  description!: string;

  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100000)
  hours: number = 0;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  amountCents: number = 0;

  @Matches(/^[A-Z]{3}$/)
  currency: string = 'EUR';
}

export class ExpiringQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

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
