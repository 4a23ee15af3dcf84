import { Role } from '../../../common/roles';
import type { AccountsService } from '../../accounts/accounts.service';
import { UserResponseDto } from '../../accounts/dto/user.dto';
import { PORTAL_BASE, ROLE_LABELS } from '../navigation';
import { listPage } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';

export const USERS = `${PORTAL_BASE}/admin/users`;

// The roles an admin may give a person: never legal (separation of duties, issue 16; the
// service refuses it too), never the machine role.
const GRANTABLE: readonly Role[] = [Role.Complainant, Role.AbuseDesk, Role.Admin];

type Users = Awaited<ReturnType<AccountsService['listUsers']>>[0];
type Organisations = Awaited<ReturnType<AccountsService['listOrganisations']>>[0];

// What the new-person form sent back (nothing on a first visit).
export type UserForm = Partial<Record<'displayName' | 'email' | 'role' | 'organisationId', string>>;

// The people, a page at a time, and the form to add one (the roles an admin may grant, the
// organisations a complainant may belong to).
export function usersPage(
  users: Users,
  total: number,
  page: number,
  orgs: Organisations,
  form: UserForm,
  errors: FieldErrors,
) {
  const { rows, pagination } = listPage(
    USERS,
    page,
    total,
    users.map((u) => ({ ...UserResponseDto.from(u), roleLabel: ROLE_LABELS[u.role] })),
  );
  return {
    title: 'Users',
    rows,
    roles: GRANTABLE.map((r) => ({
      value: r,
      label: ROLE_LABELS[r],
      selected: r === form.role,
    })),
    organisations: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      selected: o.id === form.organisationId,
    })),
    form: { displayName: '', email: '', ...form },
    errors,
    summary: errorSummary(errors),
    pagination,
  };
}

export interface UserPageState {
  notice?: string;
  errors?: FieldErrors;
  link?: { url: string; expiresAt: Date };
  status?: number;
}

// One person: deactivate (not oneself), a one-time password link (not for legal accounts,
// nor a deactivated one), and the link just made if any.
export function userPage(user: UserResponseDto, viewerId: string | null, extra: UserPageState) {
  const errors = extra.errors ?? {};
  return {
    title: `User ${user.displayName}`,
    u: { ...user, roleLabel: ROLE_LABELS[user.role] ?? user.role },
    self: user.id === viewerId,
    canLink: !user.disabled && user.role !== Role.Legal,
    link: extra.link,
    notice: extra.notice,
    errors,
    summary: errorSummary(errors),
  };
}
