import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { runCli } from '../../src/cli/program';
import { AppConfig } from '../../src/config/app-config';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { NoticeAttributionService } from '../../src/modules/intake/notice-attribution.service';
import { NoticeIntakeService } from '../../src/modules/intake/notice-intake.service';
import { NoticeQueryService } from '../../src/modules/intake/notice-query.service';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { QuarantineService } from '../../src/modules/intake/quarantine.service';
import { QuotaReleaseService } from '../../src/modules/intake/quota-release.service';
import { fromOwnSchema } from '../../src/modules/intake/notice-reader';
import { NoticeSubmissionDto } from '../../src/modules/intake/dto/notice-submission.dto';
import { drainIntake, NOTICE_FIXTURES, noticeFixture } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { databaseEnv, testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const QUOTA = 3;
const SENDER = 'notices@rightsline.example';

function ownNotice(caseId: string, ports: number[]): NoticeSubmissionDto {
  return Object.assign(new NoticeSubmissionDto(), {
    caseId,
    owner: 'Northbridge Pictures LLC',
    title: 'The Long Road Home',
    items: ports.map((port) => ({
      ip: '203.0.113.47',
      port,
      observedAt: '2026-10-04T21:13:07Z',
      protocol: 'BitTorrent',
    })),
  });
}

describe('notice intake (service, worker, CLI)', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let app: INestApplicationContext;
  let orgId: string;

  const statuses = async (noticeId: string) =>
    (
      await app
        .get(DataSource)
        .query<Array<{ status: string }>>(
          `SELECT status FROM notice_items WHERE notice_id = $1 ORDER BY position`,
          [noticeId],
        )
    ).map((r) => r.status);

  async function cli(argv: string[], stdin?: Buffer) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {
        ...databaseEnv(db.url),
        QUEUE_PREFIX: config.redis.queuePrefix,
        REDIS_URL: config.redis.url,
        NOTICE_QUOTA_PER_HOUR: String(QUOTA),
        LOG_LEVEL: 'silent',
        // The fixtures are unsigned; intake-mail.int-spec covers authentication.
        MAIL_AUTH: 'off',
      },
      stdin: stdin ? () => Promise.resolve(stdin) : undefined,
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, { NOTICE_QUOTA_PER_HOUR: String(QUOTA) });
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
    await app.init();
    const org = await app.get(AccountsService).createOrganisation({
      name: 'Rightsline Enforcement',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '1200 Example Avenue',
      owners: ['Northbridge Pictures LLC', 'Harbor Light Studios'],
      senderAddresses: [SENDER],
    });
    orgId = org.id;
    await seedAccounts(app, [{ account: 'ACCT-1', type: 'mac', id: 'aa:bb:cc:00:00:01' }]);
    await importText(
      app,
      'generic-csv',
      'dhcp-int',
      genericCsv([
        '203.0.113.47,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
      ]),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('queues items over the sender quota, says when, and releases them later (IN-6)', async () => {
    const now = new Date('2026-11-01T10:30:00Z');
    const intake = app.get(NoticeIntakeService);
    const parsed = fromOwnSchema(ownNotice('QUOTA-1', [1, 2, 3, 4, 5]));
    const { noticeId } = await intake.submit(
      {
        organisationId: orgId,
        channel: 'api',
        mediaType: 'application/json',
        sourceFormat: 'json',
        original: Buffer.from('{}'),
        parsed,
      },
      now,
    );
    const receipt = await app.get(NoticeQueryService).receipt(noticeId);
    // The worker may already have attributed the first three.
    expect(receipt.items.map((i) => i.status.replace('attributed', 'accepted'))).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'queued',
      'queued',
    ]);
    expect(receipt.items[3]).toMatchObject({
      reasonCode: 'quota',
      expectedAt: '2026-11-01T11:00:00.000Z',
    });
    await drainIntake(app);
    expect(await statuses(noticeId)).toEqual([
      'attributed',
      'attributed',
      'attributed',
      'queued',
      'queued',
    ]);

    // Still the same window: nothing moves. The next window lets them through.
    expect(await app.get(QuotaReleaseService).releaseQueued(now)).toMatchObject({ released: 0 });
    const later = new Date('2026-11-01T11:00:30Z');
    expect(await app.get(QuotaReleaseService).releaseQueued(later)).toMatchObject({ released: 2 });
    await drainIntake(app);
    expect(await statuses(noticeId)).toEqual(Array(5).fill('attributed'));
  });

  it('reruns the attribution step harmlessly', async () => {
    const rows: Array<{ id: string }> = await app
      .get(DataSource)
      .query(`SELECT id FROM notices WHERE case_id = 'QUOTA-1'`);
    const again = await app.get(NoticeAttributionService).attributeNotice(rows[0].id);
    expect(again).toEqual({ updated: 0 });
    expect(await statuses(rows[0].id)).toEqual(Array(5).fill('attributed'));
  });

  it('stores one notice when the same notice arrives twice at once', async () => {
    const intake = app.get(NoticeIntakeService);
    const submit = () =>
      intake.submit({
        organisationId: orgId,
        channel: 'api',
        mediaType: 'application/json',
        sourceFormat: 'json',
        original: Buffer.from('{}'),
        parsed: fromOwnSchema(ownNotice('RACE-1', [7000])),
      });
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a.noticeId).toBe(b.noticeId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await drainIntake(app);
  });

  it('gives every e-mail fixture a verdict and keeps its bytes', async () => {
    const mails = readdirSync(NOTICE_FIXTURES).filter((f) => f.endsWith('.eml'));
    expect(mails.length).toBeGreaterThan(10);
    for (const file of mails) {
      // A case id per file, so they are not all duplicates of one another.
      const raw = Buffer.from(
        noticeFixture(file)
          .toString('latin1')
          .replace(/3458172960/g, String(Math.floor(Math.random() * 1e9))),
        'latin1',
      );
      const { receipt, created } = await app.get(NoticeSubmissionService).ingestMail(raw);
      expect(['accepted', 'refused']).toContain(receipt.status);
      // A repeat (same case, address, port and time) is answered with the first receipt.
      if (!created) continue;
      if (receipt.status === 'refused') expect(receipt.refusalCode).toEqual(expect.any(String));
      const [row] = await app
        .get(DataSource)
        .query<Array<{ original: Buffer; channel: string; sender_address: string }>>(
          `SELECT original, channel, sender_address FROM notices WHERE reference = $1`,
          [receipt.reference],
        );
      expect(row.original.equals(raw)).toBe(true);
      expect(row).toMatchObject({ channel: 'email', sender_address: SENDER });
    }
    await drainIntake(app);
  });

  it('ingest-mail reads stdin, a file and a maildir', async () => {
    const viaStdin = await cli(
      ['ingest-mail'],
      Buffer.from(
        noticeFixture('email-attachment-only.eml')
          .toString('latin1')
          .replace(/3458172960/g, '11'),
        'latin1',
      ),
    );
    expect(viaStdin.code).toBe(0);
    expect(viaStdin.out[0]).toMatch(/^stdin: NTC-\w+ accepted items: (accepted|attributed)=1$/);

    const dir = mkdtempSync(join(tmpdir(), 'maildir-'));
    mkdirSync(join(dir, 'new'));
    mkdirSync(join(dir, 'cur'));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(
      join(dir, 'new', '1.host'),
      noticeFixture('email-indented.eml')
        .toString('latin1')
        .replace(/3458172960/g, '12'),
      'latin1',
    );
    writeFileSync(join(dir, 'new', '2.host'), noticeFixture('email-no-notice.eml'));
    const viaMaildir = await cli(['ingest-mail', dir]);
    expect(viaMaildir.code).toBe(0);
    expect(viaMaildir.out).toHaveLength(2);
    expect(viaMaildir.out[1]).toMatch(/refused \(no_notice_found\)/);
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur')).sort()).toEqual(['1.host:2,S', '2.host:2,S']);

    const viaFile = await cli(['ingest-mail', '--json', join(NOTICE_FIXTURES, 'email-xarf4.eml')]);
    expect(viaFile.code).toBe(0);
    expect(JSON.parse(viaFile.out[0])).toMatchObject({ channel: 'email', format: 'xarf4' });
    await drainIntake(app);
  });

  it('quarantines an unknown sender, then the desk assigns or rejects it', async () => {
    const stranger = (caseId: string) =>
      Buffer.from(
        noticeFixture('email-pgp-inline-markers.eml')
          .toString('latin1')
          .replace(new RegExp(SENDER, 'g'), 'someone@unknown.example')
          .replace(/3458172960/g, caseId),
        'latin1',
      );
    const submissions = app.get(NoticeSubmissionService);
    const first = (await submissions.ingestMail(stranger('Q-1'))).receipt;
    const second = (await submissions.ingestMail(stranger('Q-2'))).receipt;
    expect(first).toMatchObject({ status: 'quarantined', items: [] });

    // A sender of its own, whose hourly quota is still unspent.
    const other = await app.get(AccountsService).createOrganisation({
      name: 'Newly Known Vendor',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '1 Other Road',
      owners: ['Northbridge Pictures LLC'],
    });
    const quarantine = app.get(QuarantineService);
    const accepted = await quarantine.accept(first.reference, other.id);
    expect(accepted).toMatchObject({ status: 'accepted', organisationId: other.id });
    expect(accepted.items).toHaveLength(1);
    const rejected = await quarantine.reject(second.reference, 'not a notice sender');
    expect(rejected).toMatchObject({ status: 'rejected', refusalReason: 'not a notice sender' });
    await expect(quarantine.reject(second.reference, 'again')).rejects.toMatchObject({
      code: 'notice_not_quarantined',
    });
    await drainIntake(app);
    const final = await app.get(NoticeQueryService).detailForDesk(first.reference);
    expect(final.items[0]).toMatchObject({ attributionOutcome: 'unique' });
  });
});
