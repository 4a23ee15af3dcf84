import { Type } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
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
