import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '../../../common/roles';
import { PUBLIC_KEY, ROLES_KEY } from '../auth.decorators';
import { AuthError } from '../auth.errors';
import { Authenticator } from '../authenticator.service';
import { Principal } from '../principal';
import { AuthGuard } from './auth.guard';

const principal = (role: Role): Principal => ({
  kind: 'api_key',
  role,
  organisationId: null,
  userId: null,
  apiKeyId: 'k',
  sessionId: null,
});

function context(meta: Record<string, unknown>, req: Record<string, unknown> = {}) {
  const handler = () => undefined;
  Reflect.defineMetadata(PUBLIC_KEY, meta[PUBLIC_KEY], handler);
  Reflect.defineMetadata(ROLES_KEY, meta[ROLES_KEY], handler);
  return {
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  const fakeAuth = (p: Principal | Error) =>
    ({
      authenticate: jest.fn(async () => {
        if (p instanceof Error) throw p;
        return p;
      }),
    }) as unknown as Authenticator;

  it('lets public routes through without asking for credentials', async () => {
    const auth = fakeAuth(new Error('should not be called'));
    await expect(
      new AuthGuard(new Reflector(), auth).canActivate(context({ [PUBLIC_KEY]: true })),
    ).resolves.toBe(true);
    expect(auth.authenticate).not.toHaveBeenCalled();
  });

  it('attaches the principal and allows a listed role', async () => {
    const req: Record<string, unknown> = {};
    const guard = new AuthGuard(new Reflector(), fakeAuth(principal(Role.Legal)));
    await expect(
      guard.canActivate(context({ [ROLES_KEY]: [Role.Legal, Role.Admin] }, req)),
    ).resolves.toBe(true);
    expect(req.principal).toEqual(principal(Role.Legal));
  });

  it('refuses a role not listed with a forbidden AuthError', async () => {
    const guard = new AuthGuard(new Reflector(), fakeAuth(principal(Role.Complainant)));
    const err = await guard
      .canActivate(context({ [ROLES_KEY]: [Role.Legal] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).kind).toBe('forbidden');
  });

  it('propagates authentication failures', async () => {
    const guard = new AuthGuard(new Reflector(), fakeAuth(new Error('no credentials')));
    await expect(guard.canActivate(context({}))).rejects.toThrow('no credentials');
  });
});
