import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '../../common/roles';
import { AuthenticatedRequest, Principal } from './principal';
import { Scope } from './scopes';

export const PUBLIC_KEY = 'notice-relay:public';
export const ROLES_KEY = 'notice-relay:roles';
export const SCOPE_KEY = 'notice-relay:scope';

// Routes are closed by default: a route is open only when marked @Public().
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
// An API key reaches this route only when it was given the scope (people are not narrowed).
export const RequiresScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
    return req.principal;
  },
);
