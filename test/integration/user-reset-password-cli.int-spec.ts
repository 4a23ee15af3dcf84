import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseEnv } from '../support/test-config';
import { CliRun, runCliWith } from '../support/cli-run';

const PUBLIC_URL = 'https://portal.isp.example';
const LINK = /https:\/\/portal\.isp\.example\/portal\/password\/[A-Za-z0-9_-]{43}/;

// `user:reset-password`: the server's way to a one-time password link for any account, legal
// staff's included (an admin may not make one for them); audited under the operator's name.
describe('user:reset-password (CLI)', () => {
  let db: TestDatabase;
  let mailDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    mailDir = mkdtempSync(join(tmpdir(), 'nr-reset-mail-'));
  });
  afterAll(async () => {
    rmSync(mailDir, { recursive: true, force: true });
    await db?.drop();
  });

  const cli = (...argv: string[]): Promise<CliRun> =>
    runCliWith(
      {
        ...databaseEnv(db.url),
        NOTICE_RELAY_PASSWORD: 'a long enough password',
        PUBLIC_URL,
        MAIL_DIR: mailDir,
      },
      argv,
    );
  const links = (email: string) =>
    db.adminQuery<{ used: boolean }>(
      `SELECT r.used_at IS NOT NULL AS used FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE u.email = $1 ORDER BY r.created_at`,
      [email],
    );

  it('prints a one-time link on PUBLIC_URL for a legal account, audited with the operator', async () => {
    const made = await cli(
      'user:create',
      ...['--email', 'lea@isp.example', '--name', 'Léa Legal', '--role', 'legal'],
    );
    expect(made.code).toBe(0);
    const r = await cli(
      'user:reset-password',
      ...['--email', 'LEA@isp.example', '--operator', 'ops-sam'],
    );
    expect(r.code).toBe(0);
    const [head, url] = r.out.split('\n');
    expect(head).toMatch(
      /^one-time password link for lea@isp\.example \(legal\); it works once, until \d{4}-\d\d-\d\d \d\d:\d\d UTC:$/,
    );
    expect(url).toMatch(new RegExp(`^${LINK.source}$`));
    expect(await links('lea@isp.example')).toEqual([{ used: false }]);
    const audit = await db.adminQuery<{ actor_id: string; details: { operator: string } }>(
      `SELECT actor_id, details FROM audit_log WHERE action = 'account.password_link_issued'
        AND subject_id = (SELECT id::text FROM users WHERE email = 'lea@isp.example')`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe('cli:ops-sam');
    expect(audit[0].details.operator).toBe('ops-sam');

    // A second link retires the first.
    expect(
      (await cli('user:reset-password', '--email', 'lea@isp.example', '--operator', 'x')).code,
    ).toBe(0);
    expect(await links('lea@isp.example')).toEqual([{ used: true }, { used: false }]);
  });

  it('mails the link to the account’s own address with --mail, printing no link', async () => {
    const r = await cli(
      'user:reset-password',
      ...['--email', 'lea@isp.example', '--operator', 'ops-sam', '--mail'],
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^mailed a one-time password link to lea@isp\.example \(legal\)/);
    expect(r.out).not.toMatch(LINK);
    const files = readdirSync(mailDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(mailDir, files[0]), 'utf8');
    expect(eml).toMatch(/^To: lea@isp\.example/m);
    // The body is quoted-printable: soft line breaks end in "=".
    expect(eml.replace(/=\r?\n/g, '')).toMatch(LINK);
  });

  it('exits 1 naming the address when no enabled account uses it, and needs an operator', async () => {
    const unknown = await cli(
      'user:reset-password',
      ...['--email', 'nobody@isp.example', '--operator', 'ops-sam'],
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No enabled, confirmed account uses nobody@isp\.example/);
    expect(unknown.out).toBe('');
    const noOperator = await cli('user:reset-password', '--email', 'lea@isp.example');
    expect(noOperator.code).toBe(2);
    expect(noOperator.err).toMatch(/--operator/);
  });
});
