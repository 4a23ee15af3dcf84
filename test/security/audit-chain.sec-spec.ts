import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
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

  // The service's role cannot touch the log's rows (database-roles.sec-spec.ts), but the owner
  // or a superuser can switch the append-only trigger off: the chain must catch what they do.
  const asOwner = async (sql: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
      await c.query(sql, params);
      await c.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
  };

  // Every hash from `fromSeq` on recomputed as if the chain had always been so.
  const rechainFrom = async (fromSeq: string) => {
    const rows: Row[] = await ds.query(`SELECT * FROM audit_log ORDER BY seq`);
    const start = rows.findIndex((r) => BigInt(r.seq) >= BigInt(fromSeq));
    let prev = rows[start - 1]?.hash ?? rows[0].prev_hash;
    for (const r of rows.slice(start)) {
      const hash = auditHash({
        prevHash: prev,
        at: r.at,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        purpose: r.purpose,
        details: r.details,
      });
      await asOwner(`UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1`, [
        r.seq,
        prev,
        hash,
      ]);
      prev = hash;
    }
  };

  const appendSome = (n: number, tag: string) =>
    ds.transaction((em) =>
      audit.appendMany(
        em,
        Array.from({ length: n }, (_, i) => ({
          actor: { kind: 'system' as const, id: tag, role: 'system' },
          action: 'test.entry',
          subjectType: 'test',
          subjectId: `${tag}-${i}`,
          purpose: tag,
        })),
      ),
    );

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

  it('numbers entries without gaps even when an append rolls back', async () => {
    await expect(
      ds.transaction(async (em) => {
        await audit.append(em, {
          actor: { kind: 'system', id: 't', role: 'system' },
          action: 'test.entry',
          subjectType: 'test',
          subjectId: 'rolled-back',
          purpose: 'rolled back',
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await appendSome(2, 'after');
    const seqs: Array<{ seq: string }> = await ds.query(
      `SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 3`,
    );
    expect(seqs.map((r) => Number(r.seq))).toEqual([132, 131, 130]);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 132 });
  });

  it('detects an entry deleted in the middle with every later hash recomputed', async () => {
    await asOwner(`DELETE FROM audit_log WHERE seq = 50`);
    await rechainFrom('51');
    const v = await audit.verify(17);
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ seq: '51' });
    expect(v.firstBroken?.problem).toMatch(/sequence gap: entries 50 to 50 are missing/);
  });

  it('detects a deletion past the last checkpoint, hashes recomputed, by the gap it leaves', async () => {
    // Entries after the last signed checkpoint: no signature covers them yet.
    await appendSome(5, 'tail');
    const [{ seq: lastCheckpoint }]: Array<{ seq: string }> = await ds.query(
      `SELECT max(seq) AS seq FROM audit_checkpoints`,
    );
    expect(Number(lastCheckpoint)).toBe(130);
    await asOwner(`DELETE FROM audit_log WHERE seq = 132`);
    await rechainFrom('133');
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ seq: '133' });
    expect(v.firstBroken?.problem).toMatch(/sequence gap/);
  });
});
