import { auditHash, canonicalJson, GENESIS_HASH } from './audit-hash';

describe('audit hash', () => {
  const base = {
    prevHash: GENESIS_HASH,
    at: new Date('2026-11-23T02:00:00.123Z'),
    actorKind: 'user',
    actorId: 'u1',
    actorRole: 'legal',
    action: 'identity.read',
    subjectType: 'subscriber_account',
    subjectId: 'a1',
    purpose: 'review',
    details: { fields: ['fullName'], b: 1 },
  };

  it('does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
  });

  it.each([
    ['prevHash', { prevHash: 'f'.repeat(64) }],
    ['time', { at: new Date('2026-11-23T02:00:00.124Z') }],
    ['actor', { actorId: 'u2' }],
    ['purpose', { purpose: 'curiosity' }],
    ['details', { details: { fields: ['fullName', 'email'], b: 1 } }],
  ])('changes when the %s changes', (_label, change) => {
    expect(auditHash({ ...base, ...change })).not.toBe(auditHash(base));
  });
});
