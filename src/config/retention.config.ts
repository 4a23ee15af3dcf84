import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigPart, readConfigPart, toInt } from './config-part';

export class RetentionEnv {
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_LEASE_DAYS = 365;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_NOTICE_DAYS = 365;

  // Per-regime retention (RA-1, RA-3, RA-5); see the retention module.
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_CA_DAYS = 183;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_CA_PROCEEDINGS_DAYS = 365;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_FR_DAYS = 365;

  // US cable: identity links are cut this long after attribution once nothing is pending.
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_US_IDENTITY_DAYS = 90;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_PACKAGE_DAYS = 365;
}

export interface RetentionConfig {
  leaseDays: number;
  noticeDays: number;
  caDays: number;
  caProceedingsDays: number;
  frDays: number;
  usIdentityDays: number;
  packageDays: number;
}

export function readRetentionConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<RetentionEnv, RetentionConfig> {
  return readConfigPart(RetentionEnv, env, [], (vars) => ({
    leaseDays: vars.RETENTION_LEASE_DAYS,
    noticeDays: vars.RETENTION_NOTICE_DAYS,
    caDays: vars.RETENTION_CA_DAYS,
    caProceedingsDays: vars.RETENTION_CA_PROCEEDINGS_DAYS,
    frDays: vars.RETENTION_FR_DAYS,
    usIdentityDays: vars.RETENTION_US_IDENTITY_DAYS,
    packageDays: vars.RETENTION_PACKAGE_DAYS,
  }));
}
