import { INestApplication } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/modules/accounts/entities/roles';
import { LOCK_AFTER_FAILURES } from '../../src/modules/auth/session.service';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attack: parallel sign-in attempts were all checked before the first failure was recorded,
// and the right password then reset the counter; a locked account answered differently (and
// faster) than an unknown one.
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

  it('answers a locked account as it answers an unknown one, in about the same time', async () => {
    const timed = async (email: string) => {
      const t0 = performance.now();
      const res = await login(email, 'the right password');
      return { ms: performance.now() - t0, status: res.status, body: res.body as object };
    };
    const locked: number[] = [];
    const unknown: number[] = [];
    let lockedAnswer: object = {};
    let unknownAnswer: object = {};
    for (let i = 0; i < 6; i++) {
      const a = await timed('target@isp.example');
      const b = await timed('nobody@isp.example');
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      locked.push(a.ms);
      unknown.push(b.ms);
      lockedAnswer = a.body;
      unknownAnswer = b.body;
    }
    const strip = (o: object) => ({ ...o, requestId: undefined });
    expect(strip(lockedAnswer)).toEqual(strip(unknownAnswer));
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    // Both pay one password hash check: neither is a fraction of the other.
    expect(median(locked)).toBeGreaterThan(median(unknown) * 0.5);
    expect(median(unknown)).toBeGreaterThan(median(locked) * 0.5);
  });
});
