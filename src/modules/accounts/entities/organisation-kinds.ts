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
