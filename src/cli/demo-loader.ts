import { Injectable } from '@nestjs/common';
import { AccountsService } from '../modules/accounts/accounts.service';
import { Accreditation, OrganisationKind, Role } from '../modules/accounts/entities/roles';
import { ApiKeyService } from '../modules/auth/api-key.service';

export const DEMO_ORGANISATION = 'Demo Rights Vendor';
export const DEMO_USERS = [
  { email: 'admin@isp.example', displayName: 'Demo Admin', role: Role.Admin },
  { email: 'desk@isp.example', displayName: 'Demo Abuse Desk', role: Role.AbuseDesk },
  { email: 'legal@isp.example', displayName: 'Demo Legal', role: Role.Legal },
  { email: 'counsel@vendor.example', displayName: 'Demo Counsel', role: Role.Complainant },
] as const;
// Published in the README: demo accounts exist only in a demo database.
export const DEMO_PASSWORD = 'demo-password-1234';

export interface DemoReport {
  alreadyLoaded: boolean;
  organisationId: string;
  apiKey: string;
  users: Array<{ email: string; role: Role }>;
}

@Injectable()
export class DemoLoader {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  // Idempotent: a second run reuses what exists and only issues a fresh API key
  // (keys are shown once, so the old one cannot be printed again).
  async load(): Promise<DemoReport> {
    const existing = await this.accounts.findOrganisationByName(DEMO_ORGANISATION);
    const org =
      existing ??
      (await this.accounts.createOrganisation({
        name: DEMO_ORGANISATION,
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Accredited,
        contactEmail: 'notices@vendor.example',
        senderAddresses: ['notices@vendor.example'],
        owners: ['Demo Pictures', 'Demo Records'],
      }));
    if (!existing) {
      for (const u of DEMO_USERS) {
        await this.accounts.createUser({
          ...u,
          organisationId: u.role === Role.Complainant ? org.id : null,
          password: DEMO_PASSWORD,
        });
      }
    }
    const { key } = await this.apiKeys.create({
      name: 'demo robot',
      role: Role.Complainant,
      organisationId: org.id,
      createdBy: null,
    });
    return {
      alreadyLoaded: existing !== null,
      organisationId: org.id,
      apiKey: key,
      users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })),
    };
  }
}
