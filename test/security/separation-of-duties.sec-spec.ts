import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { SessionService } from '../../src/modules/auth/session.service';
import { Actors, seedActors, seedPeople } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attacks: an admin gave itself identity access (a legal key, or a legal user with a known
// password), unaudited; API keys minted keys that survived the revocation of their maker and
// could download identity packages.
describe('separation of duties', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let people: Record<Role, string>;
  const http = () => request(app.getHttpServer());
  const bearer = (t: string) => `Bearer ${t}`;
  const auditOf = (subjectId: string) =>
    app
      .get(DataSource)
      .query<Array<{ action: string; actor_kind: string; actor_id: string }>>(
        `SELECT action, actor_kind, actor_id FROM audit_log WHERE subject_id = $1 ORDER BY seq`,
        [subjectId],
      );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    actors = await seedActors(app);
    people = await seedPeople(app, actors.organisationId);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('does not let an admin make a legal user or a legal key', async () => {
    const user = await http()
      .post('/api/v1/users')
      .set('Authorization', bearer(people[Role.Admin]))
      .send({
        email: 'mole@isp.example',
        displayName: 'M',
        role: 'legal',
        password: 'known password 1',
      });
    expect(user.status).toBe(403);
    expect(user.body.code).toBe('role_reserved_for_legal');
    const key = await http()
      .post('/api/v1/api-keys')
      .set('Authorization', bearer(people[Role.Admin]))
      .send({ name: 'mole', role: 'legal' });
    expect(key.status).toBe(403);
    expect(key.body.code).toBe('auth_role_reserved');
    // The admin's own session cannot sign in as the would-be legal user either.
    await expect(
      app.get(SessionService).login('mole@isp.example', 'known password 1'),
    ).rejects.toMatchObject({ code: 'auth_invalid_credentials' });
  });

  it('lets a legal account sign in only once a second legal person confirms it', async () => {
    const made = await http()
      .post('/api/v1/users')
      .set('Authorization', bearer(people[Role.Legal]))
      .send({
        email: 'counsel2@isp.example',
        displayName: 'C2',
        role: 'legal',
        password: 'counsel two pw 1',
      });
    expect(made.status).toBe(201);
    expect(made.body.confirmed).toBe(false);
    const login = () =>
      http()
        .post('/api/v1/auth/login')
        .send({ email: 'counsel2@isp.example', password: 'counsel two pw 1' });
    expect((await login()).status).toBe(401);
    // Its maker cannot confirm it.
    const self = await http()
      .post(`/api/v1/users/${made.body.id}/confirm`)
      .set('Authorization', bearer(people[Role.Legal]))
      .send({});
    expect(self.status).toBe(409);
    // A second legal person, made on the server (the audited break-glass), confirms it.
    await app.get(AccountsService).createUser({
      email: 'counsel3@isp.example',
      displayName: 'C3',
      role: Role.Legal,
      password: 'counsel three pw',
    });
    const second = await app.get(SessionService).login('counsel3@isp.example', 'counsel three pw');
    const confirmed = await http()
      .post(`/api/v1/users/${made.body.id}/confirm`)
      .set('Authorization', bearer(second.token))
      .send({});
    expect(confirmed.status).toBe(200);
    expect((await login()).status).toBe(200);
    const actions = (await auditOf(made.body.id)).map((e) => e.action);
    expect(actions).toEqual(['account.created', 'account.confirmed']);
    const breakGlass = await app
      .get(DataSource)
      .query(`SELECT actor_kind, purpose FROM audit_log WHERE subject_id = $1`, [
        second.principal.userId,
      ]);
    expect(breakGlass[0]).toMatchObject({
      actor_kind: 'system',
      purpose: expect.stringMatching(/break-glass/),
    });
  });

  it('does not let an API key mint keys or accounts', async () => {
    for (const role of [Role.Complainant, Role.Admin]) {
      const res = await http()
        .post('/api/v1/api-keys')
        .set('Authorization', bearer(actors.keys[role]))
        .send({ name: 'minted' });
      expect(res.status).toBe(403);
    }
    const user = await http()
      .post('/api/v1/users')
      .set('Authorization', bearer(actors.keys[Role.Admin]))
      .send({ email: 'bot@isp.example', displayName: 'B', role: 'abuse_desk' });
    expect(user.status).toBe(403);
  });

  it('gives a key only the scopes chosen at creation', async () => {
    const made = await http()
      .post('/api/v1/api-keys')
      .set('Authorization', bearer(people[Role.Complainant]))
      .send({ name: 'reader', scopes: ['notices:read'] });
    expect(made.status).toBe(201);
    expect(made.body.scopes).toEqual(['notices:read']);
    const key = made.body.key as string;
    await http().get('/api/v1/notices').set('Authorization', bearer(key)).expect(200);
    const submit = await http()
      .post('/api/v1/notices')
      .set('Authorization', bearer(key))
      .set('Content-Type', 'application/xml')
      .send('<x/>');
    expect(submit.status).toBe(403);
    expect(submit.body.code).toBe('api_key_scope_missing');
    const disclosure = await http()
      .get('/api/v1/disclosure-requests')
      .set('Authorization', bearer(key));
    expect(disclosure.status).toBe(403);
    // A scope outside the role is refused at creation.
    const staff = await http()
      .post('/api/v1/api-keys')
      .set('Authorization', bearer(people[Role.Admin]))
      .send({ name: 'desk', role: 'abuse_desk', scopes: ['disclosure'] });
    expect(staff.status).toBe(400);
    expect((await auditOf(made.body.id)).map((e) => e.action)).toEqual(['api_key.created']);
  });

  it('revokes the keys of a disabled person and of a revoked organisation', async () => {
    const accounts = app.get(AccountsService);
    await accounts.createUser({
      email: 'leaver@vendor.example',
      displayName: 'L',
      role: Role.Complainant,
      organisationId: actors.organisationId,
      password: 'leaver password 1',
    });
    const leaver = await app
      .get(SessionService)
      .login('leaver@vendor.example', 'leaver password 1');
    const made = await http()
      .post('/api/v1/api-keys')
      .set('Authorization', bearer(leaver.token))
      .send({ name: 'robot' });
    const key = made.body.key as string;
    await http().get('/api/v1/auth/me').set('Authorization', bearer(key)).expect(200);
    await http()
      .post(`/api/v1/users/${leaver.principal.userId}/disable`)
      .set('Authorization', bearer(people[Role.Admin]))
      .send({ reason: 'left the vendor' })
      .expect(200);
    await http().get('/api/v1/auth/me').set('Authorization', bearer(key)).expect(401);
    await http().get('/api/v1/auth/me').set('Authorization', bearer(leaver.token)).expect(401);
    expect((await auditOf(leaver.principal.userId!)).map((e) => e.action)).toContain(
      'account.disabled',
    );

    const orgKey = actors.otherComplainantKey;
    await http().get('/api/v1/auth/me').set('Authorization', bearer(orgKey)).expect(200);
    await http()
      .patch(`/api/v1/organisations/${actors.otherOrganisationId}/accreditation`)
      .set('Authorization', bearer(people[Role.Legal]))
      .send({ accreditation: 'revoked', note: 'fraudulent notices' })
      .expect(200);
    await http().get('/api/v1/auth/me').set('Authorization', bearer(orgKey)).expect(401);
  });

  it('refuses key creation to a suspended sender', async () => {
    await http()
      .patch(`/api/v1/organisations/${actors.organisationId}/accreditation`)
      .set('Authorization', bearer(people[Role.Legal]))
      .send({ accreditation: 'suspended', note: 'poor notices' })
      .expect(200);
    const res = await http()
      .post('/api/v1/api-keys')
      .set('Authorization', bearer(people[Role.Complainant]))
      .send({ name: 'more' });
    expect(res.status).toBe(403);
  });

  it('puts every organisation made in the audit chain with its maker', async () => {
    const res = await http()
      .post('/api/v1/organisations')
      .set('Authorization', bearer(people[Role.Admin]))
      .send({ name: 'Audited Org', kind: 'vendor' })
      .expect(201);
    const entries = await auditOf(res.body.id);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'organisation.created', actor_kind: 'user' }),
    ]);
  });
});
