import type { ChallengeCase, ChallengeService } from '../../messaging/challenges/challenge.service';
import type { ProposalRow } from '../../messaging/escalation.repository';
import type { MessagingDeskService } from '../../messaging/messaging-desk.service';
import type { CaseWork } from '../../search/case-work.repository';
import { PORTAL_BASE } from '../navigation';
import { listPage } from '../pagination';
import { errorSummary, FormPageState } from '../portal-form';

export const CHALLENGES = `${PORTAL_BASE}/desk/challenges`;
export const ESCALATIONS = `${PORTAL_BASE}/desk/escalations`;

export const GROUND_LABELS: Record<string, string> = {
  wrong_account: 'Wrong account: the subscriber was not using this connection',
  unauthorised_use: 'Unauthorised use of the connection by someone else',
  licence: 'The subscriber has a licence for the work',
  fair_dealing: 'Fair dealing / fair use',
  other: 'Other',
};

type ChallengeListRow = Awaited<ReturnType<ChallengeService['page']>>['rows'][number];
type ProposalListRow = Awaited<ReturnType<MessagingDeskService['proposalPage']>>['rows'][number];
export type Queue = 'me' | 'none' | null;

// The challenges, open first: all, mine or unassigned.
export function challengesPage(
  rows: ChallengeListRow[],
  total: number,
  page: number,
  assigned: Queue,
  userId: string | null | undefined,
) {
  const base = assigned ? `${CHALLENGES}?assigned=${assigned}` : CHALLENGES;
  return {
    title:
      assigned === 'me'
        ? 'Challenges assigned to me'
        : assigned === 'none'
          ? 'Unassigned challenges'
          : 'Challenges',
    ...listPage(
      base,
      page,
      total,
      rows.map((r) => ({
        ...r,
        groundLabel: GROUND_LABELS[r.ground] ?? r.ground,
        mine: r.assignedTo !== null && r.assignedTo === userId,
      })),
    ),
    queues: [
      { label: 'All', href: CHALLENGES, current: assigned === null },
      { label: 'Assigned to me', href: `${CHALLENGES}?assigned=me`, current: assigned === 'me' },
      { label: 'Unassigned', href: `${CHALLENGES}?assigned=none`, current: assigned === 'none' },
    ],
    assigned,
  };
}

// One challenge with the decision form, the assignment and the internal notes.
export function challengePage(
  found: ChallengeCase,
  work: CaseWork,
  userId: string | null | undefined,
  extra: FormPageState,
) {
  const errors = extra.errors ?? {};
  return {
    title: `Challenge ${found.challenge.id.slice(0, 8)}`,
    challenge: {
      ...found.challenge,
      groundLabel: GROUND_LABELS[found.challenge.ground] ?? found.challenge.ground,
      open: found.challenge.status === 'open',
    },
    items: found.items,
    strikes: found.strikes,
    form: extra.form ?? { decision: '', note: '', internalNote: '' },
    work,
    mine: work.assigneeId !== null && work.assigneeId === userId,
    errors,
    summary: errorSummary(errors),
    notice: extra.notice,
  };
}

export function escalationsPage(
  rows: ProposalListRow[],
  total: number,
  page: number,
  canDecide: boolean,
) {
  return {
    title: 'Escalation proposals',
    ...listPage(ESCALATIONS, page, total, rows),
    canDecide,
  };
}

// One proposal with the decision form (legal and admins decide, ER-5).
export function escalationPage(proposal: ProposalRow, canDecide: boolean, extra: FormPageState) {
  const errors = extra.errors ?? {};
  return {
    title: `Escalation proposal ${proposal.id.slice(0, 8)}`,
    proposal: { ...proposal, open: proposal.status === 'open' },
    canDecide,
    form: extra.form ?? { decision: '', reasons: '' },
    errors,
    summary: errorSummary(errors),
    notice: extra.notice,
  };
}
