import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Role } from '../../../common/roles';
import { PUBLIC_KEY, ROLES_KEY, SCOPE_KEY } from '../auth.decorators';
import { authErrors } from '../auth.errors';
import { Authenticator } from '../authenticator.service';
import { AuthenticatedRequest } from '../principal';
import { Scope } from '../scopes';

// Global guard: authenticates every non-public route, then checks @Roles when present, and an
// API key's scopes on routes marked @RequiresScope.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(req);
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw authErrors.role(roles);
    // A resolver machine's key reads the blocking exports only: routes open to any signed-in
    // caller (no @Roles) are closed to it.
    if (!roles && principal.role === Role.Resolver) throw authErrors.role([]);
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(SCOPE_KEY, targets);
    if (scope && principal.kind === 'api_key' && !(principal.scopes ?? []).includes(scope)) {
      throw authErrors.scope(scope);
    }
    return true;
  }
}
