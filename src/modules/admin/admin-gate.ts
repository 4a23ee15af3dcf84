import type { NextFunction, Request, Response } from 'express';
import { Role } from '../accounts/entities/roles';
import { authErrors } from '../auth/auth.errors';
import { Authenticator } from '../auth/authenticator.service';

// Bull Board is plain Express, outside Nest's guards: this gate runs before it.
export function adminGate(authenticator: Authenticator) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    authenticator
      .authenticate(req)
      .then((principal) =>
        next(principal.role === Role.Admin ? undefined : authErrors.role([Role.Admin])),
      )
      .catch(next);
  };
}
