import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AccountsService } from '../accounts/accounts.service';
import { PasswordService } from '../accounts/password.service';
import { authErrors } from './auth.errors';
import { AuthRepository } from './auth.repository';
import { generateSessionToken, sha256 } from './credentials';
import { Principal } from './principal';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_SECONDS = 15 * 60;

// Checked against when the account is unknown, disabled, unconfirmed or locked, so that answer
// costs one argon2 check like any other (issue 16). The hash of a random password nobody kept,
// with PasswordService's parameters (argon2id, m=64 MiB, t=3, p=4): a constant rather than made
// at start, so neither the first unknown e-mail (which would pay for making it) nor each start
// of the service pays for it.
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=65536,p=4,t=3$OqSZBFHf5/R3banxi7mwNw$x8Hu/5UDgbglIz1Y8GNCy83GJ94V7VCZND0ioLbWZCs';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly accounts: AccountsService,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.accounts.findCredentialsByEmail(email);
    // An unknown, disabled, unconfirmed or locked account gets the same answer after the same
    // work (one password hash check), so neither the answer nor its time tells them apart.
    const usable = user && user.passwordHash && !user.disabledAt && user.confirmedAt;
    // The attempt is counted as a failure before the password is checked (issue 16).
    const allowed = usable
      ? await this.accounts.claimLoginAttempt(user.id, LOCK_AFTER_FAILURES, LOCK_SECONDS)
      : false;
    if (!usable || !allowed) {
      await this.passwords.verify(DUMMY_PASSWORD_HASH, password);
      throw authErrors.invalid();
    }
    if (!(await this.passwords.verify(user.passwordHash!, password))) {
      await this.accounts.lockIfExhausted(user.id, LOCK_AFTER_FAILURES, LOCK_SECONDS);
      throw authErrors.invalid();
    }
    await this.accounts.recordSuccessfulLogin(user.id);
    const { token, tokenHash } = generateSessionToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    const sessionId = await this.repo.insertSession(user.id, tokenHash, expiresAt);
    return {
      token,
      expiresAt,
      principal: {
        kind: 'user',
        role: user.role,
        organisationId: user.organisationId,
        userId: user.id,
        apiKeyId: null,
        sessionId,
      },
    };
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (!token.startsWith('nrs_')) return null;
    const s = await this.repo.findLiveSession(sha256(token));
    if (!s) return null;
    return {
      kind: 'user',
      role: s.role,
      organisationId: s.organisationId,
      userId: s.userId,
      apiKeyId: null,
      sessionId: s.id,
    };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.sessionId) await this.repo.revokeSession(principal.sessionId);
  }

  purgeExpired(): Promise<number> {
    return this.repo.deleteExpiredSessions();
  }
}
