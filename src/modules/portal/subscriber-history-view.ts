import type { HistoryRow } from '../search/subscriber-history.repository';

export interface HistoryStep {
  at: Date;
  iso: string;
  kind: string;
  text: string;
  href: string | null;
  linkText: string | null;
}

const ITEM_STATUS: Record<string, string> = {
  forwarded: 'forwarded as a warning',
  attributed: 'matched, waiting for the warning',
  accepted: 'accepted, waiting to be matched',
  not_forwarded: 'not forwarded',
  refused: 'refused',
  duplicate: 'a repeat of an earlier item',
  held: 'held',
  queued: 'waiting behind the sender’s quota',
};

const MESSAGE_STATUS: Record<string, string> = {
  pending: 'waiting in the outbox',
  queued: 'handed to the mail queue',
  sending: 'being sent',
  sent: 'accepted by the mail server',
  failed: 'failed; it will be tried again',
  dead: 'given up (dead letter)',
  cancelled: 'cancelled',
};

const GROUNDS: Record<string, string> = {
  wrong_account: 'not their connection',
  unauthorised_use: 'someone else used the connection',
  licence: 'they hold a licence',
  fair_dealing: 'fair dealing or fair use',
  other: 'other grounds',
};

const KIND_NAMES: Record<string, string> = {
  item: 'Notice',
  strike: 'Strike',
  strike_withdrawn: 'Strike',
  message: 'Message',
  challenge: 'Challenge',
  challenge_decided: 'Challenge',
  escalation: 'Escalation',
  escalation_decided: 'Escalation',
};

// A subscriber's history in words, each step linking to the object it concerns.
export function historySteps(rows: HistoryRow[]): HistoryStep[] {
  const row = (p: number | null) => `row ${(p ?? 0) + 1}`;
  const short = (id: string) => id.slice(0, 8);
  return rows.map((r) => {
    const step = (text: string, href: string | null, linkText: string | null) => ({
      at: r.at,
      iso: r.at.toISOString(),
      kind: KIND_NAMES[r.kind] ?? r.kind,
      text,
      href,
      linkText,
    });
    const timeline = r.noticeReference
      ? `/portal/desk/notices/${encodeURIComponent(r.noticeReference)}/timeline`
      : null;
    switch (r.kind) {
      case 'item':
        return step(
          `${r.noticeReference}, ${row(r.position)}${r.detail ? ` (${r.detail})` : ''}: ${ITEM_STATUS[r.label ?? ''] ?? r.label ?? ''}`,
          timeline,
          'Case timeline',
        );
      case 'strike':
        return step(
          `Strike counted at stage ${r.label} for notice ${r.noticeReference}, ${row(r.position)}`,
          timeline,
          'Case timeline',
        );
      case 'strike_withdrawn':
        return step(
          `Strike for notice ${r.noticeReference}, ${row(r.position)} withdrawn`,
          timeline,
          'Case timeline',
        );
      case 'message':
        return step(
          `${short(r.ref)} (${r.detail ?? 'message'}): ${MESSAGE_STATUS[r.label ?? ''] ?? r.label ?? ''}`,
          `/portal/desk/messages/${r.ref}`,
          'Message as sent',
        );
      case 'challenge':
        return step(
          `The subscriber challenged a warning: ${GROUNDS[r.label ?? ''] ?? 'other grounds'}`,
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'challenge_decided':
        return step(
          `Challenge ${r.label === 'upheld' ? 'upheld: the warning’s strikes were withdrawn' : 'rejected: the strikes keep counting'}`,
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'escalation':
        return step(
          `Escalation proposed: ${r.label} at stage ${r.detail}`,
          `/portal/desk/escalations/${r.ref}`,
          'Proposal',
        );
      case 'escalation_decided':
        return step(
          `Escalation (${r.detail}) ${r.label}`,
          `/portal/desk/escalations/${r.ref}`,
          'Proposal',
        );
    }
  });
}
