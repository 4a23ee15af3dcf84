import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsCidrList } from './is-cidr-list.validator';
import { ConfigPart, readConfigPart, toInt } from './config-part';

export const LEGAL_REGIMES = ['ca', 'us', 'fr', 'eu', 'nz', 'generic'] as const;
export type LegalRegime = (typeof LEGAL_REGIMES)[number];

// Which addresses are the ISP's, the regime a subscriber falls under by default, and how far
// back an attribution probe looks.
export class AttributionEnv {
  // Address space of the ISP (VA-5): comma-separated CIDRs, IPv4 and IPv6.
  @IsCidrList()
  ADDRESS_SPACE = '192.0.2.0/24,198.51.100.0/24,203.0.113.0/24,2001:db8::/32';

  @IsIn(LEGAL_REGIMES)
  DEFAULT_REGIME: LegalRegime = 'generic';

  // Longest a single binding may run; bounds the index look-back of every attribution probe.
  @Transform(toInt)
  @Min(1)
  @Max(366)
  @IsInt()
  LEASE_MAX_BINDING_DAYS = 31;
}

export interface AttributionConfig {
  addressSpace: string[];
  defaultRegime: LegalRegime;
  attribution: { maxBindingDays: number };
}

export function readAttributionConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<AttributionEnv, AttributionConfig> {
  return readConfigPart(AttributionEnv, env, [], (vars) => ({
    addressSpace: vars.ADDRESS_SPACE.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    defaultRegime: vars.DEFAULT_REGIME,
    attribution: { maxBindingDays: vars.LEASE_MAX_BINDING_DAYS },
  }));
}
