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

export enum OrganisationKind {
  RightsHolder = 'rights_holder',
  Vendor = 'vendor',
  LawFirm = 'law_firm',
}

// IN-4: only accredited senders' notices are acted on; suspension is VA-6.
export enum Accreditation {
  Pending = 'pending',
  Accredited = 'accredited',
  Suspended = 'suspended',
  Revoked = 'revoked',
}
