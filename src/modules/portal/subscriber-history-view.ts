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

// A subscriber's history in words, each step linking to the object it concerns.
export function historySteps(rows: HistoryRow[]): HistoryStep[] {
  const row = (p: number | null) => String((p ?? 0) + 1);
  const short = (id: string) => id.slice(0, 8);
  return rows.map((r) => {
    const step = (said: Worded, href: string | null, linkText: string | null) => ({
      at: r.at,
      iso: r.at.toISOString(),
      kind: KIND_NAMES[r.kind] ?? r.kind,
      ...said,
      href,
      linkText,
    });
    const timeline = r.noticeReference
      ? `/portal/desk/notices/${encodeURIComponent(r.noticeReference)}/timeline`
      : null;
    const notice = r.noticeReference ?? '';
    const action = ACTIONS[r.label ?? ''] ?? r.label ?? '';
    switch (r.kind) {
      case 'item': {
        const status = ITEM_STATUS[r.label ?? ''] ?? r.label ?? '';
        const said = r.detail
          ? worded('{notice}, row {n} ({title}): {status}', {
              notice,
              n: row(r.position),
              title: r.detail,
              status,
            })
          : worded('{notice}, row {n}: {status}', { notice, n: row(r.position), status });
        return step(said, timeline, 'Case timeline');
      }
      case 'strike':
        return step(
          worded('Strike counted at stage {stage} for notice {notice}, row {n}', {
            stage: r.label ?? '',
            notice,
            n: row(r.position),
          }),
          timeline,
          'Case timeline',
        );
      case 'strike_withdrawn':
        return step(
          worded('Strike for notice {notice}, row {n} withdrawn', { notice, n: row(r.position) }),
          timeline,
          'Case timeline',
        );
      case 'message':
        return step(
          worded('{message} ({what}): {status}', {
            message: short(r.ref),
            what: r.detail ?? 'message',
            status: MESSAGE_STATUS[r.label ?? ''] ?? r.label ?? '',
          }),
          `/portal/desk/messages/${r.ref}`,
          'Message as sent',
        );
      case 'challenge':
        return step(
          worded('The subscriber challenged a warning: {grounds}', {
            grounds: GROUNDS[r.label ?? ''] ?? 'other grounds',
          }),
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'challenge_decided':
        return step(
          worded(
            r.label === 'upheld'
              ? 'Challenge upheld: the warning’s strikes were withdrawn'
              : 'Challenge rejected: the strikes keep counting',
          ),
          `/portal/desk/challenges/${r.ref}`,
          'Challenge',
        );
      case 'escalation':
        return step(
          worded('Escalation proposed: {action} at stage {stage}', {
            action,
            stage: r.detail ?? '',
          }),
          `/portal/desk/escalations/${r.ref}`,
          'Proposal',
        );
      case 'escalation_decided':
        return step(
          worded(
            r.label === 'approved'
              ? 'Escalation ({action}) approved'
              : r.label === 'declined'
                ? 'Escalation ({action}) declined'
                : 'Escalation ({action}) {status}',
            { action: ACTIONS[r.detail ?? ''] ?? r.detail ?? '', status: r.label ?? '' },
          ),
          `/portal/desk/escalations/${r.ref}`,
          'Proposal',
        );
    }
  });
}
