import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { HoldSubject } from '../../retention/retention.repository';

// Forms of the legal staff pages: identity view, legal holds, sender standing.
// One message per field whichever rule fails.
const REF = 'Enter the subscriber reference, like SUB-4F7K2M9Q3X';
const PURPOSE =
  'Say why you need to see this identity (5 to 500 characters); it goes in the audit log';
const SUBJECT = 'Enter the reference of what to hold (1 to 100 characters)';
const REASON = 'Give the reason (3 to 2000 characters); it goes in the audit log';

export class IdentityViewForm {
  @IsString({ message: REF })
  @Matches(/^[A-Za-z0-9-]{3,64}$/, { message: REF })
  subscriberRef!: string;

  @IsString({ message: PURPOSE })
  @Length(5, 500, { message: PURPOSE })
  purpose!: string;
}

export const HOLD_SUBJECTS: readonly HoldSubject[] = ['notice', 'account', 'request'];

export class PlaceHoldForm {
  @IsIn(HOLD_SUBJECTS, { message: 'Choose what to hold: a notice, a subscriber or a request' })
  subjectType!: HoldSubject;

  @IsString({ message: SUBJECT })
  @Length(1, 100, { message: SUBJECT })
  subject!: string;

  @IsString({ message: REASON })
  @Length(3, 2000, { message: REASON })
  reason!: string;
}

// Releasing a hold, suspending or reinstating a sender: a reason only.
export class ReasonForm {
  @IsString({ message: REASON })
  @Length(3, 2000, { message: REASON })
  reason!: string;
}
