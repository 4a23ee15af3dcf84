import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '../accounts/entities/roles';
import { AuthenticatedRequest, Principal } from './principal';

export const PUBLIC_KEY = 'notice-relay:public';
export const ROLES_KEY = 'notice-relay:roles';

// Routes are closed by default: a route is open only when marked @Public().
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
    return req.principal;
  },
);
