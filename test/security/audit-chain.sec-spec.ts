import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditHash } from '../../src/modules/identity/audit-hash';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attacks on the audit chain by someone who can write the database as its owner: deleting the
// last entries, or rewriting one entry and recomputing every hash after it, used to pass
// `audit:verify`. Signed checkpoints (HMAC keyed outside the database) now catch both.
interface Row {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  purpose: string;
  details: unknown;
  prev_hash: string;
  hash: string;
}

describe('audit chain tampering', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let audit: AuditRepository;

  beforeEach(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    ds = app.get(DataSource);
    audit = app.get(AuditRepository);
    await ds.transaction((em) =>
      audit.appendMany(
        em,
        Array.from({ length: 130 }, (_, i) => ({
          actor: { kind: 'user' as const, id: `u${i}`, role: 'legal' },
          action: 'identity.read',
          subjectType: 'subscriber_account',
          subjectId: `acct-${i}`,
          purpose: `look ${i}`,
        })),
      ),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 130 });
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  // The owner (postgres here) can switch the append-only trigger off; the service must not be
  // the owner in production, and the chain must catch what the owner does.
  const asOwner = (sql: string, params: unknown[] = []) =>
    ds.transaction(async (em) => {
      await em.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await em.query(sql, params);
      await em.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    });

  it('signs checkpoints of the head', async () => {
    const cps: Array<{ seq: string }> = await ds.query(
      `SELECT seq FROM audit_checkpoints ORDER BY seq`,
    );
    expect(cps.length).toBeGreaterThan(0);
  });

  it('detects deletion of the last entries', async () => {
    const [{ seq }]: Array<{ seq: string }> = await ds.query(
      `SELECT max(seq) AS seq FROM audit_checkpoints`,
    );
    await asOwner(`DELETE FROM audit_log WHERE seq >= $1`, [seq]);
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.problem).toMatch(/deleted/);
  });

  it('detects an entry rewritten with every later hash recomputed', async () => {
    const rows: Row[] = await ds.query(`SELECT * FROM audit_log ORDER BY seq`);
    let prev = rows[0].prev_hash;
    const rewritten = rows.map((r) => {
      const purpose = r.seq === rows[20].seq ? 'nothing to see here' : r.purpose;
      const hash = auditHash({
        prevHash: prev,
        at: r.at,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        purpose,
        details: r.details,
      });
      const out = { seq: r.seq, purpose, prev, hash };
      prev = hash;
      return out;
    });
    for (const r of rewritten.slice(20)) {
      await asOwner(`UPDATE audit_log SET purpose = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [
        r.seq,
        r.purpose,
        r.prev,
        r.hash,
      ]);
    }
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.problem).toMatch(/re-chained/);
  });

  it('detects a checkpoint forged without the key', async () => {
    const rows: Array<{ seq: string; hash: string }> = await ds.query(
      `SELECT seq, hash FROM audit_log ORDER BY seq DESC OFFSET 1 LIMIT 1`,
    );
    await ds.query(`INSERT INTO audit_checkpoints (seq, hash, mac) VALUES ($1, $2, $3)`, [
      rows[0].seq,
      rows[0].hash,
      'ab'.repeat(32),
    ]);
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.problem).toMatch(/signature/);
  });
});
