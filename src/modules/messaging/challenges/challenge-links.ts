import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck =
  { ok: true; messageId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A challenge link names the message and its expiry, signed with SECRET_KEY (HMAC-SHA256):
// nothing about the subscriber is in it, and it cannot be forged or extended.
export class ChallengeLinks {
  constructor(private readonly secret: string) {}

  token(messageId: string, expiresAt: Date): string {
    const payload = `${messageId}.${Math.floor(expiresAt.getTime() / 1000)}`;
    return `${payload}.${this.mac(payload)}`;
  }

  check(token: string, now = new Date()): LinkCheck {
    const [messageId, exp, mac] = token.split('.');
    if (!messageId || !exp || !mac || !UUID.test(messageId) || !/^\d+$/.test(exp)) {
      return { ok: false, reason: 'invalid' };
    }
    const expected = Buffer.from(this.mac(`${messageId}.${exp}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'invalid' };
    }
    const expiresAt = new Date(Number(exp) * 1000);
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, messageId, expiresAt };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`challenge:${payload}`).digest('base64url');
  }
}
