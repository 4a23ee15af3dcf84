import { INestApplication } from '@nestjs/common';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Accreditation, OrganisationKind, Role } from '../../src/modules/accounts/entities/roles';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';

export interface Actors {
  organisationId: string;
  otherOrganisationId: string;
  keys: Record<Role, string>;
  otherComplainantKey: string;
}

// One API key per role, plus a second complainant organisation for isolation checks.
export async function seedActors(app: INestApplication): Promise<Actors> {
  const accounts = app.get(AccountsService);
  const apiKeys = app.get(ApiKeyService);
  const suffix = Math.random().toString(36).slice(2, 8);
  const org = await accounts.createOrganisation({
    name: `Vendor ${suffix}`,
    kind: OrganisationKind.Vendor,
    accreditation: Accreditation.Accredited,
    owners: ['Owner A'],
  });
  const other = await accounts.createOrganisation({
    name: `Other ${suffix}`,
    kind: OrganisationKind.RightsHolder,
    accreditation: Accreditation.Accredited,
  });
  const make = async (role: Role, organisationId: string | null) =>
    (await apiKeys.create({ name: `${role} key`, role, organisationId, createdBy: null })).key;
  return {
    organisationId: org.id,
    otherOrganisationId: other.id,
    keys: {
      [Role.Complainant]: await make(Role.Complainant, org.id),
      [Role.AbuseDesk]: await make(Role.AbuseDesk, null),
      [Role.Legal]: await make(Role.Legal, null),
      [Role.Admin]: await make(Role.Admin, null),
      [Role.Resolver]: await make(Role.Resolver, null),
    },
    otherComplainantKey: await make(Role.Complainant, other.id),
  };
}
