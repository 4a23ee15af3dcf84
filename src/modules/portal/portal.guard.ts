import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_KEY } from '../auth/auth.decorators';
import { AuthenticatedRequest } from '../auth/principal';
import { portalErrors } from './portal.errors';
import { PortalCsrfService } from './portal-csrf.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Runs after the global AuthGuard on every portal route: a page needs a person's session
// (not an API key), and every form POST needs a valid CSRF token, signed in or not.
@Injectable()
export class PortalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: PortalCsrfService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!isPublic && req.principal?.kind !== 'user') throw portalErrors.sessionRequired();
    if (!SAFE_METHODS.has(req.method) && !this.csrf.isValid(req)) throw portalErrors.csrf();
    return true;
  }
}
