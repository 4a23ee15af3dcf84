import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { urgencyOf, RequestDetail, Urgency } from '../disclosure-query.service';
import {
  DISCLOSABLE_FIELDS,
  DisclosableField,
  DisclosureRequestRow,
  REFUSAL_GROUNDS,
  RefusalGround,
  REQUEST_KINDS,
  RequestKind,
  RequestStatus,
} from '../disclosure.types';
import { describeConfidence } from '../package-builder';

export class CreateDisclosureRequestDto {
  @IsIn(REQUEST_KINDS)
  kind!: RequestKind;

  /** Court, tribunal or authority that issued the order */
  @IsString()
  @Length(1, 300)
  issuingBody!: string;

  @IsString()
  @Length(1, 200)
  caseNumber!: string;

  /** References of the notices the order covers (the sender knows only those) */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  noticeReferences!: string[];

  /** Identity fields the order allows to be produced (DR-3) */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DISCLOSABLE_FIELDS, { each: true })
  allowedFields!: DisclosableField[];

  /** Days the subscriber has to object or move to quash once told (from the order) */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  objectionWindowDays!: number;

  /** Date by which the order must be answered */
  @IsOptional()
  @IsISO8601({ strict: true })
  respondBy?: string;

  /** Legal staff entering a paper request: the requesting organisation, if registered */
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class DecisionDto {
  @IsIn(['approve', 'refuse'])
  decision!: 'approve' | 'refuse';

  /** Required when refusing */
  @ValidateIf((o: DecisionDto) => o.decision === 'refuse')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(REFUSAL_GROUNDS, { each: true })
  grounds?: RefusalGround[];

  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class MotionDto {
  /** filed (holds production), denied (back to the window) or granted (request refused) */
  @IsIn(['filed', 'denied', 'granted'])
  step!: 'filed' | 'denied' | 'granted';

  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class ReasonDto {
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class IdentityViewQueryDto {
  /** Why this look is needed; kept in the audit log */
  @IsString()
  @Length(5, 500)
  purpose!: string;
}

export class PackageQueryDto {
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}

// What a requester sees of its own request: status and dates, never identity.
export class DisclosureRequestResponseDto {
  id!: string;
  reference!: string;
  kind!: RequestKind;
  issuingBody!: string;
  caseNumber!: string;
  noticeReferences!: string[];
  allowedFields!: DisclosableField[];
  objectionWindowDays!: number;
  status!: RequestStatus;
  receivedAt!: string;
  respondBy!: string | null;
  windowEndsAt!: string | null;
  documentSha256!: string | null;
  packageAvailable!: boolean;

  static from(r: DisclosureRequestRow): DisclosureRequestResponseDto {
    return {
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      issuingBody: r.issuing_body,
      caseNumber: r.case_number,
      noticeReferences: r.notice_references,
      allowedFields: r.allowed_fields,
      objectionWindowDays: r.objection_window_days,
      status: r.status,
      receivedAt: r.received_at.toISOString(),
      respondBy: r.respond_by?.toISOString() ?? null,
      windowEndsAt: r.window_ends_at?.toISOString() ?? null,
      documentSha256: r.document_sha256,
      packageAvailable: r.status === 'produced',
    };
  }
}

export class LegalRequestResponseDto extends DisclosureRequestResponseDto {
  organisationId!: string | null;
  channel!: string;
  urgency!: Urgency;
  motionPending!: boolean;
  refusalGrounds!: RefusalGround[] | null;

  static fromLegal(r: DisclosureRequestRow, now: Date, urgency?: Urgency): LegalRequestResponseDto {
    return {
      ...DisclosureRequestResponseDto.from(r),
      organisationId: r.organisation_id,
      channel: r.channel,
      urgency: urgency ?? urgencyOf(r, now),
      motionPending: r.motion_pending,
      refusalGrounds: r.refusal_grounds,
    };
  }
}

// A covered item as legal staff review it: the pseudonymous reference, never identity (MA-4).
export class CoveredItemDto {
  noticeReference!: string;
  position!: number;
  ip!: string | null;
  port!: number | null;
  observedAt!: string | null;
  status!: string;
  outcome!: string | null;
  subscriberRef!: string | null;
  confidence!: string;
  caveats!: string[];
  evidence!: Array<Record<string, unknown>>;
}

export class TransitionDto {
  from!: string | null;
  to!: string;
  actorKind!: string;
  actorId!: string;
  actorRole!: string;
  at!: string;
  reason!: string;
  grounds!: string[] | null;
  // The order document's SHA-256 when the step was taken (null: none on file).
  documentSha256!: string | null;
}

export class LegalRequestDetailDto {
  request!: LegalRequestResponseDto;
  items!: CoveredItemDto[];
  transitions!: TransitionDto[];

  static from(d: RequestDetail, now: Date): LegalRequestDetailDto {
    return {
      request: LegalRequestResponseDto.fromLegal(d.request, now, d.urgency),
      items: d.items.map((i) => {
        const c = describeConfidence(i);
        return {
          noticeReference: i.notice_reference,
          position: i.position,
          ip: i.ip,
          port: i.port,
          observedAt: i.observed_at ? new Date(i.observed_at).toISOString() : null,
          status: i.status,
          outcome: i.attribution_outcome,
          subscriberRef: i.subscriber_ref,
          confidence: c.confidence,
          caveats: c.caveats,
          evidence: c.evidence,
        };
      }),
      transitions: d.transitions.map((t) => ({
        from: t.from_status,
        to: t.to_status,
        actorKind: t.actor_kind,
        actorId: t.actor_id,
        actorRole: t.actor_role,
        at: new Date(t.at).toISOString(),
        reason: t.reason,
        grounds: t.grounds,
        documentSha256: t.document_sha256,
      })),
    };
  }
}
