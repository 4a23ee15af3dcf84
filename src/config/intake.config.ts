import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigPart, list, readConfigPart, toInt } from './config-part';

export class IntakeEnv {
  // Largest notice body taken over HTTP or from a mailbox (a whole e-mail with attachments).
  @Transform(toInt)
  @Min(1024)
  @Max(50 * 1024 * 1024)
  @IsInt()
  NOTICE_MAX_BYTES = 10 * 1024 * 1024;

  // Items per sender organisation let through per clock hour; the rest wait as `queued` (IN-6).
  @Transform(toInt)
  @Min(1)
  @Max(10_000_000)
  @IsInt()
  NOTICE_QUOTA_PER_HOUR = 10_000;

  // Validation checks switched off, comma-separated names (see src/modules/intake/policy).
  @Matches(/^[a-z0-9_,\s]*$/, { message: 'NOTICE_CHECKS_DISABLED must list check names' })
  NOTICE_CHECKS_DISABLED = '';

  // Regimes in which a notice demanding settlement, payment or personal information is not
  // forwarded (VA-2; Canada since December 2018).
  @Matches(/^[a-z,\s]*$/, { message: 'NOTICE_SETTLEMENT_BLOCK_REGIMES must list regimes' })
  NOTICE_SETTLEMENT_BLOCK_REGIMES = 'ca';

  // E-mail intake trusts a From domain only when authenticated (DKIM/SPF/DMARC); `off` trusts
  // From as written (only for a mailbox fed by an MTA that already refuses unauthenticated mail).
  @IsIn(['verify', 'off'])
  MAIL_AUTH = 'verify';

  // authserv-ids of the ISP's own MTAs whose Authentication-Results header is trusted.
  @Matches(/^[a-z0-9.,\s-]*$/i, { message: 'MAIL_AUTH_SERVERS must list host names' })
  MAIL_AUTH_SERVERS = '';

  // Domains whose valid DKIM signature marks a trusted relay (e.g. an upstream's forwarder).
  @Matches(/^[a-z0-9.,\s-]*$/i, { message: 'MAIL_TRUSTED_RELAYS must list domains' })
  MAIL_TRUSTED_RELAYS = '';

  // Senders whose notices read from plain text go on without waiting for a desk confirmation
  // (organisation ids or names, comma-separated).
  @IsString()
  NOTICE_TEXT_NO_CONFIRM = '';
}

export interface IntakeConfig {
  maxBytes: number;
  quotaPerHour: number;
  disabledChecks: string[];
  settlementBlockRegimes: string[];
  mailAuth: { mode: 'verify' | 'off'; trustedServers: string[]; trustedRelays: string[] };
  textNoConfirm: string[];
}

export function readIntakeConfig(env: NodeJS.ProcessEnv): ConfigPart<IntakeEnv, IntakeConfig> {
  return readConfigPart(IntakeEnv, env, [], (vars) => ({
    maxBytes: vars.NOTICE_MAX_BYTES,
    quotaPerHour: vars.NOTICE_QUOTA_PER_HOUR,
    disabledChecks: list(vars.NOTICE_CHECKS_DISABLED),
    settlementBlockRegimes: list(vars.NOTICE_SETTLEMENT_BLOCK_REGIMES),
    mailAuth: {
      mode: vars.MAIL_AUTH === 'off' ? 'off' : 'verify',
      trustedServers: list(vars.MAIL_AUTH_SERVERS.toLowerCase()),
      trustedRelays: list(vars.MAIL_TRUSTED_RELAYS.toLowerCase()),
    },
    textNoConfirm: list(vars.NOTICE_TEXT_NO_CONFIRM.toLowerCase()),
  }));
}
