import type { Organisation } from '../../accounts/entities/organisation.entity';
import type { DeskNoticeDto } from '../../intake/dto/desk-notice.dto';
import type { DeliveryRow } from '../../messaging/outbox-desk.repository';
import type { ProposalRow } from '../../messaging/escalation.repository';
import { PORTAL_BASE } from '../navigation';
import { errorSummary, FieldErrors } from '../portal-form';
import { formatUtc } from '../portal-view.service';
import type { BulkConfirmPage, BulkRow } from './page-contexts';

// One bulk action at a time stays reviewable on one page.
export const MAX_BULK = 100;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const REFERENCE = /^[A-Za-z0-9-]{1,64}$/;

export const DEAD_LETTERS = `${PORTAL_BASE}/desk/dead-letters`;
export const QUARANTINE = `${PORTAL_BASE}/desk/quarantine`;
export const ESCALATIONS = `${PORTAL_BASE}/desk/escalations`;
export const BULK = `${PORTAL_BASE}/desk/bulk`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function subscriberHref(reference: string): string {
  return `${PORTAL_BASE}/desk/subscribers/${encodeURIComponent(reference)}`;
}

// Checkboxes with one name arrive as a string (one ticked) or an array; anything not shaped
// like an id is dropped, duplicates once.
export function selected(raw: unknown, shape: RegExp): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.filter((r): r is string => typeof r === 'string' && shape.test(r)))];
}

export function selectionErrors(ids: string[], what: string, field: string): FieldErrors {
  if (ids.length === 0) return { [field]: `Select at least one ${what} in the list` };
  if (ids.length > MAX_BULK) return { [field]: `Select at most ${MAX_BULK} ${what}s at once` };
  return {};
}

// What a confirmation page is made of; the count, errors and summary are added here.
type ConfirmParts = Omit<
  BulkConfirmPage,
  'count' | 'errors' | 'summary' | 'organisations' | 'reasons'
> &
  Partial<Pick<BulkConfirmPage, 'organisations' | 'reasons'>>;

function confirmPage(parts: ConfirmParts, errors: FieldErrors): BulkConfirmPage {
  return {
    organisations: null,
    reasons: null,
    ...parts,
    count: parts.rows.length,
    errors,
    summary: errorSummary(errors),
  };
}

// ---- Dead letters: back to the durable outbox, which hands them to the mail queue again.

export function retryConfirmPage(
  ids: string[],
  messages: Array<DeliveryRow & { subscriberRef: string }>,
  errors: FieldErrors,
): BulkConfirmPage {
  return confirmPage(
    {
      title: 'Confirm: retry dead letters',
      heading: `Retry ${plural(ids.length, 'dead letter', 'dead letters')}?`,
      lead:
        'Each message goes back to the outbox and is sent again. A message parked with “outcome ' +
        'unknown” may already have reached the subscriber: a second copy is marked as a possible ' +
        'duplicate. Messages that are no longer dead letters are listed as not changed.',
      action: `${BULK}/dead-letters`,
      idField: 'ids',
      hidden: [],
      columns: ['Message', 'Subscriber', 'Attempts', 'Dead since', 'Now'],
      rows: messages.map((m) => ({
        key: m.id,
        cells: [
          { label: 'Message', text: `${m.id} (${m.template}, ${m.regime})`, code: true },
          {
            label: 'Subscriber',
            text: m.subscriberRef,
            href: subscriberHref(m.subscriberRef),
          },
          { label: 'Attempts', text: String(m.attempts) },
          { label: 'Dead since', text: formatUtc(m.deadAt) },
          {
            label: 'Now',
            text:
              m.status === 'dead'
                ? m.outcomeUnknown
                  ? 'dead, outcome unknown'
                  : 'dead'
                : m.status,
          },
        ],
      })),
      button: `Retry ${plural(ids.length, 'message', 'messages')}`,
      back: DEAD_LETTERS,
      backLabel: 'Back to the dead letters',
    },
    errors,
  );
}

// ---- Quarantine: accept for one organisation, or reject with a reason.

export function quarantineConfirmPage(
  refs: string[],
  notices: Array<DeskNoticeDto | null>,
  action: 'accept' | 'reject',
  form: { organisationId: string; reason: string },
  orgs: Array<Pick<Organisation, 'id' | 'name'>>,
  errors: FieldErrors,
): BulkConfirmPage {
  const rows: BulkRow[] = refs.map((reference, i) => {
    const n = notices[i];
    return {
      key: reference,
      cells: [
        {
          label: 'Notice',
          text: reference,
          code: true,
          href: `${QUARANTINE}/${encodeURIComponent(reference)}`,
        },
        { label: 'From', text: n?.senderAddress ?? '—' },
        { label: 'Received', text: n ? formatUtc(n.receivedAt) : '—' },
        { label: 'Now', text: n ? n.status : 'no such notice' },
      ],
    };
  });
  const n = refs.length;
  return confirmPage(
    {
      title: `Confirm: ${action} quarantined notices`,
      heading: `${action === 'accept' ? 'Accept' : 'Reject'} ${plural(n, 'quarantined notice', 'quarantined notices')}?`,
      lead:
        action === 'accept'
          ? 'Each notice is assigned to the organisation you choose and checked as if it had just ' +
            'arrived from it: its items are attributed and forwarded like any other notice.'
          : 'Each notice is rejected with the reason below and nothing in it is acted on.',
      action: `${BULK}/quarantine`,
      idField: 'refs',
      hidden: [{ name: 'action', value: action }],
      columns: ['Notice', 'From', 'Received', 'Now'],
      rows,
      button: `${action === 'accept' ? 'Accept' : 'Reject'} ${plural(n, 'notice', 'notices')}`,
      back: QUARANTINE,
      backLabel: 'Back to the quarantine',
      organisations:
        action === 'accept'
          ? orgs.map((o) => ({ id: o.id, name: o.name, selected: o.id === form.organisationId }))
          : null,
      reasons:
        action === 'reject'
          ? {
              name: 'reason',
              label: 'Why are these notices rejected?',
              hint: 'Kept with each notice.',
              value: form.reason,
            }
          : null,
    },
    errors,
  );
}

// ---- Escalation proposals: a named legal person or an admin decides, with reasons (ER-5).

export function escalationConfirmPage(
  ids: string[],
  proposals: Array<ProposalRow | null>,
  decision: 'approved' | 'declined',
  reasons: string,
  errors: FieldErrors,
): BulkConfirmPage {
  const rows: BulkRow[] = ids.map((id, i) => {
    const p = proposals[i];
    return {
      key: id,
      cells: [
        { label: 'Proposal', text: id, code: true, href: `${ESCALATIONS}/${id}` },
        p
          ? { label: 'Subscriber', text: p.subscriberRef, href: subscriberHref(p.subscriberRef) }
          : { label: 'Subscriber', text: '—' },
        { label: 'Action', text: p ? `${p.action} at stage ${p.stage}` : '—' },
        { label: 'Strikes', text: p ? String(p.strikes) : '—' },
        { label: 'Now', text: p ? p.status : 'no such proposal' },
      ],
    };
  });
  const verb = decision === 'approved' ? 'Approve' : 'Decline';
  return confirmPage(
    {
      title: `Confirm: ${verb.toLowerCase()} escalation proposals`,
      heading: `${verb} ${plural(ids.length, 'escalation proposal', 'escalation proposals')}?`,
      lead:
        'Each proposal is decided in your name with the reasons below, as on its own page. ' +
        'Nothing is suspended or terminated by the service itself. Proposals already decided ' +
        'are listed as not changed.',
      action: `${BULK}/escalations`,
      idField: 'ids',
      hidden: [{ name: 'decision', value: decision }],
      columns: ['Proposal', 'Subscriber', 'Action', 'Strikes', 'Now'],
      rows,
      button: `${verb} ${plural(ids.length, 'proposal', 'proposals')}`,
      back: ESCALATIONS,
      backLabel: 'Back to the escalation proposals',
      reasons: {
        name: 'reasons',
        label: 'Your reasons',
        hint: 'Recorded with your name on each proposal.',
        value: reasons,
      },
    },
    errors,
  );
}
