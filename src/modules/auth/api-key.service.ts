import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Role } from '../accounts/entities/roles';
import { AuthError, AuthErrorCode } from './auth.errors';
import { AuthRepository } from './auth.repository';
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

@Injectable()
export class ApiKeyService {
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
    const row = await this.repo.findApiKeyByPrefix(parts.prefix);
    if (!row || row.revokedAt || !sameHash(row.secretHash, sha256(parts.secret))) return null;
    await this.repo.touchApiKey(row.id);
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
    return (await this.repo.findApiKey(id))!;
  }
}
