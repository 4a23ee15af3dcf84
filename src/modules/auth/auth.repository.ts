import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Role } from '../../common/roles';
import { ApiKey } from './entities/api-key.entity';
import { Session } from './entities/session.entity';

export interface NewApiKey {
  prefix: string;
  secretHash: string;
  name: string;
  role: Role;
  organisationId: string | null;
  scopes: string[];
  createdBy: string | null;
}

export interface ApiKeyForAuth {
  id: string;
  secretHash: string;
  role: Role;
  organisationId: string | null;
  scopes: string[];
  revokedAt: Date | null;
}

export interface SessionForAuth {
  id: string;
  userId: string;
  role: Role;
  organisationId: string | null;
}

// Only this class touches api_keys and sessions.
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  insertApiKey(em: EntityManager, input: NewApiKey): Promise<ApiKey> {
    const repo = em.getRepository(ApiKey);
    return repo.save(repo.create(input));
  }

  findApiKeyByPrefix(prefix: string): Promise<ApiKeyForAuth | null> {
    return this.ds
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect('k.secretHash')
      .where('k.prefix = :prefix', { prefix })
      .getOne();
  }

  findApiKey(id: string): Promise<ApiKey | null> {
    return this.ds.getRepository(ApiKey).findOne({ where: { id } });
  }

  listApiKeys(organisationId: string | null | undefined): Promise<ApiKey[]> {
    // undefined: every key (admin); null: staff keys only; id: that organisation's keys.
    const where =
      organisationId === undefined ? {} : { organisationId: organisationId ?? IsNull() };
    return this.ds.getRepository(ApiKey).find({ where, order: { createdAt: 'DESC' } });
  }

  async revokeApiKey(em: EntityManager, id: string): Promise<void> {
    await em
      .getRepository(ApiKey)
      .update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async touchApiKey(id: string): Promise<void> {
    // At most one write a minute per key: last_used_at is for humans, not an audit.
    await this.ds.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  async insertSession(userId: string, tokenHash: string, expiresAt: Date): Promise<string> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [userId, tokenHash, expiresAt],
    );
    return rows[0].id;
  }

  async findLiveSession(tokenHash: string): Promise<SessionForAuth | null> {
    const rows: Array<{ id: string; user_id: string; role: Role; organisation_id: string | null }> =
      await this.ds.query(
        `SELECT s.id, s.user_id, u.role, u.organisation_id
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
           AND u.disabled_at IS NULL AND u.confirmed_at IS NOT NULL`,
        [tokenHash],
      );
    const r = rows[0];
    return r
      ? { id: r.id, userId: r.user_id, role: r.role, organisationId: r.organisation_id }
      : null;
  }

  async revokeSession(id: string): Promise<void> {
    await this.ds.getRepository(Session).update({ id }, { revokedAt: () => 'now()' });
  }

  async deleteExpiredSessions(): Promise<number> {
    const res: unknown = await this.ds.query(
      `DELETE FROM sessions WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'`,
    );
    return Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
  }
}
