import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ApiKeyService } from './api-key.service';
import { authErrors } from './auth.errors';
import { AuthenticatedRequest, Principal } from './principal';
import { SessionService } from './session.service';

export const SESSION_COOKIE = 'nr_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Credentials {
  value: string;
  // A header is sent only by code that holds the secret; a cookie by any page the browser
  // visits, which is why a cookie alone is trusted less (issue 16).
  source: 'header' | 'cookie';
}

function credentialsOf(req: Request): Credentials | null {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return { value: m ? m[1] : header.trim(), source: 'header' };
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) return { value: apiKey.trim(), source: 'header' };
  const cookie = (req as { cookies?: Record<string, string | undefined> }).cookies?.[
    SESSION_COOKIE
  ];
  return cookie ? { value: cookie, source: 'cookie' } : null;
}

export function hasCredentials(req: Request): boolean {
  return credentialsOf(req) !== null;
}

// Resolves a request's credentials (API key, bearer session token or session cookie).
@Injectable()
export class Authenticator {
  private readonly publicOrigin: string | null;

  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicOrigin = originOf(config.http.publicUrl);
  }

  async authenticate(req: Request): Promise<Principal> {
    // Already resolved for this request by earlyAuthentication (before the body was read).
    const known = (req as Request & AuthenticatedRequest).principal;
    if (known) return known;
    const credentials = credentialsOf(req);
    if (!credentials) throw authErrors.missing();
    if (credentials.source === 'cookie') this.checkCookieUse(req);
    const principal = credentials.value.startsWith('nrk_')
      ? await this.apiKeys.authenticate(credentials.value)
      : await this.sessions.authenticate(credentials.value);
    if (!principal) throw authErrors.invalid();
    return principal;
  }

  // The session cookie serves the portal (whose forms carry CSRF tokens) and Bull Board. On the
  // JSON API it may only read; and wherever it authenticates, the request must come from one of
  // our own pages: a foreign Origin (or a cross-site fetch) is refused.
  private checkCookieUse(req: Request): void {
    if (req.path.startsWith('/api/') && !SAFE_METHODS.has(req.method)) {
      throw authErrors.cookieOnApi();
    }
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') throw authErrors.foreignOrigin();
    // Browsers send `Origin: null` on our own form posts under `Referrer-Policy: no-referrer`;
    // such a post is ours only when the browser also says it came from the same origin.
    if (origin === 'null') {
      if (site !== 'same-origin') throw authErrors.foreignOrigin();
    } else if (origin !== undefined) {
      const own = new Set([this.publicOrigin, originOf(`${req.protocol}://${req.get('host')}`)]);
      if (!own.has(origin)) throw authErrors.foreignOrigin();
    }
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

// Runs before any body is read: a request with valid credentials gets its principal now, so
// the body parsers may allow it a large body; without (or with wrong) credentials it gets a
// small one, and the guard answers 401 or 403 as before.
export function earlyAuthentication(authenticator: Authenticator) {
  return (req: Request & AuthenticatedRequest, _res: Response, next: NextFunction): void => {
    if (!hasCredentials(req)) return next();
    authenticator
      .authenticate(req)
      .then((principal) => {
        req.principal = principal;
        next();
      })
      .catch(() => next());
  };
}
