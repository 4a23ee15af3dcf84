import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeyService } from './api-key.service';
import { authErrors } from './auth.errors';
import { Principal } from './principal';
import { SessionService } from './session.service';

export const SESSION_COOKIE = 'nr_session';

function credentialsOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1] : header.trim();
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return apiKey.trim();
  const cookies = (req as { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.[SESSION_COOKIE] ?? null;
}

// Resolves a request's credentials (API key, bearer session token or session cookie).
@Injectable()
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly sessions: SessionService,
  ) {}

  async authenticate(req: Request): Promise<Principal> {
    const credentials = credentialsOf(req);
    if (!credentials) throw authErrors.missing();
    const principal = credentials.startsWith('nrk_')
      ? await this.apiKeys.authenticate(credentials)
      : await this.sessions.authenticate(credentials);
    if (!principal) throw authErrors.invalid();
    return principal;
  }
}
