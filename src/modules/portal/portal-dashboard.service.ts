import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Role } from '../accounts/entities/roles';
import { ApiKeyService } from '../auth/api-key.service';
import { Principal } from '../auth/principal';
import { AuditRepository } from '../identity/audit.repository';
import { LeasesRepository } from '../leases/leases.repository';
import { barChartSvg, fillDays } from './charts';
import { PortalStatsRepository } from './portal-stats.repository';

export const CHART_DAYS = 14;

// Each role's dashboard, from data sources that exist today. Sections whose source is still
// being built (intake, messaging, disclosure) are placeholders that say so, not numbers.
@Injectable()
export class PortalDashboardService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeyService,
    private readonly leases: LeasesRepository,
    private readonly audit: AuditRepository,
    private readonly stats: PortalStatsRepository,
  ) {}

  async forPrincipal(principal: Principal, now = new Date()): Promise<Record<string, unknown>> {
    switch (principal.role) {
      case Role.Complainant:
        return this.counsel(principal);
      case Role.AbuseDesk:
        return { desk: await this.desk(now) };
      case Role.Legal:
        return { legal: await this.legal() };
      case Role.Admin:
        return { admin: await this.admin(), desk: await this.desk(now) };
    }
  }

  private async counsel(principal: Principal) {
    const org = principal.organisationId
      ? await this.accounts.getOrganisation(principal.organisationId)
      : null;
    const keys = await this.apiKeys.list(principal);
    return {
      counsel: {
        organisation: org && { name: org.name, accreditation: org.accreditation },
        activeKeys: keys.filter((k) => !k.revokedAt).length,
      },
    };
  }

  private async desk(now: Date) {
    const perDay = fillDays(await this.stats.leaseImportsPerDay(CHART_DAYS), CHART_DAYS, now);
    const recent = await this.leases.listImports(5);
    return {
      chart: barChartSvg(`Lease imports per day, last ${CHART_DAYS} days (UTC)`, perDay),
      perDay,
      totalInWindow: perDay.reduce((n, d) => n + d.count, 0),
      recent,
    };
  }

  private async legal() {
    return {
      verification: await this.audit.verify(),
      recent: await this.audit.list({ limit: 5 }),
    };
  }

  private async admin() {
    const [, organisations] = await this.accounts.listOrganisations(0, 1);
    const [, users] = await this.accounts.listUsers(0, 1);
    return { organisations, users };
  }
}
