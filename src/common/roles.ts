// Who may do what: the roles of people and machine keys (auth's guards, accounts, identity and
// the portal all read them; they live here so that none of those modules imports another's).
export enum Role {
  Complainant = 'complainant',
  AbuseDesk = 'abuse_desk',
  Legal = 'legal',
  Admin = 'admin',
  // A resolver machine's API key: reads the blocking exports and nothing else (BO-5).
  Resolver = 'resolver',
}
export const ALL_ROLES: readonly Role[] = Object.values(Role);
// Roles a person may hold; `resolver` belongs to machines' API keys only.
export type PersonRole = Exclude<Role, Role.Resolver>;
export const PERSON_ROLES: readonly PersonRole[] = [
  Role.Complainant,
  Role.AbuseDesk,
  Role.Legal,
  Role.Admin,
];
export const STAFF_ROLES: readonly Role[] = [Role.AbuseDesk, Role.Legal, Role.Admin];
