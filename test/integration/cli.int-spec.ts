import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../src/cli/program';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseEnv } from '../support/test-config';
import { CliRun, runCliWith } from '../support/cli-run';

describe('notice-relay CLI', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const cli = (...argv: string[]): Promise<CliRun> =>
    runCliWith({ ...databaseEnv(db.url), NOTICE_RELAY_PASSWORD: 'a long enough password' }, argv);

  it('reports an up-to-date schema on migrate', async () => {
    const r = await cli('migrate');
    expect(r).toMatchObject({ code: 0, out: 'database schema is up to date' });
  });

  it('prints its version and says "no messages" when the outbox is empty (issue #19)', async () => {
    const { version } = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    const v = await cli('--version');
    expect(v).toMatchObject({ code: 0, out: version });
    const status = await cli('messages:status');
    expect(status).toMatchObject({ code: 0, out: 'no messages' });
  });

  it('creates a complainant, a key for it and a user in it', async () => {
    const org = await cli(
      'complainant:create',
      '--name',
      'Echo Vendor',
      '--owner',
      'Film X',
      '--owner',
      'Film Y',
      '--accredited',
    );
    expect(org.code).toBe(0);
    expect(org.out).toMatch(/^organisation [0-9a-f-]{36} "Echo Vendor" \(accredited\)$/);

    const key = await cli('apikey:create', '--org', 'Echo Vendor', '--name', 'robot');
    expect(key.code).toBe(0);
    expect(key.out.split('\n')[1]).toMatch(/^nrk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);

    const user = await cli(
      'user:create',
      '--email',
      'counsel@echo.example',
      '--name',
      'Counsel',
      '--role',
      'complainant',
      '--org',
      'Echo Vendor',
    );
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/counsel@echo\.example \(complainant\)/);
  });

  it('fails with a message and a non-zero exit on bad input', async () => {
    const dup = await cli('complainant:create', '--name', 'echo vendor');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/already exists/);

    const badRole = await cli(
      'user:create',
      '--email',
      'x@y.example',
      '--name',
      'X',
      '--role',
      'boss',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.err).toMatch(/--role must be one of: complainant, abuse_desk, legal, admin/);

    const noOrg = await cli('apikey:create');
    expect(noOrg.code).toBe(1);
    expect(noOrg.err).toMatch(/needs --org/);

    const unknownOrg = await cli('apikey:create', '--org', 'Nobody');
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.err).toMatch(/No organisation named "Nobody"/);

    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);

    const badProtocol = await cli(
      'attribute',
      '--ip',
      '198.51.100.5',
      '--port',
      '2048',
      '--protocol',
      'sctp',
      '--at',
      '2026-10-04T21:00:00Z',
    );
    expect(badProtocol.code).toBe(2);
    expect(badProtocol.err).toMatch(/--protocol.*must be tcp or udp/);
  });

  it('takes the transport protocol of an attribution lookup', async () => {
    const r = await cli(
      'attribute',
      '--ip',
      '198.51.100.5',
      '--port',
      '2048',
      '--protocol',
      'UDP',
      '--at',
      '2026-10-04T21:00:00Z',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^(no_lease|not_our_address)/);
  });

  it('loads the demo twice without duplicating it', async () => {
    const first = await cli('demo');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/demo data loaded/);
    expect(first.out).toMatch(/nrk_/);
    const second = await cli('demo');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/demo data was already loaded/);
  });

  it('refuses to run with invalid configuration (exit 78 with the reason)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['migrate'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { DATABASE_URL: 'mysql://nope' },
    });
    expect(code).toBe(78);
    expect(err.join('\n')).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
  });
});

describe('service process', () => {
  it('refuses to start with invalid configuration, naming the variable', async () => {
    const run = promisify(execFile);
    const main = join(__dirname, '..', '..', 'src', 'main.ts');
    const err = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', main], {
      env: { ...process.env, PORT: '99999', MODE: 'sideways', LOG_LEVEL: 'silent' },
      // Generous: ts-node compiles the whole app first, which takes a minute on a loaded machine.
      timeout: 170_000,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 78 });
    expect((err as { stderr: string }).stderr).toMatch(/PORT must not be greater than 65535/);
    expect((err as { stderr: string }).stderr).toMatch(/MODE must be one of/);
  }, 180_000);
});
