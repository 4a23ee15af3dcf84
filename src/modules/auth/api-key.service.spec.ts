import { AccountsService } from '../accounts/accounts.service';
import { CredentialRevocations } from '../accounts/credential-revocations';
import { Role } from '../../common/roles';
import { AuditRepository } from '../identity/audit.repository';
import { API_KEY_CACHE_MS, ApiKeyService } from './api-key.service';
import { ApiKeyForAuth, AuthRepository } from './auth.repository';
import { generateApiKey } from './credentials';
import { ApiKey } from './entities/api-key.entity';
import { Principal } from './principal';

// The database as a map; counts lookups so the cache is visible.
class FakeAuthRepository {
  readonly rows = new Map<string, ApiKeyForAuth & { prefix: string }>();
  lookups = 0;
  touches = 0;

  add(organisationId: string): { id: string; key: string; prefix: string } {
    const g = generateApiKey();
    const id = `key-${this.rows.size + 1}`;
    this.rows.set(g.prefix, {
      id,
      prefix: g.prefix,
      secretHash: g.secretHash,
      role: Role.Complainant,
      organisationId,
      scopes: ['notices:submit'],
      revokedAt: null,
    });
    return { id, key: g.key, prefix: g.prefix };
  }

  // What another process's revocation does: only the database changes.
  revokeElsewhere(prefix: string): void {
    this.rows.get(prefix)!.revokedAt = new Date();
  }

  findApiKeyByPrefix(prefix: string): Promise<ApiKeyForAuth | null> {
    this.lookups++;
    const r = this.rows.get(prefix);
    return Promise.resolve(r ? { ...r } : null);
  }

  findApiKey(id: string): Promise<ApiKey | null> {
    const r = [...this.rows.values()].find((x) => x.id === id);
    return Promise.resolve(r ? Object.assign(new ApiKey(), r) : null);
  }

  transaction<T>(fn: (em: unknown) => Promise<T>): Promise<T> {
    return fn({});
  }

  revokeApiKey(_em: unknown, id: string): Promise<void> {
    const r = [...this.rows.values()].find((x) => x.id === id);
    if (r && !r.revokedAt) r.revokedAt = new Date();
    return Promise.resolve();
  }

  touchApiKey(): Promise<void> {
    this.touches++;
    return Promise.resolve();
  }
}

describe('ApiKeyService cache', () => {
  const ORG = 'org-1';
  const owner: Principal = {
    kind: 'api_key',
    role: Role.Complainant,
    organisationId: ORG,
    userId: null,
    apiKeyId: 'other',
    sessionId: null,
  };
  const actor = { kind: 'api_key' as const, id: 'other', role: Role.Complainant };
  let repo: FakeAuthRepository;
  let service: ApiKeyService;
  let clock: number;

  beforeEach(() => {
    clock = Date.parse('2026-11-30T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
    repo = new FakeAuthRepository();
    service = new ApiKeyService(
      repo as unknown as AuthRepository,
      {} as unknown as AccountsService,
      { append: () => Promise.resolve() } as unknown as AuditRepository,
      new CredentialRevocations(),
    );
  });

  afterEach(() => jest.restoreAllMocks());

  it('reads a key from the database once per cache period and touches it then only', async () => {
    const k = repo.add(ORG);
    for (let i = 0; i < 5; i++) {
      expect(await service.authenticate(k.key)).toMatchObject({
        apiKeyId: k.id,
        organisationId: ORG,
      });
    }
    expect(repo.lookups).toBe(1);
    expect(repo.touches).toBe(1);
    clock += API_KEY_CACHE_MS;
    expect(await service.authenticate(k.key)).not.toBeNull();
    expect(repo.lookups).toBe(2);
    expect(repo.touches).toBe(2);
  });

  it('still checks the secret on a cached key', async () => {
    const k = repo.add(ORG);
    expect(await service.authenticate(k.key)).not.toBeNull();
    const forged = `${k.key.slice(0, -4)}AAAA`;
    expect(await service.authenticate(forged)).toBeNull();
    expect(repo.lookups).toBe(1);
  });

  it('refuses a key revoked in this process at once', async () => {
    const k = repo.add(ORG);
    expect(await service.authenticate(k.key)).not.toBeNull();
    await service.revoke(owner, actor, k.id);
    expect(await service.authenticate(k.key)).toBeNull();
  });

  it('refuses a key revoked by another process within the documented bound', async () => {
    const k = repo.add(ORG);
    expect(await service.authenticate(k.key)).not.toBeNull();
    repo.revokeElsewhere(k.prefix);
    clock += API_KEY_CACHE_MS - 1;
    // Still inside the bound: the cached row answers.
    expect(await service.authenticate(k.key)).not.toBeNull();
    clock += 1;
    expect(await service.authenticate(k.key)).toBeNull();
    // A revoked key is not touched.
    expect(repo.touches).toBe(1);
  });

  it('does not keep a row read while the key was being revoked', async () => {
    const k = repo.add(ORG);
    // The lookup reads the row before the revocation commits and answers after it.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const read = repo.findApiKeyByPrefix.bind(repo);
    jest.spyOn(repo, 'findApiKeyByPrefix').mockImplementationOnce(async (prefix) => {
      const row = await read(prefix);
      await gate;
      return row;
    });
    const racing = service.authenticate(k.key);
    await service.revoke(owner, actor, k.id);
    release();
    // That request began before the revocation, so it may pass; the next one may not.
    expect(await racing).not.toBeNull();
    expect(await service.authenticate(k.key)).toBeNull();
  });

  it('drops its cache when credentials are revoked in bulk', async () => {
    const revocations = new CredentialRevocations();
    service = new ApiKeyService(
      repo as unknown as AuthRepository,
      {} as unknown as AccountsService,
      {} as unknown as AuditRepository,
      revocations,
    );
    const k = repo.add(ORG);
    expect(await service.authenticate(k.key)).not.toBeNull();
    repo.revokeElsewhere(k.prefix);
    revocations.announce();
    expect(await service.authenticate(k.key)).toBeNull();
  });

  it('gives the key its scopes and nothing else', async () => {
    const k = repo.add(ORG);
    expect((await service.authenticate(k.key))?.scopes).toEqual(['notices:submit']);
  });

  it('does not cache unknown keys', async () => {
    const missing = generateApiKey().key;
    expect(await service.authenticate(missing)).toBeNull();
    expect(await service.authenticate(missing)).toBeNull();
    expect(repo.lookups).toBe(2);
  });
});
