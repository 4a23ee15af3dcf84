import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Role } from '../../src/common/roles';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/modules/auth/auth.decorators';

// The application's own route table, read from the controllers Nest registered: every handler
// with its method, path pattern (`/api/v1/notices/:reference`), whether it is @Public and the
// roles its @Roles names (undefined: any signed-in caller). Tests compare their expectations
// against it, so a route added without an expectation fails a test instead of going unchecked.
export interface AppRoute {
  method: string;
  pattern: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

const joinPath = (...parts: string[]): string =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : ''];

export function appRoutes(app: INestApplication): AppRoute[] {
  const reflector = app.get(Reflector);
  const seen = new Set<unknown>();
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const base = asList(Reflect.getMetadata(PATH_METADATA, controller));
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const targets = [handler, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
        const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
        for (const b of base) {
          for (const p of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              method: RequestMethod[method].toLowerCase(),
              pattern: joinPath(b, p),
              isPublic,
              roles,
            });
          }
        }
      }
    }
  }
  return routes;
}

// Whether a concrete path (query string ignored) is one the pattern serves.
export function patternMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`).test(path.split('?')[0]);
}

// The route that serves a request: among the patterns that match, the most literal one (fewest
// parameters), as Nest registers literal routes such as `/export` before `/:reference`.
export function routeFor(
  routes: readonly AppRoute[],
  method: string,
  path: string,
): AppRoute | undefined {
  const params = (p: string) => p.split('/').filter((s) => s.startsWith(':')).length;
  return routes
    .filter((r) => r.method === method && patternMatches(r.pattern, path))
    .sort((a, b) => params(a.pattern) - params(b.pattern))[0];
}
