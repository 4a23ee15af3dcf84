import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Role } from '../accounts/entities/roles';
import { ApiKeyService } from '../auth/api-key.service';
import { Principal } from '../auth/principal';
import { AuditRepository } from '../identity/audit.repository';
import { LeasesRepository } from '../leases/leases.repository';
import { MessagingDeskService } from '../messaging/messaging-desk.service';
import { barChartSvg, categoryChartSvg, fillDays } from './charts';
import { DELIVERY_STATUSES, summariseOutcomes } from './desk-outcomes';
import { PortalStatsRepository } from './portal-stats.repository';
import { QUEUE_STATES, QueueDepthService } from './queue-depths.service';

const DAY_MS = 86_400_000;

function utcDayStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export const CHART_DAYS = 14;

// Each role's dashboard, from data sources that exist today. Sections whose source is still
// being built (disclosure) are placeholders that say so, not numbers.
@Injectable()
export class PortalDashboardService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeyService,
    private readonly leases: LeasesRepository,
    private readonly audit: AuditRepository,
    private readonly stats: PortalStatsRepository,
    private readonly queues: QueueDepthService,
    private readonly messaging: MessagingDeskService,
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
    const todayStart = utcDayStart(now);
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const [imports, recent, intake, outcomeRows, noticeDays, depths, deliveries] =
      await Promise.all([
        this.stats.leaseImportsPerDay(CHART_DAYS),
        this.leases.listImports(5),
        this.stats.intakeCounts(todayStart, monthStart),
        this.stats.itemOutcomes(todayStart, monthStart),
        this.stats.noticesPerDay(new Date(todayStart.getTime() - (CHART_DAYS - 1) * DAY_MS)),
        this.queues.depths(),
        this.messaging.deliveryCounts(),
      ]);
    const perDay = fillDays(imports, CHART_DAYS, now);
    const noticesPerDay = fillDays(noticeDays, CHART_DAYS, now);
    const outcomes = summariseOutcomes(outcomeRows);
    const delivery = DELIVERY_STATUSES.map((status) => ({
      status,
      count: deliveries[status] ?? 0,
    }));
    const queueRows = depths.map((d) => ({
      queue: d.queue,
      available: d.counts !== null,
      states: QUEUE_STATES.map((state) => ({ state, count: d.counts?.[state] ?? null })),
    }));
    return {
      intake,
      noticesPerDay,
      noticesChart: barChartSvg(
        `Notices received per day, last ${CHART_DAYS} days (UTC)`,
        noticesPerDay,
        {
          id: 'notices-chart',
          description: 'One bar per day. The table "Notices per day" gives the same figures.',
        },
      ),
      outcomes,
      outcomesChart: categoryChartSvg(
        'Items of notices received this month, by outcome',
        outcomes.categories.map((c) => ({ label: c.label, count: c.month })),
        { id: 'outcomes-chart', description: 'The outcomes table gives the same figures.' },
      ),
      queues: queueRows,
      queuesUnavailable: depths.some((d) => d.counts === null),
      queuesChart: categoryChartSvg(
        'Jobs per queue and state',
        depths.flatMap(({ queue, counts }) =>
          counts
            ? QUEUE_STATES.map((state) => ({ label: `${queue}: ${state}`, count: counts[state] }))
            : [],
        ),
        { id: 'queues-chart', description: 'The queue table gives the same figures.' },
      ),
      delivery,
      deadLetters: deliveries.dead ?? 0,
      retrying: deliveries.failed ?? 0,
      deliveryChart: categoryChartSvg(
        'Warning messages by delivery status',
        delivery.map((d) => ({ label: d.status, count: d.count })),
        { id: 'delivery-chart', description: 'The delivery table gives the same figures.' },
      ),
      chart: barChartSvg(`Lease imports per day, last ${CHART_DAYS} days (UTC)`, perDay, {
        id: 'imports-chart',
        description: 'One bar per day. The table "Imports per day" gives the same figures.',
      }),
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
