import { Inject, Injectable, Optional } from '@nestjs/common';
import { authenticate, type AuthenticateResult, type DNSResolver } from 'mailauth';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';

// DNS answers for DKIM keys and DMARC/SPF records; tests give an in-process one.
export const MAIL_DNS_RESOLVER = Symbol('MAIL_DNS_RESOLVER');

export interface Envelope {
  // The SMTP client's address, HELO name and MAIL FROM, when the caller knows them (SPF).
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

export interface MailAuthVerdict {
  // True when the From domain may name the sender organisation.
  trusted: boolean;
  how: 'dmarc' | 'authentication-results' | 'trusted-relay' | 'not-checked' | null;
  fromDomain: string | null;
  // What was found, in words the desk reads (quarantine reason).
  reason: string;
}

function domainOf(address: string | undefined): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at > 0
    ? address
        .slice(at + 1)
        .toLowerCase()
        .replace(/>$/, '')
    : null;
}

function isSameOrSub(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}

// The topmost Authentication-Results header: our own MTA adds its header on top and removes
// forged ones carrying its authserv-id (RFC 8601 §5), so only the top one can be ours.
function topAuthenticationResults(raw: Buffer): { servId: string; body: string } | null {
  const head = raw.subarray(0, 256 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^authentication-results:[ \t]*([^;\s]+)[^;]*;(.*)$/im.exec(headers);
  return m ? { servId: m[1].toLowerCase(), body: m[2] } : null;
}

/**
 * Decides whether a mail's From domain is authenticated (section 7 of issue 15): DMARC passes
 * (DKIM or SPF aligned with From), or the ISP's own MTA said so in a trusted
 * Authentication-Results header, or a configured relay signed it. Anything else is untrusted
 * and the caller quarantines it with `reason`.
 */
@Injectable()
export class MailAuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(MAIL_DNS_RESOLVER) private readonly resolver: DNSResolver | null = null,
  ) {}

  async check(raw: Buffer, envelope: Envelope = {}): Promise<MailAuthVerdict> {
    const cfg = this.config.intake.mailAuth;
    if (cfg.mode === 'off') {
      return { trusted: true, how: 'not-checked', fromDomain: null, reason: 'MAIL_AUTH=off' };
    }
    const mta = topAuthenticationResults(raw);
    let result: AuthenticateResult;
    try {
      result = await authenticate(raw, {
        ...(envelope.ip ? { ip: envelope.ip, helo: envelope.helo, sender: envelope.mailFrom } : {}),
        mta: 'notice-relay',
        disableArc: true,
        disableBimi: true,
        ...(this.resolver ? { resolver: this.resolver } : {}),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : 'unknown error';
      return this.untrusted(null, `authentication could not be checked: ${why.slice(0, 160)}`);
    }
    const fromDomain = domainOf(result.dkim.headerFrom[0]);
    if (fromDomain === null) return this.untrusted(null, 'the mail has no usable From address');

    if (mta !== null && cfg.trustedServers.includes(mta.servId)) {
      const dmarc = /\bdmarc=(\w+)/i.exec(mta.body)?.[1]?.toLowerCase();
      const from = /\bheader\.from=([^\s;]+)/i.exec(mta.body)?.[1]?.toLowerCase();
      if (dmarc === 'pass' && from === fromDomain) {
        return {
          trusted: true,
          how: 'authentication-results',
          fromDomain,
          reason: `${mta.servId}: dmarc=pass header.from=${from}`,
        };
      }
      if (dmarc !== undefined) {
        return this.untrusted(
          fromDomain,
          `the ISP's mail server ${mta.servId} found dmarc=${dmarc} for ${from ?? fromDomain}`,
        );
      }
    }

    const dmarc = result.dmarc === false ? null : result.dmarc;
    if (dmarc !== null && dmarc.status.result === 'pass') {
      return { trusted: true, how: 'dmarc', fromDomain, reason: `DMARC pass for ${fromDomain}` };
    }
    const passing = result.dkim.results.filter((r) => r.status.result === 'pass');
    const relay = passing.find((r) =>
      cfg.trustedRelays.some((d) => isSameOrSub(r.signingDomain.toLowerCase(), d)),
    );
    if (relay) {
      return {
        trusted: true,
        how: 'trusted-relay',
        fromDomain,
        reason: `signed by the trusted relay ${relay.signingDomain}`,
      };
    }
    return this.untrusted(fromDomain, describeFailure(result, fromDomain));
  }

  private untrusted(fromDomain: string | null, reason: string): MailAuthVerdict {
    return { trusted: false, how: null, fromDomain, reason };
  }
}

function describeFailure(result: AuthenticateResult, fromDomain: string): string {
  const sigs = result.dkim.results.filter((r) => r.signingDomain);
  const parts: string[] = [];
  if (sigs.length === 0) parts.push('no DKIM signature');
  for (const s of sigs) {
    const d = s.signingDomain.toLowerCase();
    if (s.status.result !== 'pass') {
      const why = s.status.comment ? ` (${s.status.comment})` : '';
      parts.push(`the DKIM signature of ${d} did not verify: ${s.status.result}${why}`);
    } else if (!isSameOrSub(d, fromDomain) && !isSameOrSub(fromDomain, d)) {
      parts.push(`the From domain ${fromDomain} is not aligned with the DKIM signature of ${d}`);
    }
  }
  const spf = result.spf === false ? null : result.spf.status.result;
  parts.push(spf === null ? 'SPF not checked (no client address)' : `SPF ${spf}`);
  const dmarc = result.dmarc === false ? 'none' : result.dmarc.status.result;
  parts.push(`DMARC ${dmarc} for ${fromDomain}`);
  return `sender not authenticated: ${parts.join('; ')}`.slice(0, 500);
}
