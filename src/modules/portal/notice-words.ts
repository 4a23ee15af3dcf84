import { formatUtc } from './portal-view.service';

// Item states and reason codes in words for the notice pages (SN-2: forwarded or why not,
// never who). Codes stay visible beside the words, so counsel can quote them.

export const RULE_TITLES: Record<string, string> = {
  sender_accredited: 'the sender must be accredited',
  owner_represented: 'the sender must be registered as acting for the owner',
  required_elements: 'claimant, work, address, port, type and time must all be given',
  timestamp_zone: 'the time must be to the second with an explicit zone',
  p2p_evidence: 'only peer-to-peer sharing exposes a downloader’s address',
  not_p2p: 'not a peer-to-peer notice: write to the hosting provider of the content',
  malformed_xml: 'one report in the message could not be read',
  awaiting_confirmation: 'read from plain text; the abuse desk confirms it first',
  sender_unauthenticated: 'the mail’s sender could not be authenticated (DKIM, SPF, DMARC)',
  address_space: 'the address must be in this ISP’s address space',
  retention: 'the time must be inside the log retention period',
  cgnat_port: 'a shared (CGNAT) address needs its source port',
  settlement_demand: 'notices demanding settlement or personal information',
  no_items: 'the notice listed no items',
  no_valid_items: 'no item of the notice passed the checks',
  rejected_by_desk: 'the abuse desk rejected it',
};

export const ITEM_STATUS_LABELS: Record<string, string> = {
  accepted: 'Accepted',
  queued: 'Queued',
  held: 'Waiting for the desk',
  refused: 'Refused',
  duplicate: 'Duplicate',
  attributed: 'Matched',
  forwarded: 'Forwarded',
  not_forwarded: 'Not forwarded',
};

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  quarantined: 'Quarantined (unknown sender)',
  received: 'Received',
  accepted: 'Accepted',
  refused: 'Refused',
  rejected: 'Rejected by the desk',
};

export interface ItemOutcomeInput {
  status: string;
  reasonCode: string | null;
  reason: string | null;
  expectedAt: string | null;
  forwardedAt: string | null;
}

export interface ItemOutcome {
  label: string;
  // One sentence for the sender: what happened and, if it stopped, why.
  explanation: string;
  // Forwarded or not yet decided: shown without the warning style.
  tone: 'ok' | 'pending' | 'stopped';
}

export function itemOutcome(i: ItemOutcomeInput): ItemOutcome {
  const label = ITEM_STATUS_LABELS[i.status] ?? i.status;
  const why = i.reason ?? (i.reasonCode ? (RULE_TITLES[i.reasonCode] ?? i.reasonCode) : null);
  switch (i.status) {
    case 'accepted':
      return { label, tone: 'pending', explanation: 'Accepted; being matched against our logs.' };
    case 'held':
      return {
        label,
        tone: 'pending',
        explanation: 'Read from plain text; the abuse desk confirms it before anything is sent.',
      };
    case 'queued':
      return {
        label,
        tone: 'pending',
        explanation: `Queued behind your organisation’s hourly quota, not dropped; expected to proceed by ${formatUtc(i.expectedAt)}.`,
      };
    case 'refused': {
      const rule = i.reasonCode ? (RULE_TITLES[i.reasonCode] ?? i.reasonCode) : 'a check';
      return {
        label,
        tone: 'stopped',
        explanation: `Refused by the rule “${rule}”${i.reason ? `: ${i.reason}` : '.'}`,
      };
    }
    case 'duplicate':
      return {
        label,
        tone: 'stopped',
        explanation: `Duplicate: ${why ?? 'received before'}; the first one is processed.`,
      };
    case 'attributed':
      return {
        label,
        tone: 'pending',
        explanation: 'Matched to one account; the warning is being sent.',
      };
    case 'forwarded':
      return {
        label,
        tone: 'ok',
        explanation: `Forwarded to the subscriber at ${formatUtc(i.forwardedAt)}.`,
      };
    case 'not_forwarded':
      return {
        label,
        tone: 'stopped',
        explanation: `Not forwarded: ${why ?? 'no reason recorded'}.`,
      };
    default:
      return { label, tone: 'pending', explanation: why ?? '' };
  }
}

// Outcomes first, then work in progress, then what stopped at intake.
const COUNT_ORDER = [
  'forwarded',
  'not_forwarded',
  'attributed',
  'accepted',
  'queued',
  'held',
  'refused',
  'duplicate',
];

// "2 forwarded, 1 refused" from a notice's item counts, in a stable order.
export function itemCountsInWords(counts: Record<string, number>): string {
  const order = COUNT_ORDER;
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([s, n]) => `${n} ${(ITEM_STATUS_LABELS[s] ?? s).toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'no items';
}

export function refusalInWords(code: string | null, reason?: string | null): string | null {
  if (code === null) return null;
  const rule = RULE_TITLES[code] ?? code;
  return reason ? `${rule}: ${reason}` : rule;
}
