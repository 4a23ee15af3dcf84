import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { AccountsError } from '../../src/modules/accounts/accounts.errors';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { AuthError } from '../../src/modules/auth/auth.errors';
import { sha256, splitApiKey } from '../../src/modules/auth/credentials';
import { LOCK_AFTER_FAILURES, SessionService } from '../../src/modules/auth/session.service';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { actorFromPrincipal } from '../../src/modules/identity/audit.types';

describe('accounts, API keys and sessions against PostgreSQL', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let accounts: AccountsService;
  let apiKeys: ApiKeyService;
  let sessions: SessionService;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    accounts = ctx.get(AccountsService);
    apiKeys = ctx.get(ApiKeyService);
    sessions = ctx.get(SessionService);
    ds = ctx.get(DataSource);
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  async function org(name: string) {
    return accounts.createOrganisation({
      name,
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      owners: ['Film Co', 'film co', 'Music Co'],
    });
  }

  it('creates an organisation with its owners, de-duplicated case-insensitively', async () => {
    const o = await org('Vendor One');
    expect(o.owners?.map((w) => w.ownerName).sort()).toEqual(['Film Co', 'Music Co']);
    await expect(org('vendor one')).rejects.toMatchObject({ code: 'organisation_exists' });
  });

  it('creating the same organisation at once from several places makes one and refuses the others by name', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => org(i % 2 ? 'Racing Vendor' : 'racing vendor')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'organisation_exists' });
    }
  });

  it('removes an organisation only while nothing refers to it', async () => {
    const unused = await org('Vendor Unused');
    expect(await accounts.removeUnusedOrganisation(unused.id)).toBe(true);
    expect(await accounts.findOrganisationByName('Vendor Unused')).toBeNull();
    const used = await org('Vendor Used');
    await accounts.createUser({
      email: 'counsel@vendor-used.example',
      displayName: 'Counsel',
      role: Role.Complainant,
      organisationId: used.id,
    });
    expect(await accounts.removeUnusedOrganisation(used.id)).toBe(false);
    expect((await accounts.findOrganisationByName('Vendor Used'))?.id).toBe(used.id);
  });

  it('ties complainants, and only complainants, to an organisation', async () => {
    const o = await org('Vendor Two');
    await expect(
      accounts.createUser({ email: 'a@x.example', displayName: 'A', role: Role.Complainant }),
    ).rejects.toMatchObject({ code: 'organisation_required' });
    await expect(
      accounts.createUser({
        email: 'b@x.example',
        displayName: 'B',
        role: Role.Legal,
        organisationId: o.id,
      }),
    ).rejects.toBeInstanceOf(AccountsError);
    const u = await accounts.createUser({
      email: 'C@X.example',
      displayName: 'C',
      role: Role.Complainant,
      organisationId: o.id,
    });
    expect(u.organisationId).toBe(o.id);
    await expect(
      accounts.createUser({ email: 'c@x.EXAMPLE', displayName: 'C2', role: Role.Admin }),
    ).rejects.toMatchObject({ code: 'user_exists' });
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const u = await accounts.createUser({
      email: 'hash@isp.example',
      displayName: 'H',
      role: Role.AbuseDesk,
      password: 'correct horse battery',
    });
    const rows: Array<{ password_hash: string }> = await ds.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [u.id],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain('correct horse');
    await expect(
      accounts.createUser({
        email: 'weak@isp.example',
        displayName: 'W',
        role: Role.Legal,
        password: 'short',
      }),
    ).rejects.toMatchObject({ code: 'weak_password' });
  });

  it('stores only a SHA-256 of an API key secret and authenticates with the whole key', async () => {
    const o = await org('Vendor Three');
    const { apiKey, key } = await apiKeys.create({
      name: 'robot',
      role: Role.Complainant,
      organisationId: o.id,
      createdBy: null,
    });
    const rows: Array<{ secret_hash: string; prefix: string }> = await ds.query(
      'SELECT secret_hash, prefix FROM api_keys WHERE id = $1',
      [apiKey.id],
    );
    // The prefix is base64url and may itself hold '_': split as the service does.
    const secret = splitApiKey(key)?.secret ?? 'unsplittable';
    expect(rows[0].secret_hash).toBe(sha256(secret));
    const all = JSON.stringify(await ds.query('SELECT * FROM api_keys'));
    expect(all).not.toContain(secret);
    const p = await apiKeys.authenticate(key);
    expect(p).toMatchObject({ kind: 'api_key', role: Role.Complainant, organisationId: o.id });
    // A key with the right prefix and a wrong secret is refused.
    expect(await apiKeys.authenticate(`${key.slice(0, -4)}AAAA`)).toBeNull();
  });

  it('stops a revoked key at once and keeps other organisations out of revocation', async () => {
    const a = await org('Vendor Four');
    const b = await org('Vendor Five');
    const { apiKey, key } = await apiKeys.create({
      name: 'k',
      role: Role.Complainant,
      organisationId: a.id,
      createdBy: null,
    });
    const bPrincipal = (await apiKeys.authenticate(
      (
        await apiKeys.create({
          name: 'k',
          role: Role.Complainant,
          organisationId: b.id,
          createdBy: null,
        })
      ).key,
    ))!;
    await expect(
      apiKeys.revoke(bPrincipal, actorFromPrincipal(bPrincipal), apiKey.id),
    ).rejects.toMatchObject({
      code: 'api_key_not_found',
    });
    expect(await apiKeys.authenticate(key)).not.toBeNull();
    const aPrincipal = (await apiKeys.authenticate(key))!;
    const revoked = await apiKeys.revoke(aPrincipal, actorFromPrincipal(aPrincipal), apiKey.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await apiKeys.authenticate(key)).toBeNull();
  });

  it('refuses a complainant key without an organisation and a staff key with one', async () => {
    const o = await org('Vendor Six');
    await expect(
      apiKeys.create({ name: 'x', role: Role.Complainant, organisationId: null, createdBy: null }),
    ).rejects.toBeInstanceOf(AuthError);
    await expect(
      apiKeys.create({ name: 'x', role: Role.Legal, organisationId: o.id, createdBy: null }),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('signs in, locks after repeated failures, and signs out', async () => {
    await accounts.createUser({
      email: 'lock@isp.example',
      displayName: 'L',
      role: Role.Legal,
      password: 'a long enough password',
    });
    const ok = await sessions.login('LOCK@isp.example', 'a long enough password');
    expect(await sessions.authenticate(ok.token)).toMatchObject({
      role: Role.Legal,
      sessionId: ok.principal.sessionId,
    });
    await sessions.logout(ok.principal);
    expect(await sessions.authenticate(ok.token)).toBeNull();

    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      await expect(sessions.login('lock@isp.example', 'wrong password')).rejects.toMatchObject({
        code: 'auth_invalid_credentials',
      });
    }
    // Locked now, even with the right password; answered as an unknown account is.
    await expect(
      sessions.login('lock@isp.example', 'a long enough password'),
    ).rejects.toMatchObject({
      code: 'auth_invalid_credentials',
    });
    await expect(sessions.login('nobody@isp.example', 'whatever')).rejects.toMatchObject({
      code: 'auth_invalid_credentials',
    });
  });
});
