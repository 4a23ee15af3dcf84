import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsEmail,
  IsEnum,
  IsISO8601,
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { OrganisationKind } from '../../accounts/entities/organisation-kinds';
import {
  DISCLOSABLE_FIELDS,
  DisclosableField,
  REFUSAL_GROUNDS,
  RefusalGround,
  REQUEST_KINDS,
  RequestKind,
} from '../../disclosure/disclosure.types';

export class ForgotPasswordForm {
  @IsEmail({}, { message: 'Enter your e-mail address, like name@example.org' })
  email!: string;
}

export class SignInForm {
  @IsEmail({}, { message: 'Enter your e-mail address, like name@example.org' })
  email!: string;

  @IsString({ message: 'Enter your password' })
  @Length(1, 200, { message: 'Enter your password' })
  password!: string;

  @IsOptional()
  @IsString()
  next?: string;
}

export class CreateApiKeyForm {
  @IsString({ message: 'Give the key a name of 1 to 100 characters' })
  @Length(1, 100, { message: 'Give the key a name of 1 to 100 characters' })
  name!: string;
}

export const LOOKUP_PROTOCOLS = ['tcp', 'udp'] as const;

export class AttributionLookupForm {
  @IsIP(undefined, { message: 'Enter an IPv4 or IPv6 address, like 198.51.100.10' })
  ip!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'The port is a whole number from 0 to 65535' })
  @Min(0, { message: 'The port is a whole number from 0 to 65535' })
  @Max(65535, { message: 'The port is a whole number from 0 to 65535' })
  port?: number;

  // VA-3: to the second, with an explicit zone.
  @Matches(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, {
    message: 'Enter the time to the second with its zone, like 2026-10-04T21:13:07Z',
  })
  at!: string;

  // As the API's lookups take it: absent (the form's "not stated") lets CGNAT port blocks of
  // every protocol compete; tcp or udp leaves out blocks of the other protocol.
  @IsOptional()
  @IsIn(LOOKUP_PROTOCOLS, { message: 'Choose TCP, UDP or not stated' })
  protocol?: (typeof LOOKUP_PROTOCOLS)[number];
}

// The fixed part of counsel's notice form; the item rows are read by `notice-form.ts`.
export class NoticeForm {
  @IsString({ message: 'Enter your case or notice id' })
  @Length(1, 200, { message: 'Enter your case or notice id (at most 200 characters)' })
  caseId!: string;

  @IsString({ message: 'Choose the copyright owner you act for' })
  @Length(1, 300, { message: 'Choose the copyright owner you act for' })
  owner!: string;

  @IsString({ message: 'Name the work' })
  @Length(1, 1000, { message: 'Name the work (at most 1,000 characters)' })
  title!: string;

  @IsString({ message: 'Enter the claimant’s name' })
  @Length(1, 300, { message: 'Enter the claimant’s name (at most 300 characters)' })
  claimantName!: string;

  // IN-2: the claimant's address is one of the required elements.
  @IsString({ message: 'Enter the claimant’s postal address' })
  @Length(1, 1000, { message: 'Enter the claimant’s postal address (at most 1,000 characters)' })
  claimantAddress!: string;

  @IsOptional()
  @IsEmail({}, { message: 'Enter an e-mail address, like legal@studio.example' })
  claimantEmail?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'The phone number is at most 100 characters' })
  claimantPhone?: string;

  // IN-4: both statements are required for a portal submission.
  @Equals('yes', { message: 'Confirm that you act in good faith' })
  goodFaith!: string;

  @Equals('yes', { message: 'Confirm that the notice is accurate' })
  accuracy!: string;
}

// Uploading an ACNS XML file or a whole e-mail: the same statements as the form.
export class NoticeUploadForm {
  @Equals('yes', { message: 'Confirm that you act in good faith' })
  goodFaith!: string;

  @Equals('yes', { message: 'Confirm that the notice is accurate' })
  accuracy!: string;

  @IsOptional()
  @IsString()
  @Length(1, 1_000_000, { message: 'The pasted notice is at most 1,000,000 characters' })
  paste?: string;
}

const NOTICE_LIST_STATUSES = ['received', 'accepted', 'refused', 'rejected'] as const;
const ISO_DAY = /^\d{4}-\d\d-\d\d$/;
const ISO_DAY_MESSAGE = 'Enter a date like 2026-10-04';

// Filters of counsel's notice list (query string).
export class NoticeListFilterForm {
  @IsOptional()
  @IsIn(NOTICE_LIST_STATUSES, { message: 'Choose a status from the list' })
  status?: (typeof NOTICE_LIST_STATUSES)[number];

  @IsOptional()
  @Matches(ISO_DAY, { message: ISO_DAY_MESSAGE })
  from?: string;

  @IsOptional()
  @Matches(ISO_DAY, { message: ISO_DAY_MESSAGE })
  to?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'Search for at most 200 characters' })
  q?: string;

  @IsOptional()
  @IsString()
  page?: string;
}

const ITEM_OUTCOMES = [
  'accepted',
  'queued',
  'refused',
  'duplicate',
  'attributed',
  'forwarded',
  'not_forwarded',
] as const;

// Filters of the desk's notice list.
export class DeskNoticeFilterForm {
  @IsOptional()
  @IsIn(ITEM_OUTCOMES, { message: 'Choose an outcome from the list' })
  outcome?: (typeof ITEM_OUTCOMES)[number];

  @IsOptional()
  @IsUUID('all', { message: 'Choose a sender from the list' })
  sender?: string;

  @IsOptional()
  @Matches(ISO_DAY, { message: ISO_DAY_MESSAGE })
  from?: string;

  @IsOptional()
  @Matches(ISO_DAY, { message: ISO_DAY_MESSAGE })
  to?: string;

  @IsOptional()
  @IsString()
  page?: string;
}

export class QuarantineAcceptForm {
  @IsUUID('all', { message: 'Choose the organisation that sent it' })
  organisationId!: string;
}

export class QuarantineCreateForm {
  @IsString({ message: 'Enter the organisation’s name' })
  @Length(1, 200, { message: 'Enter the organisation’s name (at most 200 characters)' })
  name!: string;

  @IsEnum(OrganisationKind, { message: 'Choose what kind of organisation it is' })
  kind!: OrganisationKind;

  @IsOptional()
  @IsString()
  @Length(1, 1000, { message: 'The postal address is at most 1,000 characters' })
  postalAddress?: string;

  // Register the quarantined message's sender address, so the next e-mail is recognised.
  @IsOptional()
  @Equals('yes')
  registerSender?: string;
}

export class QuarantineRejectForm {
  @IsString({ message: 'Give the reason for rejecting it' })
  @Length(1, 1000, { message: 'Give the reason for rejecting it (at most 1,000 characters)' })
  reason!: string;
}

// One message per field whichever rule fails (class-validator checks the last decorator first).
const ISSUER = 'Enter the court or authority that issued the order (1 to 300 characters)';
const CASE = 'Enter the case number (1 to 200 characters)';
const REFS = 'Enter 1 to 1000 of your notice references, each at most 100 characters';
const FIELDS = 'Tick at least one of the listed fields the order allows';

// Several checkboxes with one name arrive as a string (one ticked) or an array.
const asList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;
// Notice references: one per line or comma-separated.
const splitReferences = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(/[\s,]+/)
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

export class DisclosureRequestForm {
  @IsIn(REQUEST_KINDS, { message: 'Choose the kind of order' })
  kind!: RequestKind;

  @IsString({ message: ISSUER })
  @Length(1, 300, { message: ISSUER })
  issuingBody!: string;

  @IsString({ message: CASE })
  @Length(1, 200, { message: CASE })
  caseNumber!: string;

  @Transform(splitReferences)
  @IsArray({ message: REFS })
  @ArrayMinSize(1, { message: REFS })
  @ArrayMaxSize(1000, { message: REFS })
  @Length(1, 100, { each: true, message: REFS })
  noticeReferences!: string[];

  @Transform(asList)
  @IsArray({ message: FIELDS })
  @ArrayMinSize(1, { message: FIELDS })
  @IsIn(DISCLOSABLE_FIELDS, { each: true, message: FIELDS })
  allowedFields!: DisclosableField[];

  @Type(() => Number)
  @IsInt({ message: 'Enter the objection window as a whole number of days, 0 to 365' })
  @Min(0, { message: 'Enter the objection window as a whole number of days, 0 to 365' })
  @Max(365, { message: 'Enter the objection window as a whole number of days, 0 to 365' })
  objectionWindowDays!: number;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Enter the respond-by date as a date, like 2026-12-31' })
  respondBy?: string;
}

export class DecisionForm {
  @IsIn(['approve', 'refuse'], { message: 'Choose approve or refuse' })
  decision!: 'approve' | 'refuse';

  @ValidateIf((o: DecisionForm) => o.decision === 'refuse')
  @Transform(asList)
  @IsArray({ message: 'Tick at least one ground for refusing' })
  @ArrayMinSize(1, { message: 'Tick at least one ground for refusing' })
  @IsIn(REFUSAL_GROUNDS, { each: true, message: 'Tick only the grounds listed' })
  grounds?: RefusalGround[];

  @IsString({ message: 'Give the reason for the decision (3 to 2000 characters)' })
  @Length(3, 2000, { message: 'Give the reason for the decision (3 to 2000 characters)' })
  reason!: string;
}

// Abuse desk messaging pages (issue #7).
export class ChallengeDecisionForm {
  @IsIn(['upheld', 'rejected'], { message: 'Choose whether to uphold or reject the challenge' })
  decision!: 'upheld' | 'rejected';

  @IsString({ message: 'Give the reason for the decision in 3 to 2,000 characters' })
  @Length(3, 2000, { message: 'Give the reason for the decision in 3 to 2,000 characters' })
  note!: string;
}

export class ProposalDecisionForm {
  @IsIn(['approved', 'declined'], { message: 'Choose whether to approve or decline the proposal' })
  decision!: 'approved' | 'declined';

  // ER-5: a named person decides, with reasons.
  @IsString({ message: 'Give your reasons in 3 to 2,000 characters' })
  @Length(3, 2000, { message: 'Give your reasons in 3 to 2,000 characters' })
  reasons!: string;
}

export class RetrySelectedForm {
  // One checkbox arrives as a string, several as an array.
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || Array.isArray(value) ? (value as unknown) : [value],
  )
  // class-validator runs these bottom-up with stopAtFirstError: the array checks come first.
  @IsUUID('all', { each: true, message: 'Select messages from the list' })
  @ArrayMaxSize(200, { message: 'Select at most 200 messages at a time' })
  @ArrayMinSize(1, { message: 'Select at least one message to retry' })
  @IsArray({ message: 'Select at least one message to retry' })
  ids!: string[];
}

export class TemplatePreviewForm {
  @Matches(/^[a-z0-9-]+$/, { message: 'Choose a template from the list' })
  template!: string;

  @Matches(/^[a-z0-9-]+$/, { message: 'Choose a regime from the list' })
  regime!: string;

  @Matches(/^[a-z]{2}$/, { message: 'Choose a language from the list' })
  language!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'The stage is a whole number from 1 to 20' })
  @Min(1, { message: 'The stage is a whole number from 1 to 20' })
  @Max(20, { message: 'The stage is a whole number from 1 to 20' })
  stage?: number;
}
