import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { LOCK_AFTER_FAILURES } from '../../src/modules/auth/session.service';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attack: parallel sign-in attempts were all checked before the first failure was recorded,
// and the right password then reset the counter. (That a locked account answers as an unknown
// one, in the same time, is account-enumeration.sec-spec.ts.)
// Twenty argon2 checks at once on a shared two-core machine.
jest.setTimeout(120_000);

describe('lockout', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const login = (email: string, password: string) =>
    request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    await app.get(AccountsService).createUser({
      email: 'target@isp.example',
      displayName: 'T',
      role: Role.AbuseDesk,
      password: 'the right password',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts parallel guesses before checking them, so the right password is refused after', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 4 * LOCK_AFTER_FAILURES }, (_, i) =>
        login('target@isp.example', `guess number ${i}`),
      ),
    );
    expect(guesses.every((r) => r.status === 401)).toBe(true);
    const right = await login('target@isp.example', 'the right password');
    expect(right.status).toBe(401);
  });
});
