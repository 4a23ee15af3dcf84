import { Client } from 'pg';
import { migrate, revertLast } from '../../src/database/migrator';
import { MIGRATIONS } from '../../src/database/data-source';
import { databaseUrl, dropDatabase } from '../support/pg-admin';

describe('migrations', () => {
  const name = `nr_migr_${process.pid}_${Date.now().toString(36)}`;
  const url = databaseUrl(name);

  afterAll(() => dropDatabase(name));

  async function tables(): Promise<string[]> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
      );
      return r.rows.map((x) => x.tablename);
    } finally {
      await c.end();
    }
  }

  it('creates the database, applies every migration, and is idempotent', async () => {
    const first = await migrate(url);
    expect(first.createdDatabase).toBe(true);
    expect(first.applied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(
      expect.arrayContaining(['organisations', 'users', 'api_keys', 'sessions']),
    );
    const second = await migrate(url);
    expect(second).toEqual({ createdDatabase: false, applied: [] });
  });

  it('moves package contents and raw SMTP replies into the identity schema and back, row for row', async () => {
    // The move (issue 16) and the migrations after it are reverted, rows written as before the
    // move, and all of them applied again.
    const from = MIGRATIONS.findIndex((m) => m.name === 'IdentityPackagesAndReplies1796170000000');
    expect(from).toBeGreaterThan(0);
    const fromTheMove = MIGRATIONS.slice(from).map((m) => m.name);
    const revertTheMove = async () => {
      for (let i = 0; i < fromTheMove.length; i++) await revertLast(url);
    };
    await revertTheMove();
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const [{ id: account }] = (
        await c.query<{ id: string }>(
          `INSERT INTO subscriber_accounts (account_number, reference) VALUES ('M-1', 'SUB-M1')
           RETURNING id`,
        )
      ).rows;
      const requests: string[] = [];
      for (const ref of ['DR-M1', 'DR-M2']) {
        const r = await c.query<{ id: string }>(
          `INSERT INTO disclosure_requests (reference, kind, channel, issuing_body, case_number,
             notice_references, allowed_fields, objection_window_days, received_at, status,
             created_by_kind, created_by_id)
           VALUES ($1, 'subscriber_consent', 'paper', 'X', 'C-1', '{}', '{fullName}', 0, now(),
             'produced', 'user', 'x') RETURNING id`,
          [ref],
        );
        requests.push(r.rows[0].id);
      }
      // One package with its content, one already purged.
      await c.query(
        `INSERT INTO disclosure_packages (request_id, content, html, sha256, produced_at, purged_at)
         VALUES ($1, '{"subscribers":[{"identity":{"fullName":"Mona Move"}}]}', '<p>Mona Move</p>',
                 'sha-1', now(), NULL),
                ($2, NULL, NULL, 'sha-2', now(), now())`,
        requests,
      );
      const [{ id: message }] = (
        await c.query<{ id: string }>(
          `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, status)
           VALUES ($1, 'warning', 'warning', 'generic', 'dead') RETURNING id`,
          [account],
        )
      ).rows;
      await c.query(
        `INSERT INTO smtp_failure_replies (message_id, attempt, reply_code, category, raw_reply)
         VALUES ($1, 1, 452, 'mailbox_full', '452 mona@move.example is full'),
                ($1, 2, 550, 'mailbox_unknown', '550 no such user mona@move.example')`,
        [message],
      );

      expect((await migrate(url)).applied).toEqual(fromTheMove);
      const moved = await c.query(
        `SELECT request_id, sha256, content, html FROM identity.disclosure_package_contents`,
      );
      expect(moved.rows).toEqual([
        {
          request_id: requests[0],
          sha256: 'sha-1',
          content: { subscribers: [{ identity: { fullName: 'Mona Move' } }] },
          html: '<p>Mona Move</p>',
        },
      ]);
      const packages = await c.query(
        `SELECT sha256, purged_at IS NOT NULL AS purged FROM disclosure_packages ORDER BY sha256`,
      );
      expect(packages.rows).toEqual([
        { sha256: 'sha-1', purged: false },
        { sha256: 'sha-2', purged: true },
      ]);
      const replies = await c.query(
        `SELECT attempt, reply_code, raw_reply FROM identity.smtp_failure_replies ORDER BY id`,
      );
      expect(replies.rows).toEqual([
        { attempt: 1, reply_code: 452, raw_reply: '452 mona@move.example is full' },
        { attempt: 2, reply_code: 550, raw_reply: '550 no such user mona@move.example' },
      ]);
      // New replies keep numbering after the moved ones.
      const next = await c.query<{ id: string }>(
        `INSERT INTO identity.smtp_failure_replies (message_id, attempt, category, raw_reply)
         VALUES ($1, 3, 'other', 'x') RETURNING id`,
        [message],
      );
      expect(Number(next.rows[0].id)).toBe(3);

      // And back: the content returns to its package.
      await revertTheMove();
      const back = await c.query(`SELECT sha256, html FROM disclosure_packages ORDER BY sha256`);
      expect(back.rows).toEqual([
        { sha256: 'sha-1', html: '<p>Mona Move</p>' },
        { sha256: 'sha-2', html: null },
      ]);
      const repliesBack = await c.query(
        `SELECT count(*)::int AS n FROM public.smtp_failure_replies`,
      );
      expect(repliesBack.rows).toEqual([{ n: 3 }]);
      await migrate(url);
    } finally {
      await c.end();
    }
  });

  it('reverts every migration down to an empty schema and re-applies them', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await revertLast(url);
    expect(await tables()).toEqual([]);
    expect((await migrate(url)).applied).toHaveLength(MIGRATIONS.length);
  });
});
