import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/program';
import { CliModule } from '../../src/cli/cli.module';
import { Clock } from '../../src/common/time/clock';
import { AuditActor } from '../../src/modules/identity/audit.types';
import { LegalHoldsService } from '../../src/modules/retention/legal-holds.service';
import { RetentionPurgeService } from '../../src/modules/retention/retention-purge.service';
import { SubscriberExportService } from '../../src/modules/retention/subscriber-export.service';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { accountId, createNotice, createOrganisation } from '../support/notice-fixtures';
import { databaseEnv, testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const LEGAL: AuditActor = { kind: 'user', id: 'counsel-1', role: 'legal' };
const NOW = new Date('2027-12-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

describe('retention purge with legal holds, checked with a fixed clock', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let ds: DataSource;
  let orgId: string;
  let holds: LegalHoldsService;
  let purge: RetentionPurgeService;
  const n: Record<string, { id: string; reference: string; itemIds: string[] }> = {};
  let refs: Record<string, string>;

  const exists = async (table: string, id: string, col = 'id') =>
    (await ds.query<unknown[]>(`SELECT 1 FROM ${table} WHERE ${col} = $1`, [id])).length > 0;
  // A produced package as production leaves it: its record on the service's connection, its
  // content in the identity schema (written here as the admin; issue 16).
  const storePackage = async (requestId: string, sha256: string, at: string) => {
    await ds.query(
      `INSERT INTO disclosure_packages (request_id, sha256, produced_at) VALUES ($1, $2, $3)`,
      [requestId, sha256, at],
    );
    await db.adminQuery(
      `INSERT INTO identity.disclosure_package_contents (request_id, sha256, content, html)
       VALUES ($1, $2, '{"subscribers":[]}', '<p>x</p>')`,
      [requestId, sha256],
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(
      CliModule.forRoot(testConfig(db.url, { DEFAULT_REGIME: 'generic' })),
      { logger: false },
    );
    ds = ctx.get(DataSource);
    ctx.get(Clock).now = () => NOW;
    holds = ctx.get(LegalHoldsService);
    purge = ctx.get(RetentionPurgeService);
    refs = await seedAccounts(ctx, [
      { account: 'C-1', type: 'mac', id: 'cc:00:00:00:00:01', name: 'Cleo One' },
      { account: 'C-HELD', type: 'mac', id: 'cc:00:00:00:00:02', name: 'Held Person' },
      { account: 'C-OLD', type: 'mac', id: 'cc:00:00:00:00:03' },
    ]);
    orgId = await createOrganisation(ds);
    const notice = async (key: string, regime: string, age: number, account = 'C-1') => {
      n[key] = await createNotice(ds, {
        organisationId: orgId,
        receivedAt: daysAgo(age),
        items: [{ account, regime, attributedAt: daysAgo(age) }],
      });
    };
    await notice('caOld', 'ca', 200);
    await notice('caProceedings', 'ca', 200);
    await notice('caYoung', 'ca', 100);
    await notice('caHeldNotice', 'ca', 200);
    await notice('caHeldAccount', 'ca', 200, 'C-HELD');
    await notice('caPending', 'ca', 200);
    await notice('frYoung', 'fr', 300);
    await notice('frOld', 'fr', 400);
    await notice('genericOld', 'generic', 400);
    await notice('usLinkOld', 'us', 100);
    await notice('usLinkYoung', 'us', 30);

    await holds.noteProceedings(
      LEGAL,
      n.caProceedings.reference,
      'claim filed in Federal Court',
      null,
    );
    await holds.place(LEGAL, 'notice', n.caHeldNotice.reference, 'litigation hold');
    await holds.place(LEGAL, 'account', refs['C-HELD'], 'police request pending');
    // An open disclosure request covering a notice keeps it (nothing may go while pending).
    const req: Array<{ id: string }> = await ds.query(
      `INSERT INTO disclosure_requests (reference, organisation_id, kind, channel, issuing_body,
         case_number, notice_references, allowed_fields, objection_window_days, received_at,
         status, created_by_kind, created_by_id)
       VALUES ('DR-PENDING', $1, 'ca_norwich_order', 'api', 'FC', 'T-1', $2, '{fullName}', 0, $3,
         'under_review', 'user', 'x') RETURNING id`,
      [orgId, [n.caPending.reference], daysAgo(10)],
    );
    await ds.query(`INSERT INTO disclosure_request_notices VALUES ($1, $2)`, [
      req[0].id,
      n.caPending.id,
    ]);
    // A produced package a year and more old, and a finished and a pending message.
    const done: Array<{ id: string }> = await ds.query(
      `INSERT INTO disclosure_requests (reference, organisation_id, kind, channel, issuing_body,
         case_number, notice_references, allowed_fields, objection_window_days, received_at,
         status, created_by_kind, created_by_id)
       VALUES ('DR-DONE', $1, 'subscriber_consent', 'api', 'X', 'C-9', '{}', '{fullName}', 0, $2,
         'produced', 'user', 'x') RETURNING id`,
      [orgId, daysAgo(420)],
    );
    await storePackage(done[0].id, 'abc', daysAgo(400));
    // The same, under a legal hold on its request: the package stays.
    const heldReq: Array<{ id: string }> = await ds.query(
      `INSERT INTO disclosure_requests (reference, organisation_id, kind, channel, issuing_body,
         case_number, notice_references, allowed_fields, objection_window_days, received_at,
         status, created_by_kind, created_by_id)
       VALUES ('DR-HELD', $1, 'subscriber_consent', 'api', 'X', 'C-10', '{}', '{fullName}', 0, $2,
         'produced', 'user', 'x') RETURNING id`,
      [orgId, daysAgo(420)],
    );
    await storePackage(heldReq[0].id, 'def', daysAgo(400));
    await holds.place(LEGAL, 'request', 'DR-HELD', 'appeal pending');
    const c1 = await accountId(ds, 'C-1');
    await ds.query(
      `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, status, created_at)
       VALUES ($1, 'warning', 'warning', 'ca', 'sent', $2), ($1, 'warning', 'warning', 'ca', 'pending', $2),
              ($3, 'warning', 'warning', 'ca', 'sent', $2)`,
      [c1, daysAgo(200), await accountId(ds, 'C-HELD')],
    );
    // Lease history: an old month of a free account, a later month of the held account.
    await importText(
      ctx,
      'generic-csv',
      'dhcp-ret',
      genericCsv([
        '198.51.100.20,32,2026-03-10T10:00:00Z,2026-03-10T12:00:00Z,mac,cc:00:00:00:00:03',
        '198.51.100.21,32,2026-05-10T10:00:00Z,2026-05-10T12:00:00Z,mac,cc:00:00:00:00:02',
        '198.51.100.22,32,2027-11-10T10:00:00Z,2027-11-10T12:00:00Z,mac,cc:00:00:00:00:01',
      ]),
    );
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  it('a dry run reports what is due and removes nothing', async () => {
    const r = await purge.run(true);
    expect(r.dryRun).toBe(true);
    expect(r.notices.sort()).toEqual(
      [n.caOld.reference, n.frOld.reference, n.genericOld.reference].sort(),
    );
    expect(r.noticesKeptByHoldOrPending.sort()).toEqual(
      [n.caHeldNotice.reference, n.caHeldAccount.reference, n.caPending.reference].sort(),
    );
    // The held account's bindings (May 2026) bound the lease cut-off: only March goes.
    expect(r.leasePartitions.some((p) => p.includes('y2026m03'))).toBe(true);
    expect(r.leasePartitions.some((p) => p.includes('y2026m05'))).toBe(false);
    expect(r).toMatchObject({ identityLinks: 1, messages: 1, packages: 1 });
    expect(await exists('notices', n.caOld.id)).toBe(true);
  });

  it('purges per regime and period, keeps what holds and pending requests cover', async () => {
    const r = await purge.run(false);
    expect(r.notices).toHaveLength(3);
    for (const gone of ['caOld', 'frOld', 'genericOld']) {
      expect(await exists('notices', n[gone].id)).toBe(false);
    }
    for (const kept of [
      'caProceedings',
      'caYoung',
      'caHeldNotice',
      'caHeldAccount',
      'caPending',
      'frYoung',
      'usLinkOld',
      'usLinkYoung',
    ]) {
      expect(await exists('notices', n[kept].id)).toBe(true);
    }
    // US: the identity link is cut after 90 days; the notice itself stays.
    const links: Array<{ id: string; linked: boolean }> = await ds.query(
      `SELECT id, subscriber_account_id IS NOT NULL OR attribution IS NOT NULL AS linked
         FROM notice_items WHERE id = ANY($1::uuid[])`,
      [[n.usLinkOld.itemIds[0], n.usLinkYoung.itemIds[0]]],
    );
    expect(Object.fromEntries(links.map((l) => [l.id, l.linked]))).toEqual({
      [n.usLinkOld.itemIds[0]]: false,
      [n.usLinkYoung.itemIds[0]]: true,
    });
    const messages: Array<{ status: string }> = await ds.query(
      `SELECT status FROM outbound_messages ORDER BY status`,
    );
    expect(messages.map((m) => m.status)).toEqual(['pending', 'sent']);
    // The record stays on the main connection; the content (identity schema, read here as the
    // admin) goes with the purge, in the same transaction.
    const pkg: Array<{ sha256: string; purged_at: Date | null }> = await ds.query(
      `SELECT sha256, purged_at FROM disclosure_packages ORDER BY sha256`,
    );
    expect(pkg[0]).toMatchObject({ sha256: 'abc' });
    expect(pkg[0].purged_at?.toISOString()).toBe(NOW.toISOString());
    expect(pkg[1]).toMatchObject({ sha256: 'def', purged_at: null });
    const contents = await db.adminQuery<{ sha256: string; content: unknown }>(
      `SELECT sha256, content FROM identity.disclosure_package_contents ORDER BY sha256`,
    );
    expect(contents).toEqual([{ sha256: 'def', content: { subscribers: [] } }]);
    const partitions: Array<{ relname: string }> = await ds.query(
      `SELECT relname FROM pg_class WHERE relname LIKE 'lease_bindings_%' ORDER BY relname`,
    );
    expect(partitions.map((p) => p.relname).some((p) => p.includes('y2026m03'))).toBe(false);
    expect(partitions.map((p) => p.relname).some((p) => p.includes('y2026m05'))).toBe(true);
    // The run is in the audit log, which is itself never purged.
    const audit: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM audit_log WHERE action = 'retention.purged'`,
    );
    expect(audit[0].n).toBe('1');
  });

  it('releasing a hold lets the next run purge what it covered', async () => {
    const active = await holds.list(true);
    const onNotice = active.find((h) => h.subject_id === n.caHeldNotice.id)!;
    await holds.release(LEGAL, onNotice.id, 'litigation settled');
    await expect(holds.release(LEGAL, onNotice.id, 'again')).rejects.toMatchObject({
      code: 'hold_already_released',
    });
    const r = await purge.run(false);
    expect(r.notices).toEqual([n.caHeldNotice.reference]);
    expect(await exists('notices', n.caHeldAccount.id)).toBe(true);
  });

  it('exports everything held about one subscriber, with the identity read audited', async () => {
    const out = await ctx
      .get(SubscriberExportService)
      .export(LEGAL, refs['C-1'], 'access request AR-7');
    expect(out.account).toMatchObject({ account_number: 'C-1', reference: refs['C-1'] });
    expect(out.identity).toMatchObject({ fullName: 'Cleo One' });
    expect(out.identifiers).toEqual([
      expect.objectContaining({ identifier_type: 'mac', identifier: 'cc:00:00:00:00:01' }),
    ]);
    expect(out.noticeItems.length).toBeGreaterThanOrEqual(4);
    expect(out.leaseBindings).toHaveLength(1);
    expect(out.messages).toHaveLength(1);
    expect(out.identityAccessLog.at(-1)).toMatchObject({
      action: 'identity.read',
      purpose: 'subscriber access export: access request AR-7',
    });
  });

  it('runs from the CLI: retention:run --dry-run and subscriber:export', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const env = { ...databaseEnv(db.url), LOG_LEVEL: 'silent' };
    const before: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM notices`);
    expect(await runCli(['retention:run', '--dry-run'], { ...io, env })).toBe(0);
    expect(out.join('\n')).toMatch(/would remove[\s\S]*notices: \d+/);
    const after: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM notices`);
    expect(after[0].n).toBe(before[0].n);

    const file = join(mkdtempSync(join(tmpdir(), 'nr-export-')), 'export.json');
    const code = await runCli(
      [
        'subscriber:export',
        refs['C-1'],
        '--purpose',
        'access request AR-8',
        '--operator',
        'dpo',
        '--out',
        file,
      ],
      { ...io, env },
    );
    expect(code).toBe(0);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { identity: { fullName: string } };
    expect(exported.identity.fullName).toBe('Cleo One');
    const entry: Array<{ actor_id: string }> = await ds.query(
      `SELECT actor_id FROM audit_log WHERE purpose = 'subscriber access export: access request AR-8'`,
    );
    expect(entry).toEqual([{ actor_id: 'cli:dpo' }]);
  });
});
