import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode } from './blocking.errors';
import { BlockingRepository, NewTarget, TicketRow } from './blocking.repository';
import { OrderRow } from './blocking.types';
import { actorName } from './protected-list.service';
import { TargetScreeningService } from './target-screening.service';
import { parseTargetValue } from './target-values';

// Piracy-Shield-style ticket (docs/blocking.md): the reporter's FQDNs and addresses under an
// order whose updates an authority may request, with an optional event window.
export interface Ticket {
  ticketId: string;
  reporter: string;
  order?: string;
  reportedAt?: string;
  fqdns?: string[];
  ipv4?: string[];
  ipv6?: string[];
  eventWindow?: { startsAt: string; endsAt: string };
}

export const TICKET_REASONS = ['already_blocked', 'protected', 'no_order', 'refused'] as const;
export type TicketReason = (typeof TICKET_REASONS)[number];

export interface TicketItemResult {
  kind: 'fqdn' | 'ipv4' | 'ipv6';
  value: string;
  outcome: 'processed' | 'unprocessed';
  reason: TicketReason | null;
  detail: string | null;
}

export interface TicketReport {
  ticketId: string;
  order: string | null;
  reportedAt: string;
  receivedAt: string;
  processedAt: string;
  // From the ticket's report time to its last item answered; the target is 30 minutes.
  elapsedSeconds: number;
  withinThirtyMinutes: boolean;
  items: TicketItemResult[];
}

export const TICKET_DEADLINE_SECONDS = 30 * 60;

// Importing a ticket is legal's decision on it, citing the ticket id as the authority's request
// (BO-2): each item is answered processed, or unprocessed with a reason, and nothing is dropped.
@Injectable()
export class TicketImportService {
  constructor(
    private readonly repo: BlockingRepository,
    private readonly audit: AuditRepository,
    private readonly screening: TargetScreeningService,
    private readonly clock: Clock,
  ) {}

  async import(actor: AuditActor, ticket: Ticket): Promise<TicketReport> {
    const receivedAt = this.clock.now();
    validate(ticket);
    if (await this.repo.ticketExists(ticket.ticketId)) {
      throw new BlockingError(
        BlockingErrorCode.TicketDuplicate,
        'conflict',
        `Ticket ${ticket.ticketId} was already imported`,
      );
    }
    const reportedAt = ticket.reportedAt ? new Date(ticket.reportedAt) : receivedAt;
    const order = ticket.order ? await this.repo.findOrderByReference(ticket.order) : null;
    const orderUsable =
      order &&
      order.status === 'confirmed' &&
      order.update_basis !== 'court_order' &&
      order.ends_at > receivedAt;
    const index = await this.screening.index();
    const items: TicketItemResult[] = [];
    const targets: NewTarget[] = [];
    const seen = new Set<string>();
    const raw: Array<[TicketItemResult['kind'], string]> = [
      ...(ticket.fqdns ?? []).map((v) => ['fqdn', v] as [TicketItemResult['kind'], string]),
      ...(ticket.ipv4 ?? []).map((v) => ['ipv4', v] as [TicketItemResult['kind'], string]),
      ...(ticket.ipv6 ?? []).map((v) => ['ipv6', v] as [TicketItemResult['kind'], string]),
    ];
    const active = await this.repo.activeTargetsAt(receivedAt);
    const blocked = new Set(active.map((a) => a.value));
    for (const [kind, value] of raw) {
      const answer = (
        outcome: TicketItemResult['outcome'],
        reason: TicketReason | null,
        detail: string | null,
      ) => items.push({ kind, value, outcome, reason, detail });
      const parsed = parseTargetValue(value);
      if ('error' in parsed) {
        answer('unprocessed', 'refused', parsed.error);
        continue;
      }
      if (
        (kind === 'fqdn') !== (parsed.kind === 'fqdn') ||
        (kind === 'ipv4' && parsed.kind !== 'fqdn' && parsed.family !== 4) ||
        (kind === 'ipv6' && parsed.kind !== 'fqdn' && parsed.family !== 6)
      ) {
        answer(
          'unprocessed',
          'refused',
          `not an ${kind === 'fqdn' ? 'FQDN' : kind.toUpperCase()} value`,
        );
        continue;
      }
      if (!orderUsable) {
        answer('unprocessed', 'no_order', noOrderDetail(ticket.order, order, receivedAt));
        continue;
      }
      if (parsed.kind !== 'fqdn' && !order.measures.includes('ip')) {
        answer('unprocessed', 'refused', `order ${order.reference} does not order IP blocking`);
        continue;
      }
      const check = index.check(parsed);
      if (!check.ok) {
        answer('unprocessed', check.reason === 'protected' ? 'protected' : 'refused', check.detail);
        continue;
      }
      if (blocked.has(parsed.value) || seen.has(parsed.value)) {
        answer('unprocessed', 'already_blocked', null);
        continue;
      }
      seen.add(parsed.value);
      answer('processed', null, null);
      targets.push({
        orderId: order.id,
        kind: parsed.kind,
        value: parsed.value,
        source: 'ticket',
        status: 'active',
        windowStartsAt: ticket.eventWindow ? new Date(ticket.eventWindow.startsAt) : null,
        windowEndsAt: ticket.eventWindow ? new Date(ticket.eventWindow.endsAt) : null,
        effectiveFrom: receivedAt,
        implementBy: new Date(reportedAt.getTime() + TICKET_DEADLINE_SECONDS * 1000),
      });
    }
    return this.repo.transaction(async (em) => {
      const inserted = await this.repo.insertTargets(em, targets);
      // A target already recorded under the order (though not active now) counts as blocked.
      const insertedValues = new Set(inserted.map((r) => r.value));
      for (const item of items) {
        if (item.outcome === 'processed' && !insertedValues.has(parseValue(item.value))) {
          item.outcome = 'unprocessed';
          item.reason = 'already_blocked';
          item.detail = 'already recorded under the order';
        }
      }
      const processedAt = this.clock.now();
      const id = await this.repo.insertTicket(em, {
        ticketId: ticket.ticketId,
        reporter: ticket.reporter,
        orderId: order?.id ?? null,
        reportedAt,
        receivedAt,
        processedAt,
        items,
        importedBy: actorName(actor),
      });
      await em.query(`UPDATE blocking_targets SET ticket_id = $1 WHERE id = ANY($2::uuid[])`, [
        id,
        inserted.map((r) => (r as { id: string }).id),
      ]);
      const elapsedSeconds = Math.round((processedAt.getTime() - reportedAt.getTime()) / 1000);
      await this.audit.append(em, {
        actor,
        action: 'blocking.ticket_imported',
        subjectType: 'blocking_ticket',
        subjectId: id,
        purpose: `authority request ${ticket.ticketId} from ${ticket.reporter}`,
        details: {
          ticketId: ticket.ticketId,
          processed: items.filter((i) => i.outcome === 'processed').length,
          unprocessed: items.filter((i) => i.outcome === 'unprocessed').length,
          elapsedSeconds,
        },
      });
      return {
        ticketId: ticket.ticketId,
        order: order?.reference ?? null,
        reportedAt: reportedAt.toISOString(),
        receivedAt: receivedAt.toISOString(),
        processedAt: processedAt.toISOString(),
        elapsedSeconds,
        withinThirtyMinutes: elapsedSeconds <= TICKET_DEADLINE_SECONDS,
        items,
      };
    });
  }

  list(): Promise<TicketRow[]> {
    return this.repo.listTickets();
  }
}

function parseValue(v: string): string {
  const p = parseTargetValue(v);
  return 'error' in p ? v : p.value;
}

function noOrderDetail(reference: string | undefined, order: OrderRow | null, at: Date): string {
  if (!reference) return 'the ticket names no order';
  if (!order) return `no order ${reference}`;
  if (order.status !== 'confirmed') return `order ${reference} is ${order.status}`;
  if (order.update_basis === 'court_order')
    return `order ${reference} allows updates by a new court order only`;
  if (order.ends_at <= at) return `order ${reference} ended ${order.ends_at.toISOString()}`;
  return `order ${reference} cannot take this ticket`;
}

function validate(t: Ticket): void {
  const problems: Array<{ field: string; message: string }> = [];
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= 200;
  if (!text(t?.ticketId))
    problems.push({ field: 'ticketId', message: 'a non-empty string is required' });
  if (!text(t?.reporter))
    problems.push({ field: 'reporter', message: 'a non-empty string is required' });
  if (t?.order !== undefined && !text(t.order))
    problems.push({ field: 'order', message: 'must be an order reference' });
  for (const k of ['fqdns', 'ipv4', 'ipv6'] as const) {
    const v = t?.[k];
    if (
      v !== undefined &&
      (!Array.isArray(v) || v.length > 10_000 || !v.every((x) => typeof x === 'string'))
    ) {
      problems.push({ field: k, message: 'must be an array of strings (at most 10,000)' });
    }
  }
  const isDate = (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T.*(Z|[+-]\d\d:?\d\d)$/.test(v);
  if (t?.reportedAt !== undefined && !isDate(t.reportedAt))
    problems.push({ field: 'reportedAt', message: 'must be an ISO 8601 time with a zone' });
  if (t?.eventWindow !== undefined) {
    const w = t.eventWindow;
    if (
      !w ||
      !isDate(w.startsAt) ||
      !isDate(w.endsAt) ||
      Date.parse(w.endsAt) <= Date.parse(w.startsAt)
    ) {
      problems.push({
        field: 'eventWindow',
        message: 'needs startsAt before endsAt, ISO 8601 with a zone',
      });
    }
  }
  if (problems.length === 0 && !(t.fqdns?.length || t.ipv4?.length || t.ipv6?.length)) {
    problems.push({ field: 'fqdns', message: 'the ticket lists no FQDN or address' });
  }
  if (problems.length > 0) {
    throw new BlockingError(
      BlockingErrorCode.TicketInvalid,
      'invalid',
      `Ticket not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
}
