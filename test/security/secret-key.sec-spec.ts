import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, DEVELOPMENT_SECRET } from '../../src/config/app-config';
import { ChallengeLinks } from '../../src/modules/messaging/challenges/challenge-links';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { seedMessage, seedNoticeWithItems } from '../support/desk-fixtures';
import { seedOrganisation, seedSubscriber } from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { listen, send } from './attack-client';

// Attack: challenge links (and CSRF tokens, and the audit checkpoints' key) were signed with
// the development SECRET_KEY published in the source, which docker-compose also used, so
// anyone could forge a subscriber's challenge link. Now a service without SECRET_KEY makes its
// own at first start and keeps it in SECRET_KEY_FILE (0600, created atomically, the same key
// for every process starting at once); the published key is refused outside development; and
// compose ships no secret.
const ROOT = resolve(__dirname, '../..');

jest.setTimeout(180_000);

describe('the signing key', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nr-secret-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('a service started without SECRET_KEY', () => {
    let db: TestDatabase;
    let app: INestApplication;
    let config: AppConfig;
    let base: string;
    let messageId: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      config = testConfig(db.url, { SECRET_KEY_FILE: join(dir, 'app', 'secret-key') });
      app = await createTestApp(config);
      base = await listen(app);
      const ds = app.get(DataSource);
      const subscriber = await seedSubscriber(ds, app.get(SubscribersRepository), {
        regime: 'generic',
        language: 'en',
      });
      const notice = await seedNoticeWithItems(ds, {
        organisationId: await seedOrganisation(ds),
        receivedAt: new Date(),
        subscriber,
        items: [{ status: 'forwarded' }],
      });
      messageId = await seedMessage(ds, {
        accountId: subscriber.accountId,
        status: 'sent',
        attempts: 1,
        itemIds: notice.itemIds,
        noticeId: notice.noticeId,
      });
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('signs with a key of its own, kept private, and refuses links forged with the published one', async () => {
      const file = join(dir, 'app', 'secret-key');
      expect(config.secretKey).not.toBe(DEVELOPMENT_SECRET);
      expect(readFileSync(file, 'utf8').trim()).toBe(config.secretKey);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const future = new Date(Date.now() + 7 * 86_400_000);
      const real = new ChallengeLinks(config.secretKey).token(messageId, future);
      const forged = new ChallengeLinks(DEVELOPMENT_SECRET).token(messageId, future);
      const honest = await send(base, 'GET', `/challenge/${real}`, {});
      expect(honest.status).toBe(200);
      expect(honest.body).toMatch(/<form/);
      const attack = await send(base, 'GET', `/challenge/${forged}`, {});
      expect(attack.status).toBe(404);
      expect(attack.body).toMatch(/not valid/);
      const post = await send(
        base,
        'POST',
        `/challenge/${forged}`,
        { 'content-type': 'application/x-www-form-urlencoded' },
        'ground=mistaken_identity&statement=forged',
      );
      expect(post.status).toBe(404);
      const challenges = await app
        .get(DataSource)
        .query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM challenges`);
      expect(challenges[0].n).toBe(0);
    });
  });

  it('refuses the published development key outside NODE_ENV=development', () => {
    for (const NODE_ENV of ['production', 'test']) {
      expect(() =>
        testConfig('postgres://x@127.0.0.1/none', { NODE_ENV, SECRET_KEY: DEVELOPMENT_SECRET }),
      ).toThrow(ConfigError);
    }
  });

  it('gives every process starting at once the same key, made once', async () => {
    const file = join(dir, 'race', 'nested', 'secret-key');
    // Each child loads the configuration code, says it is ready, and waits for "go" so that
    // all of them reach the missing file at the same moment.
    const script = `
      const { loadConfig } = require('./src/config/app-config');
      process.stdout.write('ready\\n');
      process.stdin.once('data', () => {
        const c = loadConfig({ NODE_ENV: 'production', SECRET_KEY_FILE: process.argv[1] });
        process.stdout.write('key=' + c.secretKey + '\\n');
        process.exit(0);
      });`;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, file], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = children.map(
      (child) =>
        new Promise<string>((done, fail) => {
          let out = '';
          child.stdout.on('data', (c: Buffer) => (out += c.toString()));
          child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`exit ${code}`))));
        }),
    );
    const ready = children.map(
      (child) =>
        new Promise<void>((done) => {
          const onData = (c: Buffer) => {
            if (c.toString().includes('ready')) {
              child.stdout.off('data', onData);
              done();
            }
          };
          child.stdout.on('data', onData);
        }),
    );
    await Promise.all(ready);
    for (const child of children) child.stdin.write('go\n');
    const keys = (await Promise.all(outputs)).map((o) => /key=(\S+)/.exec(o)![1]);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).not.toBe(DEVELOPMENT_SECRET);
    expect(keys[0].length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(keys[0]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // No temporary file is left beside it.
    expect(readdirSync(join(dir, 'race', 'nested'))).toEqual(['secret-key']);
  });

  it('ships no fixed secret in docker-compose, and keeps the generated one on a volume', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const secretLines = compose.split('\n').filter((l) => /^\s*SECRET_KEY\s*:/.test(l));
    for (const line of secretLines) {
      // Only a pass-through of the operator's own variable, with no default value.
      expect(line).toMatch(/^\s*SECRET_KEY:\s*\$\{SECRET_KEY:?-?\}\s*$/);
    }
    expect(compose).not.toContain(DEVELOPMENT_SECRET);
    const fileLine = /^\s*SECRET_KEY_FILE:\s*(\S+)\s*$/m.exec(compose);
    expect(fileLine).not.toBeNull();
    const keyDir = fileLine![1].replace(/\/[^/]+$/, '');
    expect(compose).toMatch(new RegExp(`- \\w+:${keyDir.replace(/\//g, '\\/')}\\b`));
  });
});
