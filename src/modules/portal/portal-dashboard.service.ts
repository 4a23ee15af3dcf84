import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Role } from '../../common/roles';
import { ApiKeyService } from '../auth/api-key.service';
import { Principal } from '../auth/principal';
import { DisclosureQueryService, QueueEntry } from '../disclosure/disclosure-query.service';
import { AuditRepository } from '../identity/audit.repository';
import { SenderQualityDto } from '../intake/dto/desk-notice.dto';
import { NoticeQueryService } from '../intake/notice-query.service';
import { LeasesRepository } from '../leases/leases.repository';
import { MessagingDeskService } from '../messaging/messaging-desk.service';
import { barChartSvg, categoryChartSvg, fillDays } from './charts';
import { KIND_LABELS } from '../disclosure/disclosure-words';
import { statusLabel, URGENCY_LABELS } from './presenters/disclosure.presenter';
import { summariseCounselOutcomes } from './counsel-outcomes';
import { itemCountsInWords, NOTICE_STATUS_LABELS, RULE_TITLES } from './notice-words';
import { DELIVERY_STATUSES, summariseOutcomes } from './desk-outcomes';
import { PortalStatsRepository } from './portal-stats.repository';
import { QUEUE_STATES, QueueDepthService } from './queue-depths.service';

const DAY_MS = 86_400_000;

// A state's column heading (a phone shows it beside each count).
const QUEUE_STATE_LABELS: Record<(typeof QUEUE_STATES)[number], string> = {
  waiting: 'Waiting',
  active: 'Active',
  delayed: 'Delayed',
  failed: 'Failed',
};

function utcDayStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export const CHART_DAYS = 14;
// How many recent notices counsel sees, and how many senders legal sees by worst quality.
export const RECENT_NOTICES = 5;
export const WORST_SENDERS = 5;
// Open disclosure requests listed on the legal dashboard (every overdue or due-soon one too).
export const QUEUE_PREVIEW = 10;

const percent = (rate: number | null) =>
  rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toLocaleString('en-GB')} %`;

// VA-6: senders with at least one item, the one with the highest of its three rates first
// (then the larger sender), so a sender bad in any one respect stands out.
export function worstSenders(rows: SenderQualityDto[], limit: number): SenderQualityDto[] {
  const worst = (q: SenderQualityDto) =>
    Math.max(q.invalidRate ?? 0, q.unmatchedRate ?? 0, q.challengedRate ?? 0);
  return rows
    .filter((q) => q.items > 0)
    .sort(
      (a, b) =>
        worst(b) - worst(a) ||
        b.items - a.items ||
        a.organisationName.localeCompare(b.organisationName),
    )
    .slice(0, limit);
}

// The review queue's head for the legal dashboard: the overdue and due-soon requests
// always, and at least QUEUE_PREVIEW requests in deadline order.
// `queue` is the review queue, earliest deadline first (overdue and due-soon requests lead it);
// it is capped, so the number of open requests comes apart (`openTotal`).
export function disclosureSummary(queue: QueueEntry[], openTotal = queue.length) {
  const overdue = queue.filter((e) => e.urgency === 'overdue').length;
  const dueSoon = queue.filter((e) => e.urgency === 'near_due').length;
  const shown = queue.slice(0, Math.max(QUEUE_PREVIEW, overdue + dueSoon));
  const open = Math.max(openTotal, queue.length);
  return {
    open,
    overdue,
    dueSoon,
    more: open - shown.length,
    requests: shown.map(({ request: r, urgency }) => ({
      id: r.id,
      reference: r.reference,
      respondBy: r.respond_by,
      urgency,
      urgencyLabel: URGENCY_LABELS[urgency],
      kindLabel: KIND_LABELS[r.kind] ?? r.kind,
      statusLabel: statusLabel(r.status),
    })),
  };
}

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
    private readonly notices: NoticeQueryService,
    private readonly disclosure: DisclosureQueryService,
  ) {}

  // Each role's sections (an admin's include the desk's); the union is what the page reads.
  async forPrincipal(principal: Principal, now = new Date()) {
    switch (principal.role) {
      case Role.Complainant:
        return this.counsel(principal, now);
      case Role.AbuseDesk:
        return { desk: await this.desk(now) };
      case Role.Legal:
        return { legal: await this.legal() };
      case Role.Admin:
        return { admin: await this.admin(), desk: await this.desk(now) };
      case Role.Resolver:
        return {};
    }
  }

  // Counsel sees its own organisation's notices only: outcomes and references, never who.
  private async counsel(principal: Principal, now: Date) {
    const orgId = principal.organisationId;
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const [org, keys, month, recent] = await Promise.all([
      orgId ? this.accounts.getOrganisation(orgId) : null,
      this.apiKeys.list(principal),
      orgId ? this.stats.senderMonth(orgId, monthStart) : null,
      orgId ? this.notices.listForSender(orgId, { pageSize: RECENT_NOTICES }) : null,
    ]);
    return {
      counsel: {
        organisation: org && { name: org.name, accreditation: org.accreditation },
        activeKeys: keys.filter((k) => !k.revokedAt).length,
        month: month && {
          notices: month.notices,
          outcomes: summariseCounselOutcomes(month.items, (code) => RULE_TITLES[code] ?? code),
        },
        recent: recent && {
          total: recent.total,
          notices: recent.notices.map((n) => ({
            reference: n.reference,
            receivedAt: n.receivedAt,
            status: NOTICE_STATUS_LABELS[n.status] ?? n.status,
            items: itemCountsInWords(n.itemCounts),
          })),
        },
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
      states: QUEUE_STATES.map((state) => ({
        state,
        label: QUEUE_STATE_LABELS[state],
        count: d.counts?.[state] ?? null,
      })),
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
    const [verification, recent, queue, open, quality] = await Promise.all([
      this.audit.verify(),
      this.audit.list({ limit: 5 }),
      this.disclosure.queue(),
      this.disclosure.openCount(),
      this.notices.senderQuality(),
    ]);
    return {
      verification,
      recent,
      disclosure: disclosureSummary(queue, open),
      senders: worstSenders(quality, WORST_SENDERS).map((q) => ({
        organisationId: q.organisationId,
        name: q.organisationName,
        accreditation: q.accreditation,
        items: q.items,
        invalidRate: percent(q.invalidRate),
        unmatchedRate: percent(q.unmatchedRate),
        challengedRate: percent(q.challengedRate),
      })),
    };
  }

  private async admin() {
    const [, organisations] = await this.accounts.listOrganisations(0, 1);
    const [, users] = await this.accounts.listUsers(0, 1);
    return { organisations, users };
  }
}
