import type { Organisation } from '../../accounts/entities/organisation.entity';
import { Role } from '../../../common/roles';
import { allowedScopes, defaultScopes, Scope } from '../../auth/scopes';
import type { ApiKeyResponseDto } from '../../auth/dto/auth.dto';
import { errorSummary, FieldErrors } from '../portal-form';

const SCOPE_LABELS: Partial<Record<string, string>> = {
  [Scope.SubmitNotices]: 'Send notices',
  [Scope.ReadNotices]: 'Read its notices and their outcomes',
  [Scope.Disclosure]: 'File and follow disclosure requests',
};

// What the API keys page shows besides the keys: the form as typed, a new key once, a notice.
export interface ApiKeysExtra {
  errors?: FieldErrors;
  name?: unknown;
  scopes?: string[];
  organisationId?: string;
  created?: (ApiKeyResponseDto & { key: string }) | undefined;
  notice?: string;
}

// The keys the principal may see; an admin also picks the organisation a new key is for.
export function apiKeysPage(
  role: Role,
  keys: ApiKeyResponseDto[],
  orgs: Array<Pick<Organisation, 'id' | 'name'>>,
  extra: ApiKeysExtra,
) {
  const isAdmin = role === Role.Admin;
  const ticked = extra.scopes ?? (defaultScopes(Role.Complainant) as readonly string[]);
  const errors = extra.errors ?? {};
  return {
    title: 'API keys',
    keys,
    active: keys.filter((k) => !k.revokedAt),
    revokedKeys: keys.filter((k) => k.revokedAt),
    canCreate: role === Role.Complainant || isAdmin,
    isAdmin,
    scopeChoices: allowedScopes(Role.Complainant).map((value) => ({
      value,
      label: SCOPE_LABELS[value] ?? value,
      checked: ticked.includes(value),
    })),
    organisations: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      selected: o.id === extra.organisationId,
    })),
    created: extra.created,
    notice: extra.notice,
    errors,
    summary: errorSummary(errors),
    form: { name: typeof extra.name === 'string' ? extra.name : '' },
  };
}
