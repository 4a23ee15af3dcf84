import { Injectable } from '@nestjs/common';
import { AccountsService, SERVER_ACTOR } from '../accounts/accounts.service';
import { CredentialRevocations } from '../accounts/credential-revocations';
import { Role } from '../../common/roles';
import { assertGoodStanding } from '../accounts/good-standing';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { AuthError, AuthErrorCode, authErrors } from './auth.errors';
import { ApiKeyForAuth, AuthRepository } from './auth.repository';
import { generateApiKey, sameHash, sha256, splitApiKey } from './credentials';
import { ApiKey } from './entities/api-key.entity';
import { Principal } from './principal';
import { allowedScopes, defaultScopes, isScope } from './scopes';

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  organisationId: string | null;
  // Chosen at creation; the role's defaults when absent (scopes.ts).
  scopes?: readonly string[];
  createdBy: string | null;
  // Who made it, for the audit chain: a person, or the server itself (the CLI) by default.
  actor?: AuditActor;
}

export interface KeyRequest {
  name: string;
  role?: Role;
  organisationId?: string;
  scopes?: string[];
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
    private readonly audit: AuditRepository,
    revocations: CredentialRevocations,
  ) {
    revocations.subscribe(() => {
      this.revocations++;
      this.cache.clear();
    });
  }

  // A key asked for over HTTP (issue 16): only a person makes keys (a key never mints keys);
  // a complainant makes keys for its own organisation while it is in good standing; an admin
  // chooses role and organisation but never grants the legal role.
  async issue(principal: Principal, request: KeyRequest): Promise<CreatedApiKey> {
    if (principal.kind !== 'user' || !principal.userId) {
      throw authErrors.personRequired('create API keys');
    }
    const isAdmin = principal.role === Role.Admin;
    if (!isAdmin && (request.role !== undefined || request.organisationId !== undefined)) {
      throw new AuthError(
        AuthErrorCode.ApiKeyScope,
        'forbidden',
        'Only an admin chooses the role or organisation of a key',
      );
    }
    const role = isAdmin ? (request.role ?? Role.Complainant) : Role.Complainant;
    if (role === Role.Legal) {
      throw new AuthError(
        AuthErrorCode.RoleReserved,
        'forbidden',
        'An admin cannot grant the legal role; legal access is for confirmed legal people',
        [{ field: 'role', message: 'legal is not granted to keys over the API' }],
      );
    }
    const organisationId = isAdmin ? (request.organisationId ?? null) : principal.organisationId;
    // Nor does an admin hand a suspended or revoked sender a new key (issue 16).
    if (organisationId) {
      const org = await this.accounts.getOrganisation(organisationId);
      assertGoodStanding(org.accreditation, 'be given API keys');
    }
    return this.create({
      name: request.name,
      role,
      organisationId,
      scopes: request.scopes,
      createdBy: principal.userId,
      actor: { kind: 'user', id: principal.userId, role: principal.role },
    });
  }

  // Makes a key, audited with its maker in the same transaction. The server CLI calls this
  // directly (break-glass: any role); HTTP goes through issue().
  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const scopes = input.scopes ?? defaultScopes(input.role);
    const allowed = allowedScopes(input.role);
    const wrong = scopes.filter((s) => !isScope(s) || !(allowed as readonly string[]).includes(s));
    if (wrong.length > 0) {
      throw new AuthError(
        AuthErrorCode.ApiKeyScope,
        'invalid',
        `A ${input.role} key may hold the scopes: ${allowed.join(', ') || 'none'}`,
        [{ field: 'scopes', message: `not allowed: ${wrong.join(', ')}` }],
      );
    }
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
    const apiKey = await this.repo.transaction(async (em) => {
      const row = await this.repo.insertApiKey(em, {
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        name: input.name,
        role: input.role,
        organisationId: input.organisationId,
        scopes: [...new Set(scopes)],
        createdBy: input.createdBy,
      });
      await this.audit.append(em, {
        actor: input.actor ?? SERVER_ACTOR,
        action: 'api_key.created',
        subjectType: 'api_key',
        subjectId: row.id,
        purpose: input.actor ? 'key made' : 'key made on the server',
        details: {
          role: row.role,
          organisationId: row.organisationId,
          scopes: row.scopes,
          prefix: row.prefix,
        },
      });
      return row;
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
      scopes: row.scopes.filter(isScope),
    };
  }

  // A complainant sees and revokes only its own organisation's keys; an admin, any key.
  list(principal: Principal): Promise<ApiKey[]> {
    return this.repo.listApiKeys(
      principal.role === Role.Admin ? undefined : principal.organisationId,
    );
  }

  async revoke(principal: Principal, actor: AuditActor, id: string): Promise<ApiKey> {
    const key = await this.repo.findApiKey(id);
    const visible =
      key && (principal.role === Role.Admin || key.organisationId === principal.organisationId);
    if (!key || !visible) {
      throw new AuthError(AuthErrorCode.ApiKeyNotFound, 'not_found', `No API key ${id}`);
    }
    await this.repo.transaction(async (em) => {
      await this.repo.revokeApiKey(em, id);
      await this.audit.append(em, {
        actor,
        action: 'api_key.revoked',
        subjectType: 'api_key',
        subjectId: id,
        purpose: 'key revoked',
        details: { role: key.role, organisationId: key.organisationId },
      });
    });
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
