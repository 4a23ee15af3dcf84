import { AppError } from '../../common/errors/app-error';

export enum AccountsErrorCode {
  OrganisationNotFound = 'organisation_not_found',
  OrganisationExists = 'organisation_exists',
  UserExists = 'user_exists',
  UserNotFound = 'user_not_found',
  OrganisationRequired = 'organisation_required',
  OrganisationNotAllowed = 'organisation_not_allowed',
  WeakPassword = 'weak_password',
  SenderStanding = 'sender_standing_conflict',
  NotInGoodStanding = 'sender_not_in_good_standing',
  MachineRole = 'machine_role',
  RoleReserved = 'role_reserved_for_legal',
  NotAllowed = 'account_change_not_allowed',
  Confirmation = 'account_confirmation_invalid',
}

export class AccountsError extends AppError<AccountsErrorCode> {}

export const accountsErrors = {
  machineRole: () =>
    new AccountsError(
      AccountsErrorCode.MachineRole,
      'invalid',
      'The resolver role belongs to API keys of resolver machines, not to people',
      [{ field: 'role', message: "not a person's role" }],
    ),
  organisationNotFound: (id: string) =>
    new AccountsError(AccountsErrorCode.OrganisationNotFound, 'not_found', `No organisation ${id}`),
  organisationExists: (name: string) =>
    new AccountsError(
      AccountsErrorCode.OrganisationExists,
      'conflict',
      `An organisation named "${name}" already exists`,
      [{ field: 'name', message: 'already taken' }],
    ),
  userExists: () =>
    new AccountsError(AccountsErrorCode.UserExists, 'conflict', 'A user with this e-mail exists', [
      { field: 'email', message: 'already taken' },
    ]),
  userNotFound: (id: string) =>
    new AccountsError(AccountsErrorCode.UserNotFound, 'not_found', `No user ${id}`),
  organisationRequired: () =>
    new AccountsError(
      AccountsErrorCode.OrganisationRequired,
      'invalid',
      'A complainant belongs to an organisation: give organisationId',
      [{ field: 'organisationId', message: 'required for the complainant role' }],
    ),
  organisationNotAllowed: () =>
    new AccountsError(
      AccountsErrorCode.OrganisationNotAllowed,
      'invalid',
      'Only complainants belong to an organisation; ISP staff roles take none',
      [{ field: 'organisationId', message: 'must be empty for staff roles' }],
    ),
  notInGoodStanding: (accreditation: string, act: string) =>
    new AccountsError(
      AccountsErrorCode.NotInGoodStanding,
      'forbidden',
      `A ${accreditation} sender cannot ${act}`,
    ),
  senderStanding: (message: string) =>
    new AccountsError(AccountsErrorCode.SenderStanding, 'conflict', message),
  weakPassword: () =>
    new AccountsError(
      AccountsErrorCode.WeakPassword,
      'invalid',
      'The password must be at least 12 characters',
      [{ field: 'password', message: 'at least 12 characters' }],
    ),
  roleReserved: () =>
    new AccountsError(
      AccountsErrorCode.RoleReserved,
      'forbidden',
      'Only legal staff create legal accounts (confirmed by a second legal person) or keys; an admin cannot grant the legal role',
      [{ field: 'role', message: 'legal is granted by legal staff only' }],
    ),
  notAllowed: (message: string) =>
    new AccountsError(AccountsErrorCode.NotAllowed, 'forbidden', message),
  confirmation: (message: string) =>
    new AccountsError(AccountsErrorCode.Confirmation, 'conflict', message),
};
