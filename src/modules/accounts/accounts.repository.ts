import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Organisation } from './entities/organisation.entity';
import { RepresentedOwner } from './entities/represented-owner.entity';
import { Role } from '../../common/roles';
import { Accreditation, OrganisationKind } from './entities/organisation-kinds';
import { User } from './entities/user.entity';

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  accreditation: Accreditation;
  contactEmail: string | null;
  postalAddress: string | null;
  senderAddresses: string[];
  owners: string[];
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  passwordHash: string | null;
  createdBy: string | null;
  // Null leaves the person unconfirmed (a legal person awaiting a second legal person).
  confirmedAt: Date | null;
}

export interface UserCredentials {
  id: string;
  role: Role;
  organisationId: string | null;
  passwordHash: string | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  confirmedAt: Date | null;
}

// Only this class touches the accounts tables.
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insertOrganisation(input: NewOrganisation, outer?: EntityManager): Promise<Organisation> {
    const run = async (em: EntityManager) => {
      const { owners, ...fields } = input;
      const org = await em.save(Organisation, em.create(Organisation, fields));
      // First spelling wins when the same owner is listed twice in different case.
      const byKey = new Map<string, string>();
      for (const o of owners)
        if (!byKey.has(o.trim().toLowerCase())) byKey.set(o.trim().toLowerCase(), o.trim());
      const unique = [...byKey.values()];
      if (unique.length > 0) {
        await em.insert(
          RepresentedOwner,
          unique.map((ownerName) => ({ organisationId: org.id, ownerName })),
        );
      }
      return (await em.findOne(Organisation, {
        where: { id: org.id },
        relations: { owners: true },
      }))!;
    };
    return outer ? run(outer) : this.ds.transaction(run);
  }

  // Throws pg's foreign-key violation (23503) when a user, key, notice or request refers to it.
  async deleteOrganisation(id: string): Promise<boolean> {
    const res: [unknown[], number] = await this.ds.query(
      `DELETE FROM organisations WHERE id = $1`,
      [id],
    );
    return res[1] === 1;
  }

  findOrganisationByName(name: string): Promise<Organisation | null> {
    return this.ds
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name })
      .getOne();
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.ds
      .getRepository(Organisation)
      .findOne({ where: { id }, relations: { owners: true } });
  }

  listOrganisations(offset: number, limit: number): Promise<[Organisation[], number]> {
    return this.ds.getRepository(Organisation).findAndCount({
      relations: { owners: true },
      order: { name: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // The organisation's standing, locked until the caller's transaction ends.
  async lockAccreditation(em: EntityManager, id: string): Promise<Accreditation | null> {
    const rows: Array<{ accreditation: Accreditation }> = await em.query(
      `SELECT accreditation FROM organisations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0]?.accreditation ?? null;
  }

  async updateAccreditation(
    em: EntityManager,
    id: string,
    accreditation: Accreditation,
    note: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE organisations SET accreditation = $2, accreditation_note = $3, updated_at = now()
        WHERE id = $1`,
      [id, accreditation, note],
    );
  }

  async emailTaken(email: string): Promise<boolean> {
    const n = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getCount();
    return n > 0;
  }

  insertUser(em: EntityManager, input: NewUser): Promise<User> {
    const repo = em.getRepository(User);
    return repo.save(repo.create({ ...input, email: input.email.trim() }));
  }

  // The person, locked until the caller's transaction ends.
  async lockUser(em: EntityManager, id: string): Promise<User | null> {
    return em
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  async confirmUser(em: EntityManager, id: string, confirmedBy: string): Promise<void> {
    await em.query(`UPDATE users SET confirmed_at = now(), confirmed_by = $2 WHERE id = $1`, [
      id,
      confirmedBy,
    ]);
  }

  // Disabling a person ends their sessions and revokes every key they made (issue 16).
  async disableUser(em: EntityManager, id: string): Promise<{ keysRevoked: number }> {
    await em.query(`UPDATE users SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL`, [
      id,
    ]);
    await em.query(
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    const res: [unknown[], number] = await em.query(
      `UPDATE api_keys SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL`,
      [id],
    );
    return { keysRevoked: res[1] };
  }

  // A revoked organisation's keys stop working, and its people's sessions end (issue 16).
  async revokeOrganisationCredentials(
    em: EntityManager,
    organisationId: string,
  ): Promise<{ keysRevoked: number }> {
    const res: [unknown[], number] = await em.query(
      `UPDATE api_keys SET revoked_at = now() WHERE organisation_id = $1 AND revoked_at IS NULL`,
      [organisationId],
    );
    await em.query(
      `UPDATE sessions s SET revoked_at = now() FROM users u
        WHERE u.id = s.user_id AND u.organisation_id = $1 AND s.revoked_at IS NULL`,
      [organisationId],
    );
    return { keysRevoked: res[1] };
  }

  findUser(id: string): Promise<User | null> {
    return this.ds.getRepository(User).findOne({ where: { id } });
  }

  listUsers(offset: number, limit: number): Promise<[User[], number]> {
    return this.ds
      .getRepository(User)
      .findAndCount({ order: { email: 'ASC' }, skip: offset, take: limit });
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = await this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    return row;
  }

  // Counts a sign-in attempt as failed before its password is checked (issue 16), in one
  // statement, so parallel guesses cannot all be checked before the first failure is counted.
  // A lock that has run out starts the count again. Answers whether this attempt may go on
  // to the password check: not when the account is locked, or this attempt is one too many.
  async claimLoginAttempt(userId: string, lockAfter: number, lockFor: number): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING as [rows, affected].
    const [rows]: [Array<{ allowed: boolean }>, number] = await this.ds.query(
      `WITH next AS (
         SELECT id, locked_until > now() AS locked,
                CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END AS attempts
           FROM users WHERE id = $1 FOR UPDATE)
       UPDATE users u SET failed_logins = next.attempts,
         locked_until = CASE
           WHEN next.locked THEN u.locked_until
           WHEN next.attempts > $2 THEN now() + make_interval(secs => $3)
           ELSE NULL END
         FROM next WHERE u.id = next.id
       RETURNING (NOT coalesce(next.locked, false) AND next.attempts <= $2) AS allowed`,
      [userId, lockAfter, lockFor],
    );
    return rows[0]?.allowed ?? false;
  }

  // The attempt that used the last allowed try and failed locks the account at once.
  async lockIfExhausted(userId: string, lockAfter: number, lockFor: number): Promise<void> {
    await this.ds.query(
      `UPDATE users SET locked_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND failed_logins >= $2 AND (locked_until IS NULL OR locked_until <= now())`,
      [userId, lockAfter, lockFor],
    );
  }

  async recordSuccessfulLogin(userId: string): Promise<void> {
    await this.ds.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [
      userId,
    ]);
  }
}
