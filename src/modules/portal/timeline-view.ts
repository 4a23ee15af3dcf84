import type { TimelineRow } from '../search/case-timeline.repository';
import { formatUtc } from './portal-view.service';
import { RULE_TITLES } from './notice-words';

export interface TimelineStep {
  at: Date;
  iso: string;
  text: string;
  href: string | null;
  linkText: string | null;
  // The subscriber's history page, on steps that name a pseudonymous reference.
  subscriberHref?: string;
  subscriberRef?: string;
}

const CHANNELS: Record<string, string> = {
  api: 'through the API',
  email: 'by e-mail',
  portal: 'through the portal form',
};

const ATTRIBUTION: Record<string, string> = {
  unique: 'matched one subscriber',
  ambiguous: 'could not be matched to one subscriber (ambiguous)',
  no_lease: 'matched no lease record',
  needs_port: 'needs a port to be matched (shared address)',
  out_of_retention: 'is older than the lease records we keep',
  not_our_address: 'is not one of our addresses',
};

const DISCLOSURE_KINDS: Record<string, string> = {
  us_subpoena: 'US subpoena',
  us_court_order: 'US court order',
  us_512h_subpoena: 'US DMCA §512(h) subpoena',
  ca_norwich_order: 'Canadian Norwich order',
  fr_arcom_identification: 'Arcom identification request (France)',
  subscriber_consent: 'request with the subscriber’s consent',
  other: 'other order',
};

const GROUNDS: Record<string, string> = {
  wrong_account: 'not their connection',
  unauthorised_use: 'someone else used the connection',
  licence: 'they hold a licence',
  fair_dealing: 'fair dealing or fair use',
  other: 'other grounds',
};

// A notice's steps in words, each linking to the object it concerns where the desk can open
// it. `reference` is the notice's; item anchors are those of the desk notice page.
export function timelineSteps(reference: string, rows: TimelineRow[]): TimelineStep[] {
  const notice = `/portal/desk/notices/${reference}`;
  const item = (p: number | null) => `Row ${(p ?? 0) + 1}`;
  const itemHref = (p: number | null) => `${notice}#item-${(p ?? 0) + 1}-h`;
  const messages = `${notice}#messages-h`;
  const short = (id: string | null) => (id ? id.slice(0, 8) : '');
  return rows.map((r): TimelineStep => {
    const step = (text: string, href: string | null = null, linkText: string | null = null) => ({
      at: r.at,
      iso: r.at.toISOString(),
      text,
      href,
      linkText,
    });
    switch (r.kind) {
      case 'received':
        return step(`Notice received ${CHANNELS[r.label ?? ''] ?? ''}`.trim(), notice, 'Notice');
      case 'notice_refused':
        return step(
          `Notice refused: ${RULE_TITLES[r.label ?? ''] ?? 'it failed a validation check'}`,
          `${notice}#checks-h`,
          'Checks',
        );
      case 'item_accepted':
        return step(
          `${item(r.position)} accepted by the checks`,
          itemHref(r.position),
          item(r.position),
        );
      case 'item_refused':
        return step(
          `${item(r.position)} refused: ${RULE_TITLES[r.label ?? ''] ?? 'it failed a check'}`,
          itemHref(r.position),
          item(r.position),
        );
      case 'item_duplicate':
        return step(
          `${item(r.position)} repeats an earlier item`,
          itemHref(r.position),
          item(r.position),
        );
      case 'item_queued':
        return step(
          `${item(r.position)} waits behind the sender’s hourly quota; it proceeds at ${formatUtc(r.at)}`,
          itemHref(r.position),
          item(r.position),
        );
      case 'attributed': {
        const s = step(
          `${item(r.position)} ${ATTRIBUTION[r.label ?? ''] ?? 'was looked up'}${r.detail ? ` (${r.detail})` : ''}; evidence on the notice page`,
          itemHref(r.position),
          `Evidence for ${item(r.position).toLowerCase()}`,
        );
        return r.detail && /^SUB-/.test(r.detail)
          ? {
              ...s,
              subscriberRef: r.detail,
              subscriberHref: `/portal/desk/subscribers/${encodeURIComponent(r.detail)}`,
            }
          : s;
      }
      case 'forwarded':
        return step(
          `${item(r.position)} forwarded to the subscriber`,
          itemHref(r.position),
          item(r.position),
        );
      case 'message_composed':
        return step(
          `Warning ${short(r.ref)} composed${r.label ? ` (stage ${r.label})` : ''}`,
          messages,
          'Messages',
        );
      case 'message_queued':
        return step(`Warning ${short(r.ref)} handed to the mail queue`, messages, 'Messages');
      case 'message_sent':
        return step(
          `Warning ${short(r.ref)} accepted by the mail server${r.detail ? ` (SMTP id ${r.detail})` : ''}`,
          r.ref ? `/portal/desk/messages/${r.ref}` : messages,
          r.ref ? 'Message as sent' : 'Messages',
        );
      case 'message_failed':
        return step(
          `Warning ${short(r.ref)} failed after ${r.label} attempt(s); it will be tried again`,
          '/portal/desk/deliveries?status=failed',
          'Deliveries',
        );
      case 'message_dead':
        return step(
          `Warning ${short(r.ref)} gave up after ${r.label} attempt(s) (dead letter)`,
          '/portal/desk/dead-letters',
          'Dead letters',
        );
      case 'strike':
        return step(
          `Strike counted for ${item(r.position).toLowerCase()} (stage ${r.label})`,
          itemHref(r.position),
          item(r.position),
        );
      case 'strike_withdrawn':
        return step(
          `Strike for ${item(r.position).toLowerCase()} withdrawn`,
          itemHref(r.position),
          item(r.position),
        );
      case 'challenge':
        return step(
          `The subscriber challenged the warning: ${GROUNDS[r.label ?? ''] ?? 'other grounds'}`,
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'challenge_decided':
        return step(
          `Challenge ${r.label === 'upheld' ? 'upheld: strikes withdrawn' : 'rejected'}`,
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'escalation':
        return step(
          `${r.label === 'termination' ? 'Termination' : 'Suspension'} proposed after ${r.detail} strike(s)`,
          `/portal/desk/escalations/${r.ref}`,
          'Escalation',
        );
      case 'escalation_decided':
        return step(
          `${r.detail === 'termination' ? 'Termination' : 'Suspension'} ${r.label === 'approved' ? 'approved' : 'declined'}`,
          `/portal/desk/escalations/${r.ref}`,
          'Escalation',
        );
      case 'disclosure_requested':
        return step(
          `Disclosure requested: ${DISCLOSURE_KINDS[r.label ?? ''] ?? 'order'} ${r.ref ?? ''} (legal staff handle it)`.trim(),
        );
      case 'disclosure_step':
        return step(`Disclosure request ${r.ref ?? ''}: ${(r.label ?? '').replace(/_/g, ' ')}`);
      default:
        return step(`Recorded: ${(r.label ?? r.kind).replace(/[._]/g, ' ')}`);
    }
  });
}

// What happens next and when, in words (issue #19: "warning scheduled for 14:00 UTC").
export function nextSteps(
  items: Array<{
    position: number;
    status: string;
    attributedAt: string | null;
    expectedAt: string | null;
  }>,
  digestWindowSeconds: number,
  now: Date,
): string[] {
  const out: string[] = [];
  const hours = digestWindowSeconds / 3600;
  const window =
    digestWindowSeconds % 3600 === 0
      ? hours === 1
        ? 'hourly digest'
        : `${hours}-hour digest`
      : `${Math.round(digestWindowSeconds / 60)}-minute digest`;
  for (const i of items) {
    const row = `Row ${i.position + 1}`;
    if (i.status === 'attributed' && i.attributedAt) {
      const due = new Date(Date.parse(i.attributedAt) + digestWindowSeconds * 1000);
      out.push(
        due > now
          ? `${row}: warning scheduled for ${formatUtc(due)} (${window})`
          : `${row}: warning due since ${formatUtc(due)} (${window}); it goes with the next digest run`,
      );
    } else if (i.status === 'queued') {
      out.push(
        i.expectedAt
          ? `${row}: waits behind the sender’s hourly quota until ${formatUtc(i.expectedAt)}`
          : `${row}: waits behind the sender’s hourly quota`,
      );
    } else if (i.status === 'accepted') {
      out.push(`${row}: waiting to be matched to a subscriber (usually within a minute)`);
    }
  }
  return out;
}
