import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { SESSION_COOKIE } from '../auth/authenticator.service';

export const CSRF_FIELD = '_csrf';

export function isHttpsPublicUrl(config: AppConfig): boolean {
  return config.http.publicUrl.startsWith('https://');
}

// Signed double-submit tokens (csrf-csrf): the token in the form must match the httpOnly
// cookie, and both are bound by HMAC to the session cookie (empty before sign-in), so a token
// from another session, or none, is refused.
@Injectable()
export class PortalCsrfService {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const secure = isHttpsPublicUrl(config);
    this.csrf = doubleCsrf({
      getSecret: () => config.secretKey,
      getSessionIdentifier: (req) =>
        (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE] ?? '',
      // The __Host- prefix needs Secure, which plain-http development cannot have.
      cookieName: secure ? '__Host-nr_csrf' : 'nr_csrf',
      cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        const value = body?.[CSRF_FIELD];
        return typeof value === 'string' ? value : undefined;
      },
    });
  }

  token(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res);
  }

  isValid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }
}
