import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { IntakeQuotaRepository } from '../../src/modules/intake/intake-quota.repository';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { AttributionService } from '../../src/modules/attribution/attribution.service';
import { NoticeSubmissionDto } from '../../src/modules/intake/dto/notice-submission.dto';
import { NoticeAttributionService } from '../../src/modules/intake/notice-attribution.service';
import { NoticeIntakeService } from '../../src/modules/intake/notice-intake.service';
import { fromOwnSchema } from '../../src/modules/intake/notice-reader';
import { drainIntake } from '../support/intake-fixtures';
import { WorkerMetricsServer } from '../../src/modules/metrics/worker-metrics.server';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Items a sender may have attributed an hour; later ones are queued, not attributed.
const QUOTA = 30;
const NOW = new Date('2026-11-01T10:30:00Z');

interface Item {
  ip: string;
  port?: number;
  observedAt: string;
}

function notice(caseId: string, items: Item[], text?: string) {
  return fromOwnSchema(
    Object.assign(new NoticeSubmissionDto(), {
      caseId,
      owner: 'Northbridge Pictures LLC',
      title: 'The Long Road Home',
      items: items.map((i) => ({ protocol: 'BitTorrent', port: 51413, ...i })),
      text,
    }),
  );
}

// One job covers many notices: a single batched lookup, every outcome recorded per item.
describe('batched attribution (intake worker)', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let api: INestApplicationContext;
  let orgId: string;
  let refs: Record<string, string>;

  const itemsOf = async (ctx: INestApplicationContext, noticeId: string) =>
    ctx.get(DataSource).query<
      Array<{
        status: string;
        reason_code: string | null;
        attribution_outcome: string | null;
        subscriber_ref: string | null;
        regime: string | null;
      }>
    >(
      `SELECT status, reason_code, attribution_outcome, subscriber_ref, regime
         FROM notice_items WHERE notice_id = $1 ORDER BY position`,
      [noticeId],
    );

  const submit = async (caseId: string, items: Item[], text?: string, organisationId = orgId) =>
    (
      await api.get(NoticeIntakeService).submit(
        {
          organisationId,
          channel: 'api',
          mediaType: 'application/json',
          sourceFormat: 'json',
          original: Buffer.from(caseId),
          parsed: notice(caseId, items, text),
        },
        NOW,
      )
    ).noticeId;

  const sender = async (name: string) =>
    (
      await api.get(AccountsService).createOrganisation({
        name,
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Accredited,
        postalAddress: '1200 Example Avenue',
        owners: ['Northbridge Pictures LLC'],
      })
    ).id;

  beforeAll(async () => {
    db = await createTestDatabase();
    // MODE=api: no worker here, so this spec decides when a batch runs.
    config = testConfig(db.url, { NOTICE_QUOTA_PER_HOUR: String(QUOTA), MODE: 'api' });
    api = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: false,
    });
    await api.init();
    orgId = await sender('Rightsline Enforcement');
    // Accounts are in the ca regime, where settlement demands are not forwarded (VA-2).
    refs = await seedAccounts(api, [
      { account: 'B-1', type: 'mac', id: 'aa:bb:cc:00:01:01' },
      { account: 'B-2', type: 'mac', id: 'aa:bb:cc:00:01:02' },
      { account: 'B-3', type: 'mac', id: 'aa:bb:cc:00:01:03' },
    ]);
    await importText(
      api,
      'generic-csv',
      'dhcp',
      genericCsv([
        '203.0.113.10,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:01:01',
        '203.0.113.11,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:01:02',
        // Overlapping records of two accounts: ambiguous.
        '203.0.113.12,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:01:02',
        '203.0.113.12,32,2026-10-04T21:00:00Z,2026-10-04T23:00:00Z,mac,aa:bb:cc:00:01:03',
      ]),
    );
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('attributes many notices in one lookup and records each item’s own outcome', async () => {
    const at = '2026-10-04T21:13:07Z';
    const unique = await submit('B-UNIQUE', [
      { ip: '203.0.113.10', observedAt: at },
      { ip: '203.0.113.11', observedAt: at },
    ]);
    const mixed = await submit('B-MIXED', [
      { ip: '203.0.113.12', observedAt: '2026-10-04T21:30:00Z' },
      { ip: '203.0.113.99', observedAt: at },
    ]);
    const settlement = await submit(
      'B-SETTLE',
      [{ ip: '203.0.113.10', observedAt: '2026-10-04T21:20:00Z' }],
      'Pay $300 now to settle this claim and avoid legal action.',
    );
    // Five items so far: of these 27, the quota of 30 lets 25 through and queues two.
    const overQuota = await submit(
      'B-QUOTA',
      Array.from({ length: 27 }, (_, n) => ({
        ip: '203.0.113.11',
        observedAt: new Date(Date.parse('2026-10-04T20:10:00Z') + n * 60_000).toISOString(),
      })),
    );
    const missing = '00000000-0000-4000-8000-000000000000';

    const lookups = jest.spyOn(api.get(AttributionService), 'attributeMany');
    const run = await api
      .get(NoticeAttributionService)
      .attributeNotices([unique, mixed, settlement, overQuota, missing, unique]);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups.mock.calls[0][0]).toHaveLength(30);
    lookups.mockRestore();
    expect(run).toEqual({ updated: 30 });

    expect(await itemsOf(api, unique)).toEqual([
      {
        status: 'attributed',
        reason_code: null,
        attribution_outcome: 'unique',
        subscriber_ref: refs['B-1'],
        regime: 'ca',
      },
      {
        status: 'attributed',
        reason_code: null,
        attribution_outcome: 'unique',
        subscriber_ref: refs['B-2'],
        regime: 'ca',
      },
    ]);
    expect(await itemsOf(api, mixed)).toEqual([
      expect.objectContaining({
        status: 'not_forwarded',
        reason_code: 'ambiguous',
        attribution_outcome: 'ambiguous',
        subscriber_ref: null,
      }),
      expect.objectContaining({
        status: 'not_forwarded',
        reason_code: 'no_lease',
        attribution_outcome: 'no_lease',
        subscriber_ref: null,
      }),
    ]);
    expect(await itemsOf(api, settlement)).toEqual([
      expect.objectContaining({
        status: 'not_forwarded',
        reason_code: 'settlement_demand',
        attribution_outcome: 'unique',
        subscriber_ref: refs['B-1'],
      }),
    ]);
    expect((await itemsOf(api, overQuota)).map((i) => [i.status, i.reason_code])).toEqual([
      ...Array(25).fill(['attributed', null]),
      ['queued', 'quota'],
      ['queued', 'quota'],
    ]);

    // A rerun (a retried job, or a sweep) changes nothing already decided.
    expect(
      await api.get(NoticeAttributionService).attributeNotices([unique, mixed, settlement]),
    ).toEqual({ updated: 0 });
  });

  it('takes the items of large notices a page at a time', async () => {
    const other = await sender('Large Notices Sender');
    const big = await submit(
      'B-BIG',
      Array.from({ length: 10 }, (_, n) => ({
        ip: '203.0.113.10',
        observedAt: new Date(Date.parse('2026-10-04T20:05:00Z') + n * 60_000).toISOString(),
      })),
      undefined,
      other,
    );
    const lookups = jest.spyOn(api.get(AttributionService), 'attributeMany');
    const run = await api.get(NoticeAttributionService).attributeNotices([big], new Date(), 4);
    expect(lookups.mock.calls.map((c) => c[0].length)).toEqual([4, 4, 2]);
    lookups.mockRestore();
    expect(run).toEqual({ updated: 10 });
    expect((await itemsOf(api, big)).map((i) => i.subscriber_ref)).toEqual(
      Array(10).fill(refs['B-1']),
    );
  });

  it('lets a worker drain the jobs of notices submitted at once, batched', async () => {
    // The worker in a process of its own, as with MODE=worker, on the same queues.
    const worker = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, mode: 'worker' }),
      { logger: false },
    );
    await worker.init();
    try {
      const other = await sender('Second Sender');
      const ids = await Promise.all(
        Array.from({ length: 24 }, (_, n) =>
          submit(
            `B-MANY-${n}`,
            [{ ip: n % 2 ? '203.0.113.10' : '203.0.113.99', observedAt: '2026-10-04T20:30:00Z' }],
            undefined,
            other,
          ),
        ),
      );
      await drainIntake(worker);
      const rows = await Promise.all(ids.map(async (id) => (await itemsOf(worker, id))[0]));
      rows.forEach((r, n) =>
        expect(r).toMatchObject(
          n % 2
            ? { status: 'attributed', subscriber_ref: refs['B-1'] }
            : { status: 'not_forwarded', reason_code: 'no_lease' },
        ),
      );
    } finally {
      await worker.close();
    }
  });

  it('a worker with WORKER_METRICS_PORT serves its step timings on /metrics, behind the token', async () => {
    const token = 'worker-metrics-token-0123456789';
    const worker = await NestFactory.createApplicationContext(
      AppModule.forRoot({
        ...config,
        mode: 'worker',
        metricsToken: token,
        http: { ...config.http, host: '127.0.0.1', workerMetricsPort: 0 },
      }),
      { logger: false },
    );
    await worker.init();
    try {
      const port = worker.get(WorkerMetricsServer).address();
      expect(port).toBeGreaterThan(0);
      const url = `http://127.0.0.1:${port}`;
      const other = await sender('Metrics Sender');
      await submit(
        'B-METRICS',
        [{ ip: '203.0.113.10', observedAt: '2026-10-04T20:30:00Z' }],
        undefined,
        other,
      );
      await drainIntake(worker);

      const scraped = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      const count = text.match(
        /^notice_relay_step_duration_seconds_count\{step="attribute",outcome="ok"\} (\d+)$/m,
      );
      expect(Number(count?.[1])).toBeGreaterThan(0);
      expect(text).toMatch(/^notice_relay_process_cpu_seconds_total /m);
      expect(text).not.toContain(refs['B-1']);

      const refused = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(await refused.json()).toMatchObject({ status: 401, instance: '/metrics' });
      const elsewhere = await fetch(`${url}/api/v1/notices`);
      expect(elsewhere.status).toBe(404);
      expect(await elsewhere.json()).toMatchObject({ status: 404, code: 'not_found' });
    } finally {
      await worker.close();
    }
  });

  it('reserves for several notices in one statement, as one after the other would', async () => {
    const repo = new IntakeQuotaRepository(api.get(DataSource));
    const other = await sender('Batched Reservations Sender');
    const third = await sender('Second Batched Sender');
    const window = new Date('2026-11-01T14:00:00Z');
    // An item already stored answers its key as a duplicate.
    const stored = await submit('B-RESERVE-DUP', [
      { ip: '203.0.113.10', observedAt: '2026-10-04T20:40:00Z' },
    ]);
    const [storedItem] = await api
      .get(DataSource)
      .query<Array<{ id: string; dedupe_key: string }>>(
        `SELECT id, dedupe_key FROM notice_items WHERE notice_id = $1`,
        [stored],
      );
    const res = await repo.reserveQuotasAndFindDuplicates(QUOTA, [
      { organisationId: other, windowStart: window, wanted: 20, keys: ['no-such-key'] },
      { organisationId: third, windowStart: window, wanted: 3, keys: [] },
      // The quota (30) runs out within this one: 10 of 15.
      { organisationId: other, windowStart: window, wanted: 15, keys: [storedItem.dedupe_key] },
      { organisationId: other, windowStart: window, wanted: 0, keys: [] },
      { organisationId: other, windowStart: window, wanted: 4, keys: [] },
    ]);
    expect(res.map((r) => r.granted)).toEqual([20, 3, 10, 0, 0]);
    expect(res.map((r) => [...r.earlier.entries()])).toEqual([
      [],
      [],
      [[storedItem.dedupe_key, { itemId: storedItem.id, noticeId: stored }]],
      [],
      [],
    ]);
    const used = await api.get(DataSource).query<Array<{ organisation_id: string; used: number }>>(
      `SELECT organisation_id, used FROM intake_quota_windows WHERE window_start = $1
          ORDER BY used DESC`,
      [window],
    );
    expect(used).toEqual([
      { organisation_id: other, used: QUOTA },
      { organisation_id: third, used: 3 },
    ]);
    // A later batch finds the window full.
    const [later] = await repo.reserveQuotasAndFindDuplicates(QUOTA, [
      { organisationId: other, windowStart: window, wanted: 2, keys: [] },
    ]);
    expect(later.granted).toBe(0);
  });

  it('turns synchronous_commit off for the quota reservation statement only', async () => {
    // One connection, so the next statement runs where the reservation ran.
    const ds = new DataSource({ ...dataSourceOptions(db.url), extra: { max: 1 } });
    await ds.initialize();
    try {
      const res = await new IntakeQuotaRepository(ds).reserveQuotaAndFindDuplicates(
        orgId,
        new Date('2026-11-01T12:00:00Z'),
        1,
        QUOTA,
        [],
      );
      expect(res.granted).toBe(1);
      const [{ synchronous_commit }] =
        await ds.query<Array<{ synchronous_commit: string }>>(`SHOW synchronous_commit`);
      expect(synchronous_commit).toBe('on');
    } finally {
      await ds.destroy();
    }
  });
});
