import { Role } from '../../common/roles';

// What an API key may do, chosen when it is made (issue 16). A key's role says which routes it
// may reach at all; its scopes narrow that further on routes marked @RequiresScope. People
// (sessions) are not narrowed: their role is the whole answer.
export enum Scope {
  SubmitNotices = 'notices:submit',
  ReadNotices = 'notices:read',
  Disclosure = 'disclosure',
}
export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

// Which scopes a key of a role may be given, and which it gets when none are chosen. A role not
// listed (a machine role such as a resolver) may hold no scope: it reaches only the unmarked
// routes its role is allowed on, which is all such a role needs.
const ALLOWED: Partial<Record<Role, readonly Scope[]>> = {
  [Role.Complainant]: [Scope.SubmitNotices, Scope.ReadNotices, Scope.Disclosure],
  [Role.Legal]: [Scope.Disclosure],
};
const DEFAULTS: Partial<Record<Role, readonly Scope[]>> = {
  [Role.Complainant]: [Scope.SubmitNotices, Scope.ReadNotices],
  [Role.Legal]: [Scope.Disclosure],
};

export function allowedScopes(role: Role): readonly Scope[] {
  return ALLOWED[role] ?? [];
}

export function defaultScopes(role: Role): readonly Scope[] {
  return DEFAULTS[role] ?? [];
}

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
