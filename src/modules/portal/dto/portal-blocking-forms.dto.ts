import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  COST_BEARERS,
  CostBearer,
  MEASURES,
  Measure,
  UPDATE_BASES,
  UpdateBasis,
} from '../../blocking/blocking.types';

// The blocking register's portal forms (issue #18): counsel's order and mirror proposals, legal's
// cost lines. Messages say what to type, as the field's neighbour reads them.
export const TERMS = ['duration', 'until', 'events'] as const;
export type Term = (typeof TERMS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const asList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;
// One entry a line (textarea); blank lines are ignored.
export const lines = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

const CLAIMANTS = 'Give the claimants, one a line (up to 100)';
const TARGETS = 'Give the names to block, one a line (up to 10,000)';
const DAYS = 'Give the days allowed to implement as a whole number, 0 to 365';

export class BlockingOrderForm {
  @IsString({ message: 'Give the court' })
  @Length(1, 300, { message: 'Give the court (up to 300 characters)' })
  court!: string;

  @Matches(/^[a-z]{2}$/i, { message: 'Give the jurisdiction as a two-letter code, like fr' })
  jurisdiction!: string;

  @IsString({ message: 'Give the case number' })
  @Length(1, 200, { message: 'Give the case number (up to 200 characters)' })
  caseNumber!: string;

  @Matches(DATE, { message: 'Give the date of the order, like 2026-11-20' })
  orderDate!: string;

  @Transform(lines)
  @IsArray({ message: CLAIMANTS })
  @ArrayMinSize(1, { message: CLAIMANTS })
  @ArrayMaxSize(100, { message: CLAIMANTS })
  @Length(1, 300, { each: true, message: CLAIMANTS })
  claimants!: string[];

  @IsString({ message: 'Give the ISP the order names' })
  @Length(1, 300, { message: 'Give the ISP the order names (up to 300 characters)' })
  ispNamed!: string;

  @Transform(asList)
  @IsArray({ message: 'Tick the measures the order orders' })
  @ArrayMinSize(1, { message: 'Tick the measures the order orders' })
  @IsIn(MEASURES, { each: true, message: 'Tick only the measures listed' })
  measures!: Measure[];

  @Type(() => Number)
  @IsInt({ message: DAYS })
  @Min(0, { message: DAYS })
  @Max(365, { message: DAYS })
  implementationDays!: number;

  @IsIn(TERMS, { message: 'Choose how long the order lasts' })
  term!: Term;

  @ValidateIf((o: BlockingOrderForm) => o.term === 'duration')
  @Type(() => Number)
  @IsInt({ message: 'Give the duration in whole months, 1 to 120' })
  @Min(1, { message: 'Give the duration in whole months, 1 to 120' })
  @Max(120, { message: 'Give the duration in whole months, 1 to 120' })
  durationMonths?: number;

  @ValidateIf((o: BlockingOrderForm) => o.term === 'until')
  @Matches(DATE, { message: 'Give the last day of the order, like 2027-11-20' })
  endsOn?: string;

  // Parsed by parseEventWindows (one window a line), checked there.
  @ValidateIf((o: BlockingOrderForm) => o.term === 'events')
  @IsString({ message: 'Give the live-event windows, one a line' })
  @Length(1, 50_000, { message: 'Give the live-event windows, one a line' })
  eventWindows?: string;

  @IsIn(COST_BEARERS, { message: 'Choose who bears the cost' })
  costBearer!: CostBearer;

  @IsIn(UPDATE_BASES, { message: 'Choose how the order may be extended to mirrors' })
  updateBasis!: UpdateBasis;

  @IsString({ message: 'Say how a blocked site or a visitor can contest the order' })
  @Length(1, 2000, {
    message: 'Say how a blocked site or a visitor can contest the order (up to 2,000 characters)',
  })
  howToContest!: string;

  @Transform(lines)
  @IsArray({ message: TARGETS })
  @ArrayMinSize(1, { message: TARGETS })
  @ArrayMaxSize(10_000, { message: TARGETS })
  @Length(1, 300, { each: true, message: TARGETS })
  targets!: string[];
}

const SHA = /^[0-9a-f]{64}$/i;

export class BlockingUpdateRequestForm {
  @IsUUID('all', { message: 'Choose the order the mirrors fall under' })
  orderId!: string;

  @Transform(lines)
  @IsArray({ message: 'Give the mirrors, one a line (up to 500)' })
  @ArrayMinSize(1, { message: 'Give the mirrors, one a line (up to 500)' })
  @ArrayMaxSize(500, { message: 'Give the mirrors, one a line (up to 500)' })
  @Length(1, 300, { each: true, message: 'Give the mirrors, one a line (up to 500)' })
  targets!: string[];

  @IsString({ message: 'Give the blocked site these are mirrors of' })
  @Length(1, 300, { message: 'Give the blocked site these are mirrors of' })
  mirrorOf!: string;

  @IsString({ message: 'Describe the evidence that these are mirrors' })
  @Length(3, 4000, { message: 'Describe the evidence (3 to 4,000 characters)' })
  description!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: 'Give the date and time the mirrors were seen (UTC), like 2026-11-30 20:00',
  })
  seenAt!: string;

  @IsOptional()
  @Matches(SHA, { message: 'A page hash is a SHA-256: 64 hexadecimal characters' })
  pageSha256?: string;

  @IsOptional()
  @Matches(SHA, { message: 'A screenshot hash is a SHA-256: 64 hexadecimal characters' })
  screenshotSha256?: string;
}

const HOURS = 'Give the hours as a number, like 2.5 (0 to 100,000)';
const AMOUNT = 'Give the amount in the currency, like 1250.00';

export class BlockingCostForm {
  @Matches(DATE, { message: 'Give the day the cost was incurred, like 2026-12-01' })
  incurredOn!: string;

  @IsString({ message: 'Describe the work or expense' })
  @Length(1, 500, { message: 'Describe the work or expense (up to 500 characters)' })
  description!: string;

  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false }, { message: HOURS })
  @Min(0, { message: HOURS })
  @Max(100_000, { message: HOURS })
  hours!: number;

  // Kept as typed, turned into cents exactly (no floating point) by amountCents().
  @Matches(/^\d{1,10}(\.\d{1,2})?$/, { message: AMOUNT })
  amount!: string;

  @Matches(/^[A-Z]{3}$/, { message: 'Give the currency as a three-letter code, like EUR' })
  currency!: string;
}

export class BlockingOrderDecisionForm {
  @IsIn(['confirm', 'reject'], { message: 'Choose confirm or reject' })
  decision!: 'confirm' | 'reject';

  @IsString({ message: 'Give the reason (3 to 2,000 characters)' })
  @Length(3, 2000, { message: 'Give the reason (3 to 2,000 characters)' })
  reason!: string;
}
