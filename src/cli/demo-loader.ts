import { Injectable } from '@nestjs/common';
import { AccountsService } from '../modules/accounts/accounts.service';
import { Role } from '../common/roles';
import { Accreditation, OrganisationKind } from '../modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../modules/auth/api-key.service';
import { LeaseImportService } from '../modules/leases/lease-import.service';
import { NatPoolsRepository } from '../modules/leases/nat-pools.repository';
import { linesOf } from '../modules/leases/parsing';
import { SubscribersRepository } from '../modules/subscribers/subscribers.repository';
import { DEMO_NAT_POOL, DEMO_SUBSCRIBERS, demoLeaseCsv, demoNatLog } from './demo-isp';

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
  leases: number;
  examples: string[];
}

@Injectable()
export class DemoLoader {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeyService,
    private readonly subscribers: SubscribersRepository,
    private readonly pools: NatPoolsRepository,
    private readonly leases: LeaseImportService,
  ) {}

  // Idempotent: a second run reuses what exists and only issues a fresh API key
  // (keys are shown once, so the old one cannot be printed again).
  async load(): Promise<DemoReport> {
    const { organisationId, alreadyLoaded } = await this.ensureOrganisation();
    // Subscribers, the CGNAT pool and logs are (re)loaded every time: the import is idempotent,
    // and the lease times move with today's date.
    await this.loadSubscribers();
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    const leases = await this.loadLeases(today);
    const { key } = await this.apiKeys.create({
      name: 'demo robot',
      role: Role.Complainant,
      organisationId,
      createdBy: null,
    });
    return {
      alreadyLoaded,
      organisationId,
      apiKey: key,
      users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })),
      leases,
      examples: demoExamples(today),
    };
  }

  // The demo vendor and, the first time, its users.
  private async ensureOrganisation(): Promise<{ organisationId: string; alreadyLoaded: boolean }> {
    const existing = await this.accounts.findOrganisationByName(DEMO_ORGANISATION);
    if (existing) return { organisationId: existing.id, alreadyLoaded: true };
    const org = await this.accounts.createOrganisation({
      name: DEMO_ORGANISATION,
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      contactEmail: 'notices@vendor.example',
      senderAddresses: ['notices@vendor.example'],
      owners: ['Demo Pictures', 'Demo Records'],
    });
    for (const u of DEMO_USERS) {
      await this.accounts.createUser({
        ...u,
        organisationId: u.role === Role.Complainant ? org.id : null,
        password: DEMO_PASSWORD,
      });
    }
    return { organisationId: org.id, alreadyLoaded: false };
  }

  private async loadSubscribers(): Promise<void> {
    await this.subscribers.upsertBatch(
      DEMO_SUBSCRIBERS.map((s) => ({
        accountNumber: s.account,
        regime: s.regime,
        identifiers: [{ type: s.type, value: s.id, validFrom: null, validUntil: null }],
        identity: {
          fullName: s.name,
          email: s.email,
          phone: null,
          postalAddress: '1 Demo Street, Demo Town',
          installationAddress: null,
          language: s.language,
        },
      })),
    );
  }

  // The CGNAT pool, then a DHCP lease log and a NAT log around `today`; returns the rows held.
  private async loadLeases(today: Date): Promise<number> {
    await this.pools.upsertPool(DEMO_NAT_POOL);
    const csv = await this.leases.importLines(
      linesOf(demoLeaseCsv(today)),
      'generic-csv',
      'demo-leases.csv',
      {
        source: 'demo-dhcp',
        format: 'generic-csv',
      },
    );
    const nat = await this.leases.importLines(
      linesOf(demoNatLog(today)),
      'cgnat-juniper',
      'demo-nat.log',
      {
        source: 'demo-cgnat',
        format: 'cgnat-juniper',
        // The demo's NAT log writes RFC 5424 stamps in UTC.
        timeZone: 'UTC',
      },
    );
    return csv.imported + csv.duplicates + nat.imported + nat.duplicates;
  }
}

// `attribute` commands that find the demo's subscribers (yesterday noon is inside every lease).
function demoExamples(today: Date): string[] {
  const yesterdayNoon = new Date(today.getTime() - 12 * 3600_000).toISOString().replace('.000', '');
  return [
    `attribute --ip 198.51.100.10 --at ${yesterdayNoon}`,
    `attribute --ip 203.0.113.7 --port 51300 --at ${yesterdayNoon}`,
    `attribute --ip 203.0.113.7 --at ${yesterdayNoon}`,
    `attribute --ip 2001:db8:4200:1::99 --at ${yesterdayNoon}`,
  ];
}
