import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Role } from '../accounts/entities/roles';
import { AuthError, AuthErrorCode } from './auth.errors';
import { ApiKeyForAuth, AuthRepository } from './auth.repository';
import { generateApiKey, sameHash, sha256, splitApiKey } from './credentials';
import { ApiKey } from './entities/api-key.entity';
import { Principal } from './principal';

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  organisationId: string | null;
  createdBy: string | null;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  // The only time the full key exists outside the caller's hands.
  key: string;
}

// An API key's row is kept in memory this long, so a busy sender's requests cost no database
// round trip to authenticate (the secret is still checked against the cached hash every time).
// A revocation takes effect at once in the process that revokes the key and within this bound
// in every other process (MODE=api replicas): docs/notice-pipeline.md.
export const API_KEY_CACHE_MS = 10_000;
const API_KEY_CACHE_MAX = 10_000;

@Injectable()
export class ApiKeyService {
  // Keyed by the key's lookup prefix; misses are not cached.
  private readonly cache = new Map<string, { at: number; row: ApiKeyForAuth }>();
  private revocations = 0;

  constructor(
    private readonly repo: AuthRepository,
    private readonly accounts: AccountsService,
  ) {}

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    if ((input.role === Role.Complainant) !== (input.organisationId !== null)) {
      throw new AuthError(
        AuthErrorCode.ApiKeyScope,
        'invalid',
        'A complainant key belongs to exactly one organisation; a staff key to none',
        [{ field: 'organisationId', message: 'required for complainant keys only' }],
      );
    }
    if (input.organisationId) await this.accounts.getOrganisation(input.organisationId);
    const generated = generateApiKey();
    const apiKey = await this.repo.insertApiKey({
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      name: input.name,
      role: input.role,
      organisationId: input.organisationId,
      createdBy: input.createdBy,
    });
    return { apiKey, key: generated.key };
  }

  async authenticate(key: string): Promise<Principal | null> {
    const parts = splitApiKey(key);
    if (!parts) return null;
    const { row, fetched } = await this.rowFor(parts.prefix);
    if (!row || row.revokedAt || !sameHash(row.secretHash, sha256(parts.secret))) return null;
    if (fetched) await this.repo.touchApiKey(row.id);
    return {
      kind: 'api_key',
      role: row.role,
      organisationId: row.organisationId,
      userId: null,
      apiKeyId: row.id,
      sessionId: null,
    };
  }

  // A complainant sees and revokes only its own organisation's keys; an admin, any key.
  list(principal: Principal): Promise<ApiKey[]> {
    return this.repo.listApiKeys(
      principal.role === Role.Admin ? undefined : principal.organisationId,
    );
  }

  async revoke(principal: Principal, id: string): Promise<ApiKey> {
    const key = await this.repo.findApiKey(id);
    const visible =
      key && (principal.role === Role.Admin || key.organisationId === principal.organisationId);
    if (!key || !visible) {
      throw new AuthError(AuthErrorCode.ApiKeyNotFound, 'not_found', `No API key ${id}`);
    }
    await this.repo.revokeApiKey(id);
    this.revocations++;
    this.cache.delete(key.prefix);
    return (await this.repo.findApiKey(id))!;
  }

  // A fresh cached row, else the database's (`fetched`: the caller then touches last_used_at,
  // so that happens at most once per cache period per process).
  private async rowFor(prefix: string): Promise<{ row: ApiKeyForAuth | null; fetched: boolean }> {
    const hit = this.cache.get(prefix);
    if (hit && Date.now() - hit.at < API_KEY_CACHE_MS) return { row: hit.row, fetched: false };
    const generation = this.revocations;
    const at = Date.now();
    const row = await this.repo.findApiKeyByPrefix(prefix);
    // A revocation while the row was being read may have made it stale: do not keep it.
    if (!row || generation !== this.revocations) {
      this.cache.delete(prefix);
    } else {
      if (this.cache.size >= API_KEY_CACHE_MAX) this.cache.clear();
      this.cache.set(prefix, { at, row });
    }
    return { row, fetched: true };
  }
}
