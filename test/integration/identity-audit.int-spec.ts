import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { systemActor } from '../../src/modules/identity/audit.types';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { seedAccounts } from '../support/lease-fixtures';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { identityQuery } from '../support/identity-query';

describe('audited identity reads and the tamper-evident audit log', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let identity: IdentityService;
  let audit: AuditRepository;
  let ds: DataSource;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    identity = ctx.get(IdentityService);
    audit = ctx.get(AuditRepository);
    ds = ctx.get(DataSource);
    await seedAccounts(ctx, [
      {
        account: 'ID-1',
        type: 'mac',
        id: 'aa:00:00:00:00:01',
        name: 'Jane Roe',
        email: 'jane@roe.example',
      },
    ]);
    const rows = await identityQuery<{ id: string }>(
      ds,
      `SELECT id FROM subscriber_accounts WHERE account_number = 'ID-1'`,
    );
    accountId = rows[0].id;
  });

  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('returns only the fields asked for and writes one audit entry per read', async () => {
    const before = (await audit.list({ limit: 1000 })).length;
    const got = await identity.read(accountId, {
      actor: systemActor('test'),
      purpose: 'unit of work',
      fields: ['fullName'],
    });
    expect(got).toEqual({ fullName: 'Jane Roe' });
    const entries = await audit.list({
      subjectType: 'subscriber_account',
      subjectId: accountId,
      limit: 10,
    });
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({
      action: 'identity.read',
      purpose: 'unit of work',
      details: { fields: ['fullName'] },
    });
  });

  it('commits each read with its audit entry on its own connection, whatever the caller does next', async () => {
    const before = (await audit.list({ limit: 1000 })).length;
    // The read runs as the identity role, not in the caller's (service role) transaction.
    await expect(
      ds.transaction(async () => {
        await identity.readMany([accountId], {
          actor: systemActor('test'),
          purpose: 'x',
          fields: ['email'],
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await audit.list({ limit: 1000 })).length).toBe(before + 1);
  });

  it('leaves no audit entry when the read itself fails', async () => {
    const before = (await audit.list({ limit: 1000 })).length;
    await expect(
      identity.readMany(['not-a-uuid'], {
        actor: systemActor('test'),
        purpose: 'x',
        fields: ['email'],
      }),
    ).rejects.toThrow(/uuid/);
    expect((await audit.list({ limit: 1000 })).length).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log', async () => {
    // The service's role has no such privilege (issue 16) ...
    for (const sql of [
      `UPDATE audit_log SET purpose = 'edited'`,
      `DELETE FROM audit_log`,
      `TRUNCATE audit_log`,
    ]) {
      await expect(ds.query(sql)).rejects.toThrow(/permission denied/);
    }
    // ... and the trigger refuses them even to the owner and a superuser.
    await expect(db.adminQuery(`UPDATE audit_log SET purpose = 'edited'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.adminQuery(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.adminQuery(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain and names the first altered entry after tampering', async () => {
    for (let i = 0; i < 3; i++) {
      await identity.read(accountId, {
        actor: systemActor('test'),
        purpose: `read ${i}`,
        fields: ['language'],
      });
    }
    const intact = await audit.verify(2);
    expect(intact).toMatchObject({ ok: true, firstBroken: null });
    expect(intact.entries).toBeGreaterThanOrEqual(4);

    const entries = await audit.list({ limit: 1000 });
    const victim = entries[Math.floor(entries.length / 2)];
    // A superuser who disables the trigger can still edit; the chain shows it.
    await db.adminQuery(
      `BEGIN;
       ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
       UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = ${Number(victim.seq)};
       ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
       COMMIT`,
    );
    const broken = await audit.verify(2);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.seq).toBe(victim.seq);
    expect(broken.firstBroken?.problem).toMatch(/altered/);
  });
});
