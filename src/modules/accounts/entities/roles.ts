export enum Role {
  Complainant = 'complainant',
  AbuseDesk = 'abuse_desk',
  Legal = 'legal',
  Admin = 'admin',
}
export const ALL_ROLES: readonly Role[] = Object.values(Role);
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
