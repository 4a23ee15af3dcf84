import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { runCli } from '../../src/cli/program';
import { Clock } from '../../src/common/time/clock';
import { DisclosureQueryService } from '../../src/modules/disclosure/disclosure-query.service';
import { DisclosureRequestRow, RequestKind } from '../../src/modules/disclosure/disclosure.types';
import { ProductionService } from '../../src/modules/disclosure/production.service';
import { RequestDecisionService } from '../../src/modules/disclosure/request-decision.service';
import {
  RequestInput,
  RequestIntakeService,
  Submitter,
} from '../../src/modules/disclosure/request-intake.service';
import { AuditActor } from '../../src/modules/identity/audit.types';
import { seedAccounts } from '../support/lease-fixtures';
import { createNotice, createOrganisation } from '../support/notice-fixtures';
import { databaseEnv, testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const LEGAL: AuditActor = { kind: 'user', id: 'counsel-1', role: 'legal' };
const DAY = 86_400_000;

describe('disclosure requests: workflow, window, package and audit', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let ds: DataSource;
  let clock: Clock;
  let now: Date;
  let orgId: string;
  let intake: RequestIntakeService;
  let decisions: RequestDecisionService;
  let production: ProductionService;
  let noticeRef: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    ds = ctx.get(DataSource);
    clock = ctx.get(Clock);
    now = new Date('2026-11-02T10:00:00Z');
    clock.now = () => now;
    intake = ctx.get(RequestIntakeService);
    decisions = ctx.get(RequestDecisionService);
    production = ctx.get(ProductionService);
    await seedAccounts(ctx, [
      {
        account: 'A-1',
        type: 'mac',
        id: 'aa:00:00:00:00:01',
        name: 'Ada One',
        email: 'ada@one.example',
      },
      {
        account: 'A-2',
        type: 'mac',
        id: 'aa:00:00:00:00:02',
        name: 'Ben Two',
        email: 'ben@two.example',
      },
    ]);
    orgId = await createOrganisation(ds);
    const notice = await createNotice(ds, {
      organisationId: orgId,
      items: [
        { account: 'A-1', cgnat: true },
        { account: 'A-2', withinTolerance: true, port: 6881 },
        { outcome: 'ambiguous' },
      ],
    });
    noticeRef = notice.reference;
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  const complainant = (): Submitter => ({
    actor: { kind: 'api_key', id: 'key-1', role: 'complainant' },
    organisationId: orgId,
    channel: 'api',
    restrictToOrganisation: true,
  });
  const input = (kind: RequestKind, over: Partial<RequestInput> = {}): RequestInput => ({
    kind,
    issuingBody: 'US District Court',
    caseNumber: '1:26-cv-0001',
    noticeReferences: [noticeRef],
    allowedFields: ['fullName', 'postalAddress'],
    objectionWindowDays: 30,
    respondBy: null,
    ...over,
  });
  // A kind that rests on an order gets its order document attached, as a requester would
  // (DR-1: it is never approved or produced without one).
  const submit = async (kind: RequestKind = 'us_subpoena', over: Partial<RequestInput> = {}) => {
    const r = await intake.submit(complainant(), input(kind, over));
    if (kind === 'subscriber_consent') return r;
    return intake.attachDocument(LEGAL, r.id, Buffer.from(`%PDF-1.7 order ${r.id}`), null);
  };

  // Actions legal staff (or the requester) can try, and the states each is allowed from.
  type Action = (id: string) => Promise<DisclosureRequestRow>;
  const ACTIONS: Record<string, { run: Action; from: string[] }> = {
    review: {
      run: (id) => decisions.startReview(LEGAL, id, 'start'),
      from: ['received', 'on_hold'],
    },
    approve: {
      run: (id) => decisions.decide(LEGAL, id, { decision: 'approve', reason: 'order valid' }),
      from: ['under_review'],
    },
    refuse: {
      run: (id) =>
        decisions.decide(LEGAL, id, { decision: 'refuse', grounds: ['joinder'], reason: 'no' }),
      from: ['received', 'under_review', 'on_hold'],
    },
    motionFiled: {
      run: (id) => decisions.recordMotion(LEGAL, id, 'filed', 'motion to quash filed'),
      from: ['under_review', 'subscriber_notified', 'waiting_window'],
    },
    motionDenied: {
      run: (id) => decisions.recordMotion(LEGAL, id, 'denied', 'denied by court'),
      from: ['on_hold'],
    },
    motionGranted: {
      run: (id) => decisions.recordMotion(LEGAL, id, 'granted', 'quashed'),
      from: ['on_hold'],
    },
    produce: { run: (id) => production.produce(LEGAL, id), from: ['approved', 'waiting_window'] },
    withdraw: {
      run: (id) => decisions.withdraw(LEGAL, id, 'withdrawn', null),
      from: [
        'received',
        'under_review',
        'approved',
        'subscriber_notified',
        'waiting_window',
        'on_hold',
      ],
    },
  };

  // Builds a request in each reachable state (a consent request stops at approved).
  async function inState(state: string): Promise<string> {
    const kind: RequestKind = state === 'approved' ? 'subscriber_consent' : 'us_subpoena';
    const id = (await submit(kind, { objectionWindowDays: 0 })).id;
    const path: Record<string, string[]> = {
      received: [],
      under_review: ['review'],
      approved: ['review', 'approve'],
      waiting_window: ['review', 'approve'],
      on_hold: ['review', 'approve', 'motionFiled'],
      refused: ['refuse'],
      produced: ['review', 'approve', 'produce'],
      withdrawn: ['withdraw'],
    };
    for (const step of path[state]) await ACTIONS[step].run(id);
    return id;
  }

  describe.each([
    'received',
    'under_review',
    'approved',
    'waiting_window',
    'on_hold',
    'refused',
    'produced',
    'withdrawn',
  ])('from %s', (state) => {
    const forbidden = Object.entries(ACTIONS).filter(([, a]) => !a.from.includes(state));
    it.each(forbidden.map(([name]) => name))(
      'refuses %s and leaves the request as it was',
      async (name) => {
        const id = await inState(state);
        const before = await ctx.get(DisclosureQueryService).detail(id);
        expect(before.request.status).toBe(state);
        await expect(ACTIONS[name].run(id)).rejects.toMatchObject({
          code: 'disclosure_transition_forbidden',
        });
        const after = await ctx.get(DisclosureQueryService).detail(id);
        expect(after.request.status).toBe(state);
        expect(after.transitions).toHaveLength(before.transitions.length);
      },
    );
  });

  it('refuses a notice reference the complainant does not own', async () => {
    const otherOrg = await createOrganisation(ds);
    const other = await createNotice(ds, { organisationId: otherOrg, items: [{ account: 'A-1' }] });
    await expect(
      submit('us_subpoena', { noticeReferences: [other.reference] }),
    ).rejects.toMatchObject({ code: 'disclosure_notice_unknown' });
  });

  it('US order: the subscriber is told first and production waits out the window and any motion', async () => {
    const r = await submit('us_512h_subpoena', { objectionWindowDays: 14 });
    await decisions.startReview(LEGAL, r.id, 'reviewing');
    const approved = await decisions.decide(LEGAL, r.id, { decision: 'approve', reason: 'valid' });
    expect(approved.status).toBe('waiting_window');
    expect(approved.window_ends_at?.toISOString()).toBe(
      new Date(now.getTime() + 14 * DAY).toISOString(),
    );

    // One notice of the order per covered account, with ids and facts only.
    const msgs: Array<{ kind: string; template: string; context: Record<string, unknown> }> =
      await ds.query(
        `SELECT kind, template, context FROM outbound_messages WHERE context->>'requestReference' = $1`,
        [r.reference],
      );
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatchObject({
      kind: 'disclosure_notice',
      template: 'disclosure-notice',
      context: {
        requestReference: r.reference,
        caseNumber: '1:26-cv-0001',
        noticeReferences: [noticeRef],
        allowedFields: ['fullName', 'postalAddress'],
        windowEndsAt: approved.window_ends_at!.toISOString(),
      },
    });
    expect(JSON.stringify(msgs)).not.toMatch(/Ada One|Ben Two|ada@one|ben@two/);

    await expect(production.produce(LEGAL, r.id)).rejects.toMatchObject({
      code: 'disclosure_window_open',
    });
    const saved = now;
    now = new Date(saved.getTime() + 10 * DAY);
    await decisions.recordMotion(LEGAL, r.id, 'filed', 'subscriber moved to quash');
    now = new Date(saved.getTime() + 20 * DAY);
    // Window over, but a motion is pending: still no production.
    await expect(production.produce(LEGAL, r.id)).rejects.toMatchObject({
      code: 'disclosure_transition_forbidden',
    });
    const back = await decisions.recordMotion(LEGAL, r.id, 'denied', 'motion denied');
    expect(back).toMatchObject({ status: 'waiting_window', motion_pending: false });
    const produced = await production.produce(LEGAL, r.id);
    now = saved;
    expect(produced.status).toBe('produced');

    const detail = await ctx.get(DisclosureQueryService).detail(r.id);
    expect(detail.transitions.map((t) => t.to_status)).toEqual([
      'received',
      'under_review',
      'approved',
      'subscriber_notified',
      'waiting_window',
      'on_hold',
      'waiting_window',
      'produced',
    ]);
    expect(detail.transitions[2]).toMatchObject({
      actor_id: 'counsel-1',
      actor_role: 'legal',
      reason: 'valid',
    });
  });

  it('produces exactly the allowed fields, reads identity through the audited path, audits every download', async () => {
    const r = await submit('subscriber_consent', { allowedFields: ['fullName'] });
    await decisions.startReview(LEGAL, r.id, 'reviewing');
    await decisions.decide(LEGAL, r.id, { decision: 'approve', reason: 'consent on file' });
    await production.produce(LEGAL, r.id);

    const reads: Array<{ subject_id: string; details: { fields: string[] } }> = await ds.query(
      `SELECT subject_id, details FROM audit_log WHERE action = 'identity.read' AND purpose = $1`,
      [`disclosure ${r.reference}`],
    );
    expect(reads).toHaveLength(2);
    expect(reads.every((e) => e.details.fields.join() === 'fullName')).toBe(true);

    const complainantActor = complainant().actor;
    await expect(
      production.download(complainantActor, r.id, await createOrganisation(ds)),
    ).rejects.toMatchObject({
      code: 'disclosure_request_not_found',
    });
    const pkg = await production.download(complainantActor, r.id, orgId);
    expect(
      pkg.content.subscribers
        .map((s) => s.identity)
        .sort((a, b) => String(a.fullName).localeCompare(String(b.fullName))),
    ).toEqual([{ fullName: 'Ada One' }, { fullName: 'Ben Two' }]);
    expect(pkg.content.notAttributed).toHaveLength(1);
    expect(JSON.stringify(pkg.content)).not.toMatch(/1 Main Street|@one\.example|@two\.example/);
    expect(pkg.html).toContain('Ada One');
    await production.download(complainantActor, r.id, orgId);
    const downloads: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM audit_log WHERE action = 'disclosure.package_downloaded' AND subject_id = $1`,
      [r.id],
    );
    expect(downloads[0].n).toBe('2');
  });

  it('gives an Arcom identification request an 8-day deadline and flags it as it nears and passes', async () => {
    const r = await submit('fr_arcom_identification', { objectionWindowDays: 0 });
    expect(r.respond_by?.toISOString()).toBe(new Date(now.getTime() + 8 * DAY).toISOString());
    const urgency = async () =>
      (await ctx.get(DisclosureQueryService).queue()).find((e) => e.request.id === r.id)?.urgency;
    expect(await urgency()).toBe('normal');
    const saved = now;
    now = new Date(saved.getTime() + 7 * DAY);
    expect(await urgency()).toBe('near_due');
    now = new Date(saved.getTime() + 9 * DAY);
    expect(await urgency()).toBe('overdue');
    const queue = await ctx.get(DisclosureQueryService).queue();
    expect(queue[0].request.respond_by).not.toBeNull();
    // The dashboard's count of open requests matches the (here uncapped) queue.
    expect(await ctx.get(DisclosureQueryService).openCount()).toBe(queue.length);
    now = saved;
    // The CLI runs on the real clock, long after this request's 8 days.
    const out: string[] = [];
    const code = await runCli(['disclosure:queue'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: { ...databaseEnv(db.url), LOG_LEVEL: 'silent' },
    });
    expect(code).toBe(0);
    expect(out.find((l) => l.startsWith(r.reference))).toMatch(/\[OVERDUE\]/);
  });

  it('audit:verify reports an intact chain, then the first altered row after tampering', async () => {
    const cli = async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['audit:verify'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { ...databaseEnv(db.url), LOG_LEVEL: 'silent' },
      });
      return { code, text: [...out, ...err].join('\n') };
    };
    const ok = await cli();
    expect(ok.code).toBe(0);
    expect(ok.text).toMatch(/audit log intact: \d+ entries verified/);

    const rows: Array<{ seq: string }> = await ds.query(
      `SELECT seq::text FROM audit_log WHERE action = 'disclosure.approved' ORDER BY seq LIMIT 1`,
    );
    const seq = rows[0].seq;
    // As a superuser: the service's role cannot switch the trigger off (issue 16).
    await db.adminQuery(
      `BEGIN;
       ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
       UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = ${Number(seq)};
       ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
       COMMIT`,
    );
    const broken = await cli();
    expect(broken.code).toBe(1);
    expect(broken.text).toContain(`BROKEN at entry ${seq}`);
  });
});
