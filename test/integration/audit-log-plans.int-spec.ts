import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../../src/cli/cli.module';
import { AuditLogQuery } from '../../src/modules/identity/audit-log.query';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// The audit log page's filters at volume (issue #19, migration 1796230000000-audit-log-filters):
// over 60,000 entries, a time window, an actor and a subject are each read through their own
// index, never by walking the whole log newest first.
describe('audit log filters use their indexes', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let log: AuditLogQuery;
  const ENTRIES = 60_000;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One entry a minute from 2026-01-01; 100 actors and 20,000 subjects in turn. The chain's
    // hashes are not what this spec is about (audit-chain.sec-spec.ts is).
    await db.adminQuery(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_role, action, subject_type,
         subject_id, purpose, details, prev_hash, hash)
       SELECT timestamptz '2026-01-01T00:00:00Z' + g * interval '1 minute', 'system',
              'actor-' || (g % 100), 'system', 'notice.accepted', 'notice',
              'subject-' || (g % 20000), 'seeded', '{}', md5((g - 1)::text), md5(g::text)
         FROM generate_series(1, $1) g`,
      [ENTRIES],
    );
    await db.adminQuery(`ANALYZE audit_log`);
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    log = ctx.get(AuditLogQuery);
  });
  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  it('reads a time window through audit_log_at_idx', async () => {
    const f = {
      from: new Date('2026-01-20T10:00:00Z'),
      to: new Date('2026-01-20T12:00:00Z'),
      limit: 50,
    };
    const plan = await log.explain(f);
    expect(plan).toContain('audit_log_at_idx');
    expect(plan).not.toMatch(/Seq Scan on audit_log/);
    const page = await log.page(f);
    expect(page).toHaveLength(50);
    expect(page.every((e) => e.at >= f.from && e.at < f.to)).toBe(true);
  });

  it('reads one actor’s entries through audit_log_actor_idx, newest first', async () => {
    const f = { actor: 'actor-7', limit: 50 };
    const plan = await log.explain(f);
    expect(plan).toContain('audit_log_actor_idx');
    expect(plan).not.toMatch(/Seq Scan on audit_log/);
    const page = await log.page(f);
    expect(page).toHaveLength(50);
    expect(new Set(page.map((e) => e.actorId))).toEqual(new Set(['actor-7']));
    const seqs = page.map((e) => BigInt(e.seq));
    expect(seqs.every((s, i) => i === 0 || s < seqs[i - 1])).toBe(true);
  });

  it('reads one subject’s entries through audit_log_subject_id_idx', async () => {
    const f = { subject: 'subject-123', limit: 50 };
    const plan = await log.explain(f);
    expect(plan).toContain('audit_log_subject_id_idx');
    const page = await log.page(f);
    expect(page.map((e) => e.subjectId)).toEqual(['subject-123', 'subject-123', 'subject-123']);
  });
});
