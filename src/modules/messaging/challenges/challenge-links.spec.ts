import { ChallengeLinks } from './challenge-links';

describe('challenge links', () => {
  const links = new ChallengeLinks('k'.repeat(40));
  const id = '5b0c1a52-8a43-4c8f-9d5e-0a0b0c0d0e0f';
  const later = new Date(Date.now() + 3600_000);

  it('accepts its own token until it expires', () => {
    const t = links.token(id, later);
    expect(links.check(t)).toEqual({ ok: true, messageId: id, expiresAt: expect.any(Date) });
    expect(links.check(t, new Date(later.getTime() + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a changed expiry, message id or key', () => {
    const t = links.token(id, later);
    const [m, exp, mac] = t.split('.');
    expect(links.check(`${m}.${Number(exp) + 86400}.${mac}`).ok).toBe(false);
    expect(links.check(`${id.replace('5b', '6b')}.${exp}.${mac}`).ok).toBe(false);
    expect(new ChallengeLinks('z'.repeat(40)).check(t).ok).toBe(false);
    expect(links.check('garbage').ok).toBe(false);
  });
});
