import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor, systemActor } from '../identity/audit.types';
import { accountsErrors } from './accounts.errors';
import { MIN_PASSWORD_LENGTH } from './accounts.service';
import { CredentialRevocations } from './credential-revocations';
import { PasswordService } from './password.service';

// How long a one-time link works.
export const RESET_LINK_HOURS = 24;
// How long a link asked for with "Forgot your password?" works (it travels by mail).
export const REQUESTED_LINK_MINUTES = 60;
// Links asked for per account and hour, whatever the rate limits in Redis say.
export const REQUESTED_LINKS_PER_HOUR = 5;

// What a "Forgot your password?" request comes to, for the mail that answers it. Only the
// person's own address gets it; the page that asked says the same whatever this is.
// Every kind of account gets the link at its own address, legal staff included (an admin may
// not issue one for a legal account, but its holder may ask for one).
export type RequestedLink =
  | { kind: 'link'; userId: string; email: string; token: string; expiresAt: Date }
  // No usable account, or too many links asked for this hour: nothing is sent.
  | { kind: 'none' };

// A link made on the server (`user:reset-password`) for any enabled account, legal included.
export interface ServerLink {
  userId: string;
  email: string;
  role: string;
  token: string;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// One-time links to set a password (issue #19). An admin issues one for a person (a new
// account, or a forgotten password) but never for a legal account (issue 16); the person asks
// for one by mail; an operator makes one on the server with the CLI. The link carries a random
// token of which only the hash is stored. Using it sets the password, ends the person's sessions and unlocks the account, once.
// Issuing and using are both in the audit chain.
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditRepository,
    private readonly revocations: CredentialRevocations,
  ) {}

  // The token, to be shown once to the admin who passes the link on.
  async issue(actor: AuditActor, userId: string): Promise<{ token: string; expiresAt: Date }> {
    if (actor.kind !== 'user' || actor.role !== 'admin') {
      throw accountsErrors.notAllowed('Only an admin issues password links');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + RESET_LINK_HOURS * 3_600_000);
    await this.ds.transaction(async (em) => {
      const [user]: Array<{ role: string; disabled_at: Date | null }> = await em.query(
        `SELECT role, disabled_at FROM users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (!user) throw accountsErrors.userNotFound(userId);
      if (user.disabled_at) throw accountsErrors.notAllowed('A disabled account gets no link');
      // An admin cannot take over a legal account by setting its password (issue 16).
      if (user.role === 'legal') {
        throw accountsErrors.notAllowed(
          'A legal account’s password is reset by legal staff on the server, not by an admin',
        );
      }
      await replaceLinks(em, userId, token, expiresAt, actor.id);
      await this.audit.append(em, {
        actor,
        action: 'account.password_link_issued',
        subjectType: 'user',
        subjectId: userId,
        purpose: 'one-time link to set the password',
        details: { expiresAt: expiresAt.toISOString() },
      });
    });
    return { token, expiresAt };
  }

  // "Forgot your password?" (issue #19): a link for an enabled, confirmed account with this
  // address, replacing its earlier unused links. No session asks for it, so the audit entry's
  // actor is the portal; the person is its subject.
  async request(email: string): Promise<RequestedLink> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REQUESTED_LINK_MINUTES * 60_000);
    return this.ds.transaction(async (em) => {
      const user = await enabledUserByEmail(em, email);
      if (!user) return { kind: 'none' } as const;
      const [{ recent }]: Array<{ recent: number }> = await em.query(
        `SELECT count(*)::int AS recent FROM password_resets
          WHERE user_id = $1 AND created_by IS NULL AND created_at > now() - interval '1 hour'`,
        [user.id],
      );
      if (recent >= REQUESTED_LINKS_PER_HOUR) return { kind: 'none' } as const;
      await replaceLinks(em, user.id, token, expiresAt, null);
      await this.audit.append(em, {
        actor: systemActor('portal'),
        action: 'account.password_link_requested',
        subjectType: 'user',
        subjectId: user.id,
        purpose: 'one-time link to set the password, mailed to the account’s own address',
        details: { expiresAt: expiresAt.toISOString() },
      });
      return { kind: 'link', userId: user.id, email: user.email, token, expiresAt };
    });
  }

  // The CLI's link (`user:reset-password`): for any enabled account with this address, legal
  // staff's included, since whoever runs the server already holds every key. It replaces the
  // account's unused links and is audited under the operator's name. Null: no such account.
  async issueOnServer(operator: string, email: string): Promise<ServerLink | null> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + RESET_LINK_HOURS * 3_600_000);
    return this.ds.transaction(async (em) => {
      const user = await enabledUserByEmail(em, email);
      if (!user) return null;
      await replaceLinks(em, user.id, token, expiresAt, null);
      await this.audit.append(em, {
        actor: { kind: 'system', id: `cli:${operator}`, role: 'admin' },
        action: 'account.password_link_issued',
        subjectType: 'user',
        subjectId: user.id,
        purpose: 'one-time link to set the password, made on the server',
        details: { expiresAt: expiresAt.toISOString(), operator },
      });
      return { userId: user.id, email: user.email, role: user.role, token, expiresAt };
    });
  }

  // Whether a token is still usable (the page shows the form only then).
  async usable(token: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > now()
          AND u.disabled_at IS NULL`,
      [sha256(token)],
    );
    return rows.length > 0;
  }

  async redeem(token: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw accountsErrors.weakPassword();
    const hash = await this.passwords.hash(password);
    await this.ds.transaction(async (em) => {
      const [reset]: Array<{ id: string; user_id: string; role: string }> = await em.query(
        `SELECT r.id, r.user_id, u.role FROM password_resets r JOIN users u ON u.id = r.user_id
          WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > now()
            AND u.disabled_at IS NULL
          FOR UPDATE OF r`,
        [sha256(token)],
      );
      if (!reset) throw linkInvalid();
      await em.query(`UPDATE password_resets SET used_at = now() WHERE id = $1`, [reset.id]);
      await em.query(
        `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL
          WHERE id = $1`,
        [reset.user_id, hash],
      );
      await em.query(
        `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
        [reset.user_id],
      );
      await this.audit.append(em, {
        actor: { kind: 'user', id: reset.user_id, role: reset.role },
        action: 'account.password_set',
        subjectType: 'user',
        subjectId: reset.user_id,
        purpose: 'password set with a one-time link',
        details: {},
      });
    });
    this.revocations.announce();
  }
}

function linkInvalid(): AppError {
  return accountsErrors.notAllowed('This link is not valid any more: ask for a new one');
}

// An enabled, confirmed account with this address (any case), locked for the transaction.
async function enabledUserByEmail(
  em: EntityManager,
  email: string,
): Promise<{ id: string; email: string; role: string } | undefined> {
  const [user]: Array<{ id: string; email: string; role: string }> = await em.query(
    `SELECT id, email, role FROM users
      WHERE lower(email) = lower($1) AND disabled_at IS NULL AND confirmed_at IS NOT NULL
      FOR UPDATE`,
    [email],
  );
  return user;
}

// A new link replaces any earlier one of the account that was not used. createdBy: the admin
// who made it, null when the person asked for it or the server made it.
async function replaceLinks(
  em: EntityManager,
  userId: string,
  token: string,
  expiresAt: Date,
  createdBy: string | null,
): Promise<void> {
  await em.query(
    `UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
    [userId],
  );
  await em.query(
    `INSERT INTO password_resets (token_sha256, user_id, created_by, expires_at)
     VALUES ($1, $2, $3, $4)`,
    [sha256(token), userId, createdBy, expiresAt],
  );
}
