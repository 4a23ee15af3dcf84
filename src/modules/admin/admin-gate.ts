import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../common/errors/app-error';
import { Role } from '../../common/roles';
import { authErrors } from '../auth/auth.errors';
import { Authenticator } from '../auth/authenticator.service';
import { AuthenticatedRequest, Principal } from '../auth/principal';

// The portal link to the board (navigation.ts): signing in comes back through it.
export const QUEUE_BOARD_PORTAL_PATH = '/portal/admin/queues';

// What the gate needs from the portal to answer a browser in the portal's own words.
export interface BoardGatePages {
  forbidden(req: Request & { principal?: Principal }, res: Response): Promise<void>;
}

// Bull Board is plain Express, outside Nest's guards: this gate runs before it. A browser
// (it asks for HTML and sends no bearer token) without a session goes to the portal's sign-in
// page and, signed in with another role, gets the portal's 403 page (issue #19); API clients
// keep the JSON 401 and 403 of every other route.
export function adminGate(authenticator: Authenticator, pages?: BoardGatePages) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const browser =
      pages !== undefined && !req.headers.authorization && req.accepts(['json', 'html']) === 'html';
    authenticator
      .authenticate(req)
      .then((principal) => {
        if (principal.role === Role.Admin) return next();
        if (!browser || !pages) return next(authErrors.role([Role.Admin]));
        (req as Request & AuthenticatedRequest).principal = principal;
        return pages.forbidden(req, res).catch(next);
      })
      .catch((e: unknown) => {
        if (browser && e instanceof AppError && e.kind === 'unauthenticated') {
          res.redirect(303, `/portal/sign-in?next=${encodeURIComponent(QUEUE_BOARD_PORTAL_PATH)}`);
          return;
        }
        next(e);
      });
  };
}
