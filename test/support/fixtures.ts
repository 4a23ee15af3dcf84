import { INestApplication } from '@nestjs/common';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { SessionService } from '../../src/modules/auth/session.service';
import { allowedScopes } from '../../src/modules/auth/scopes';

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
  // Every scope the role allows: these keys stand for fully enabled machine clients.
  const make = async (role: Role, organisationId: string | null) =>
    (
      await apiKeys.create({
        name: `${role} key`,
        role,
        organisationId,
        scopes: allowedScopes(role),
        createdBy: null,
      })
    ).key;
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

// One signed-in person per role (bearer session tokens): only people make keys and accounts.
export async function seedPeople(
  app: INestApplication,
  organisationId: string,
): Promise<Record<Role, string>> {
  const accounts = app.get(AccountsService);
  const sessions = app.get(SessionService);
  const suffix = Math.random().toString(36).slice(2, 8);
  const tokens = {} as Record<Role, string>;
  for (const role of [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin]) {
    const email = `${role}-${suffix}@people.example`;
    const password = `${role} password ${suffix}`;
    await accounts.createUser({
      email,
      displayName: `${role} person`,
      role,
      organisationId: role === Role.Complainant ? organisationId : null,
      password,
    });
    tokens[role] = (await sessions.login(email, password)).token;
  }
  return tokens;
}
