import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
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
} from 'class-validator';

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
