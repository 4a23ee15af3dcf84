import type { HistoryRow } from '../search/subscriber-history.repository';
import { worded, Worded } from './timeline-view';

// A step of the history: a catalogue phrase with parts ({{tWith phrase params}}), so the page
// writes it in its own language; `text` is the English sentence.
export interface HistoryStep extends Worded {
  at: Date;
  iso: string;
  kind: string;
  href: string | null;
  linkText: string | null;
}

const ACTIONS: Record<string, string> = {
  suspension: 'suspension',
  termination: 'termination',
};

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

interface Said {
  said: Worded;
  href: string | null;
  linkText: string | null;
}

const row = (p: number | null) => String((p ?? 0) + 1);

// Steps about a notice's row: the item itself, a strike it caused, the strike withdrawn.
function noticeStep(r: HistoryRow): Said {
  const href = r.noticeReference
    ? `/portal/desk/notices/${encodeURIComponent(r.noticeReference)}/timeline`
    : null;
  const notice = r.noticeReference ?? '';
  const n = row(r.position);
  const at = (said: Worded): Said => ({ said, href, linkText: 'Case timeline' });
  if (r.kind === 'strike') {
    const stage = r.label ?? '';
    return at(
      worded('Strike counted at stage {stage} for notice {notice}, row {n}', { stage, notice, n }),
    );
  }
  if (r.kind === 'strike_withdrawn') {
    return at(worded('Strike for notice {notice}, row {n} withdrawn', { notice, n }));
  }
  const status = ITEM_STATUS[r.label ?? ''] ?? r.label ?? '';
  return at(
    r.detail
      ? worded('{notice}, row {n} ({title}): {status}', { notice, n, title: r.detail, status })
      : worded('{notice}, row {n}: {status}', { notice, n, status }),
  );
}

// Steps about a message: the message, a challenge of it, an escalation proposal.
function messageStep(r: HistoryRow): Said {
  const challenge = (said: Worded): Said => ({
    said,
    href: `/portal/desk/challenges/${r.ref}`,
    linkText: 'Challenge',
  });
  const proposal = (said: Worded): Said => ({
    said,
    href: `/portal/desk/escalations/${r.ref}`,
    linkText: 'Proposal',
  });
  switch (r.kind) {
    case 'challenge':
      return challenge(
        worded('The subscriber challenged a warning: {grounds}', {
          grounds: GROUNDS[r.label ?? ''] ?? 'other grounds',
        }),
      );
    case 'challenge_decided':
      return challenge(
        worded(
          r.label === 'upheld'
            ? 'Challenge upheld: the warning’s strikes were withdrawn'
            : 'Challenge rejected: the strikes keep counting',
        ),
      );
    case 'escalation':
      return proposal(
        worded('Escalation proposed: {action} at stage {stage}', {
          action: ACTIONS[r.label ?? ''] ?? r.label ?? '',
          stage: r.detail ?? '',
        }),
      );
    case 'escalation_decided': {
      const action = ACTIONS[r.detail ?? ''] ?? r.detail ?? '';
      if (r.label === 'approved')
        return proposal(worded('Escalation ({action}) approved', { action }));
      if (r.label === 'declined')
        return proposal(worded('Escalation ({action}) declined', { action }));
      return proposal(worded('Escalation ({action}) {status}', { action, status: r.label ?? '' }));
    }
    default:
      return {
        said: worded('{message} ({what}): {status}', {
          message: r.ref.slice(0, 8),
          what: r.detail ?? 'message',
          status: MESSAGE_STATUS[r.label ?? ''] ?? r.label ?? '',
        }),
        href: `/portal/desk/messages/${r.ref}`,
        linkText: 'Message as sent',
      };
  }
}

const NOTICE_KINDS = new Set(['item', 'strike', 'strike_withdrawn']);

// A subscriber's history in words, each step linking to the object it concerns.
export function historySteps(rows: HistoryRow[]): HistoryStep[] {
  return rows.map((r) => {
    const { said, href, linkText } = NOTICE_KINDS.has(r.kind) ? noticeStep(r) : messageStep(r);
    return {
      at: r.at,
      iso: r.at.toISOString(),
      kind: KIND_NAMES[r.kind] ?? r.kind,
      ...said,
      href,
      linkText,
    };
  });
}
