import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigPart, list, readConfigPart, toInt } from './config-part';

// Blocking register (BO-3, BO-5): the stop page's addresses, the RPZ zone, the widest range a
// target may be, and the resolver used to look targets up.
export class BlockingEnv {
  @Matches(/^\d{1,3}(\.\d{1,3}){3}$/, { message: 'BLOCKING_STOP_IPV4 must be an IPv4 address' })
  BLOCKING_STOP_IPV4 = '192.0.2.80';

  @IsOptional()
  @Matches(/^[0-9a-f:]+$/i, { message: 'BLOCKING_STOP_IPV6 must be an IPv6 address' })
  BLOCKING_STOP_IPV6?: string;

  @Matches(/^([a-z0-9-]+\.)+$/i, {
    message: 'BLOCKING_RPZ_ZONE must be a domain name ending in a dot',
  })
  BLOCKING_RPZ_ZONE = 'rpz.notice-relay.';

  @Transform(toInt)
  @Min(0)
  @Max(86400)
  @IsInt()
  BLOCKING_EXPORT_TTL = 300;

  @Transform(toInt)
  @Min(8)
  @Max(32)
  @IsInt()
  BLOCKING_MAX_IPV4_PREFIX = 24;

  @Transform(toInt)
  @Min(16)
  @Max(128)
  @IsInt()
  BLOCKING_MAX_IPV6_PREFIX = 48;

  @IsOptional()
  @Matches(/^[^\s,]+(,[^\s,]+)*$/, {
    message: 'BLOCKING_RESOLVER must be comma-separated host or host:port entries',
  })
  BLOCKING_RESOLVER?: string;

  @Transform(toInt)
  @Min(2)
  @Max(10000)
  @IsInt()
  BLOCKING_SHARED_NAME_THRESHOLD = 3;

  @Matches(/^([a-z0-9-]+\.)*[a-z0-9-]+$/i, { message: 'BLOCKING_ASN_ZONE must be a domain name' })
  BLOCKING_ASN_ZONE = 'origin.asn.cymru.com';

  @Transform(toInt)
  @Min(1)
  @Max(365)
  @IsInt()
  BLOCKING_EXPIRY_WARNING_DAYS = 30;
}

export interface BlockingConfig {
  stopIpv4: string;
  stopIpv6: string | null;
  rpzZone: string;
  exportTtl: number;
  maxIpv4Prefix: number;
  maxIpv6Prefix: number;
  resolver: string[];
  sharedNameThreshold: number;
  asnZone: string;
  expiryWarningDays: number;
}

export function readBlockingConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<BlockingEnv, BlockingConfig> {
  const optional = ['BLOCKING_STOP_IPV6', 'BLOCKING_RESOLVER'] as const;
  return readConfigPart(BlockingEnv, env, optional, (vars) => ({
    stopIpv4: vars.BLOCKING_STOP_IPV4,
    stopIpv6: vars.BLOCKING_STOP_IPV6 ?? null,
    rpzZone: vars.BLOCKING_RPZ_ZONE,
    exportTtl: vars.BLOCKING_EXPORT_TTL,
    maxIpv4Prefix: vars.BLOCKING_MAX_IPV4_PREFIX,
    maxIpv6Prefix: vars.BLOCKING_MAX_IPV6_PREFIX,
    resolver: list(vars.BLOCKING_RESOLVER ?? ''),
    sharedNameThreshold: vars.BLOCKING_SHARED_NAME_THRESHOLD,
    asnZone: vars.BLOCKING_ASN_ZONE,
    expiryWarningDays: vars.BLOCKING_EXPIRY_WARNING_DAYS,
  }));
}
