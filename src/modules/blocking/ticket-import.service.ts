import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode } from './blocking.errors';
import { BlockingOrdersRepository } from './blocking-orders.repository';
import { BlockingTargetsRepository, NewTarget } from './blocking-targets.repository';
import { BlockingTicketsRepository } from './blocking-tickets.repository';
import { OrderRow, TicketRow } from './blocking.types';
import { ProtectedIndex } from './protected-index';
import { actorName } from './protected-list.service';
import { TargetScreeningService } from './target-screening.service';
import { ParsedValue, parseTargetValue } from './target-values';

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
    private readonly tickets: BlockingTicketsRepository,
    private readonly orders: BlockingOrdersRepository,
    private readonly targets: BlockingTargetsRepository,
    private readonly audit: AuditRepository,
    private readonly screening: TargetScreeningService,
    private readonly clock: Clock,
  ) {}

  async import(actor: AuditActor, ticket: Ticket): Promise<TicketReport> {
    const receivedAt = this.clock.now();
    validate(ticket);
    if (await this.tickets.ticketExists(ticket.ticketId)) {
      throw new BlockingError(
        BlockingErrorCode.TicketDuplicate,
        'conflict',
        `Ticket ${ticket.ticketId} was already imported`,
      );
    }
    const reportedAt = ticket.reportedAt ? new Date(ticket.reportedAt) : receivedAt;
    const order = ticket.order ? await this.orders.findOrderByReference(ticket.order) : null;
    const index = await this.screening.index();
    const active = await this.targets.activeTargetsAt(receivedAt);
    const answered = answerItems({
      ticket,
      order,
      index,
      blocked: new Set(active.map((a) => a.value)),
      receivedAt,
      reportedAt,
    });
    return this.tickets.transaction((em) =>
      this.record(em, actor, ticket, order, answered, { reportedAt, receivedAt }),
    );
  }

  list(): Promise<TicketRow[]> {
    return this.tickets.listTickets();
  }

  // Stores the new targets and the ticket with its answers, audited; a target already recorded
  // under the order (though not active now) is answered as already blocked.
  private async record(
    em: EntityManager,
    actor: AuditActor,
    ticket: Ticket,
    order: OrderRow | null,
    answered: AnsweredItems,
    times: { reportedAt: Date; receivedAt: Date },
  ): Promise<TicketReport> {
    const { items } = answered;
    const inserted = await this.targets.insertTargets(em, answered.targets);
    markAlreadyRecorded(items, new Set(inserted.map((r) => r.value)));
    const processedAt = this.clock.now();
    const id = await this.tickets.insertTicket(em, {
      ticketId: ticket.ticketId,
      reporter: ticket.reporter,
      orderId: order?.id ?? null,
      reportedAt: times.reportedAt,
      receivedAt: times.receivedAt,
      processedAt,
      items,
      importedBy: actorName(actor),
    });
    await this.targets.linkToTicket(
      em,
      id,
      inserted.map((r) => r.id),
    );
    const elapsedSeconds = Math.round((processedAt.getTime() - times.reportedAt.getTime()) / 1000);
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
      reportedAt: times.reportedAt.toISOString(),
      receivedAt: times.receivedAt.toISOString(),
      processedAt: processedAt.toISOString(),
      elapsedSeconds,
      withinThirtyMinutes: elapsedSeconds <= TICKET_DEADLINE_SECONDS,
      items,
    };
  }
}

// What a ticket's items are answered against: the order it names, the protected list and
// what is blocked at receipt.
interface TicketContext {
  ticket: Ticket;
  order: OrderRow | null;
  index: ProtectedIndex;
  blocked: ReadonlySet<string>;
  receivedAt: Date;
  reportedAt: Date;
}

interface AnsweredItems {
  items: TicketItemResult[];
  targets: NewTarget[];
}

type ItemKind = TicketItemResult['kind'];
type Answer = Pick<TicketItemResult, 'outcome' | 'reason' | 'detail'>;

const unprocessed = (reason: TicketReason, detail: string | null): Answer => ({
  outcome: 'unprocessed',
  reason,
  detail,
});

// The ticket's values in its order: FQDNs, then IPv4, then IPv6 addresses.
function ticketItems(t: Ticket): Array<[ItemKind, string]> {
  const of = (kind: ItemKind, values: string[] | undefined) =>
    (values ?? []).map((v): [ItemKind, string] => [kind, v]);
  return [...of('fqdn', t.fqdns), ...of('ipv4', t.ipv4), ...of('ipv6', t.ipv6)];
}

// Each item answered in turn (pure); a processed one becomes a target under the order.
export function answerItems(ctx: TicketContext): AnsweredItems {
  const usable = usableOrder(ctx.order, ctx.receivedAt);
  const items: TicketItemResult[] = [];
  const targets: NewTarget[] = [];
  const seen = new Set<string>();
  for (const [kind, value] of ticketItems(ctx.ticket)) {
    const parsed = parseTargetValue(value);
    const answer =
      'error' in parsed
        ? unprocessed('refused', parsed.error)
        : answerItem(kind, parsed, usable, ctx, seen);
    items.push({ kind, value, ...answer });
    if (answer.outcome === 'processed' && usable && !('error' in parsed)) {
      seen.add(parsed.value);
      targets.push(ticketTarget(usable, parsed, ctx));
    }
  }
  return { items, targets };
}

function answerItem(
  kind: ItemKind,
  parsed: ParsedValue,
  order: OrderRow | null,
  ctx: TicketContext,
  seen: ReadonlySet<string>,
): Answer {
  if (
    (kind === 'fqdn') !== (parsed.kind === 'fqdn') ||
    (kind === 'ipv4' && parsed.kind !== 'fqdn' && parsed.family !== 4) ||
    (kind === 'ipv6' && parsed.kind !== 'fqdn' && parsed.family !== 6)
  ) {
    return unprocessed('refused', `not an ${kind === 'fqdn' ? 'FQDN' : kind.toUpperCase()} value`);
  }
  if (!order) {
    return unprocessed('no_order', noOrderDetail(ctx.ticket.order, ctx.order, ctx.receivedAt));
  }
  if (parsed.kind !== 'fqdn' && !order.measures.includes('ip')) {
    return unprocessed('refused', `order ${order.reference} does not order IP blocking`);
  }
  const check = ctx.index.check(parsed);
  if (!check.ok) {
    return unprocessed(check.reason === 'protected' ? 'protected' : 'refused', check.detail);
  }
  if (ctx.blocked.has(parsed.value) || seen.has(parsed.value)) {
    return unprocessed('already_blocked', null);
  }
  return { outcome: 'processed', reason: null, detail: null };
}

// An order takes tickets when confirmed, in force, and open to an authority's requests.
function usableOrder(order: OrderRow | null, at: Date): OrderRow | null {
  return order &&
    order.status === 'confirmed' &&
    order.updateBasis !== 'court_order' &&
    order.endsAt > at
    ? order
    : null;
}

function ticketTarget(order: OrderRow, parsed: ParsedValue, ctx: TicketContext): NewTarget {
  const w = ctx.ticket.eventWindow;
  return {
    orderId: order.id,
    kind: parsed.kind,
    value: parsed.value,
    source: 'ticket',
    status: 'active',
    windowStartsAt: w ? new Date(w.startsAt) : null,
    windowEndsAt: w ? new Date(w.endsAt) : null,
    effectiveFrom: ctx.receivedAt,
    implementBy: new Date(ctx.reportedAt.getTime() + TICKET_DEADLINE_SECONDS * 1000),
  };
}

// A processed item whose target the insert skipped was already recorded under the order.
function markAlreadyRecorded(items: TicketItemResult[], insertedValues: ReadonlySet<string>): void {
  for (const item of items) {
    if (item.outcome === 'processed' && !insertedValues.has(parseValue(item.value))) {
      item.outcome = 'unprocessed';
      item.reason = 'already_blocked';
      item.detail = 'already recorded under the order';
    }
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
  if (order.updateBasis === 'court_order')
    return `order ${reference} allows updates by a new court order only`;
  if (order.endsAt <= at) return `order ${reference} ended ${order.endsAt.toISOString()}`;
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
