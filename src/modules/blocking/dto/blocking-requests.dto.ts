// What counsel, legal and the resolvers send to the blocking register, validated.
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
  Evidence,
  Measure,
  MEASURES,
  REFUSAL_GROUNDS,
  RefusalGround,
  UPDATE_BASES,
  UpdateBasis,
} from '../blocking.types';

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
