import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
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

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

@Injectable()
export class SessionService implements OnModuleInit {
  // Verified against when the e-mail is unknown, so timing does not reveal which accounts exist.
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly repo: AuthRepository,
    private readonly accounts: AccountsService,
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Made before the first sign-in, so the first unknown e-mail does not pay for making it (a
  // hash and a check, twice the time of a known one) and stand out by its slowness.
  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

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
      await this.passwords.verify(await this.dummy(), password);
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

  private dummy(): Promise<string> {
    this.dummyHash ??= this.passwords.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
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
