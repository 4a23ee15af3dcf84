import type { TimelineRow } from '../search/case-timeline.repository';
import { fill } from '../../common/i18n/translator';
import { formatUtc } from './portal-view.service';
import { RULE_TITLES } from './notice-words';

// A sentence of the timeline: a catalogue phrase with `{name}` parts (each part itself a
// phrase, a number, a reference or a UTC time), so the page writes it in its own language
// ({{tWith phrase params}}); `text` is the English sentence.
export interface Worded {
  phrase: string;
  params: Record<string, string>;
  text: string;
}

export interface TimelineStep extends Worded {
  at: Date;
  iso: string;
  href: string | null;
  linkText: string | null;
  // The subscriber's history page, on steps that name a pseudonymous reference.
  subscriberHref?: string;
  subscriberRef?: string;
}

export function worded(phrase: string, params: Record<string, string> = {}): Worded {
  return { phrase, params, text: fill(phrase, params) };
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

// What a step's wording needs: its row, the row number and warning id in words, the pages it
// links to, and `step` / `onItem` to build it.
interface StepContext {
  r: TimelineRow;
  n: string;
  warning: string;
  notice: string;
  messages: string;
  step(
    phrase: string,
    params?: Record<string, string>,
    href?: string | null,
    linkText?: string | null,
  ): TimelineStep;
  onItem(phrase: string, params?: Record<string, string>): TimelineStep;
}

type StepWords = (c: StepContext) => TimelineStep;

const itemHref = (notice: string, p: number | null) => `${notice}#item-${(p ?? 0) + 1}-h`;

// The notice and its items: received, checked, attributed, forwarded, struck.
const NOTICE_STEPS: Record<string, StepWords> = {
  received: ({ r, step, notice }) => {
    const channel = CHANNELS[r.label ?? ''];
    return channel
      ? step('Notice received {channel}', { channel }, notice, 'Notice')
      : step('Notice received', {}, notice, 'Notice');
  },
  notice_refused: ({ r, step, notice }) =>
    step(
      'Notice refused: {rule}',
      { rule: RULE_TITLES[r.label ?? ''] ?? 'it failed a validation check' },
      `${notice}#checks-h`,
      'Checks',
    ),
  item_accepted: ({ onItem }) => onItem('Row {n} accepted by the checks'),
  item_refused: ({ r, onItem }) =>
    onItem('Row {n} refused: {rule}', { rule: RULE_TITLES[r.label ?? ''] ?? 'it failed a check' }),
  item_duplicate: ({ onItem }) => onItem('Row {n} repeats an earlier item'),
  item_queued: ({ r, onItem }) =>
    onItem('Row {n} waits behind the sender’s hourly quota; it proceeds at {time}', {
      time: formatUtc(r.at),
    }),
  attributed: ({ r, n, step, notice }) => {
    const outcome = ATTRIBUTION[r.label ?? ''] ?? 'was looked up';
    const s = step(
      r.detail
        ? 'Row {n} {outcome} ({detail}); evidence on the notice page'
        : 'Row {n} {outcome}; evidence on the notice page',
      r.detail ? { n, outcome, detail: r.detail } : { n, outcome },
      itemHref(notice, r.position),
      `Evidence for row ${n}`,
    );
    return r.detail && /^SUB-/.test(r.detail)
      ? {
          ...s,
          subscriberRef: r.detail,
          subscriberHref: `/portal/desk/subscribers/${encodeURIComponent(r.detail)}`,
        }
      : s;
  },
  forwarded: ({ onItem }) => onItem('Row {n} forwarded to the subscriber'),
  strike: ({ r, onItem }) =>
    onItem('Strike counted for row {n} (stage {stage})', { stage: r.label ?? '' }),
  strike_withdrawn: ({ onItem }) => onItem('Strike for row {n} withdrawn'),
};

// The warning: composed, queued, sent, failed, given up.
const MESSAGE_STEPS: Record<string, StepWords> = {
  message_composed: ({ r, warning, step, messages }) =>
    r.label
      ? step(
          'Warning {warning} composed (stage {stage})',
          { warning, stage: r.label },
          messages,
          'Messages',
        )
      : step('Warning {warning} composed', { warning }, messages, 'Messages'),
  message_queued: ({ warning, step, messages }) =>
    step('Warning {warning} handed to the mail queue', { warning }, messages, 'Messages'),
  message_sent: ({ r, warning, step, messages }) =>
    step(
      r.detail
        ? 'Warning {warning} accepted by the mail server (SMTP id {smtpId})'
        : 'Warning {warning} accepted by the mail server',
      r.detail ? { warning, smtpId: r.detail } : { warning },
      r.ref ? `/portal/desk/messages/${r.ref}` : messages,
      r.ref ? 'Message as sent' : 'Messages',
    ),
  message_failed: ({ r, warning, step }) =>
    step(
      'Warning {warning} failed after {attempts} attempt(s); it will be tried again',
      { warning, attempts: r.label ?? '' },
      '/portal/desk/deliveries?status=failed',
      'Deliveries',
    ),
  message_dead: ({ r, warning, step }) =>
    step(
      'Warning {warning} gave up after {attempts} attempt(s) (dead letter)',
      { warning, attempts: r.label ?? '' },
      '/portal/desk/dead-letters',
      'Dead letters',
    ),
};

// What followed: challenges, escalations, disclosure requests.
const CASE_STEPS: Record<string, StepWords> = {
  challenge: ({ r, step }) =>
    step(
      'The subscriber challenged the warning: {grounds}',
      { grounds: GROUNDS[r.label ?? ''] ?? 'other grounds' },
      `/portal/desk/challenges/${r.ref}`,
      'Challenge',
    ),
  challenge_decided: ({ r, step }) =>
    step(
      r.label === 'upheld' ? 'Challenge upheld: strikes withdrawn' : 'Challenge rejected',
      {},
      `/portal/desk/challenges/${r.ref}`,
      'Challenge',
    ),
  escalation: ({ r, step }) =>
    step(
      r.label === 'termination'
        ? 'Termination proposed after {strikes} strike(s)'
        : 'Suspension proposed after {strikes} strike(s)',
      { strikes: r.detail ?? '' },
      `/portal/desk/escalations/${r.ref}`,
      'Escalation',
    ),
  escalation_decided: ({ r, step }) => {
    const approved = r.label === 'approved';
    const phrase =
      r.detail === 'termination'
        ? approved
          ? 'Termination approved'
          : 'Termination declined'
        : approved
          ? 'Suspension approved'
          : 'Suspension declined';
    return step(phrase, {}, `/portal/desk/escalations/${r.ref}`, 'Escalation');
  },
  disclosure_requested: ({ r, step }) =>
    step('Disclosure requested: {kind} {ref} (legal staff handle it)', {
      kind: DISCLOSURE_KINDS[r.label ?? ''] ?? 'order',
      ref: r.ref ?? '',
    }),
  disclosure_step: ({ r, step }) =>
    step('Disclosure request {ref}: {what}', {
      ref: r.ref ?? '',
      what: (r.label ?? '').replace(/_/g, ' '),
    }),
};

// A Map, so a kind named like an Object property (`toString`) is just an unknown kind.
const STEP_WORDS = new Map<string, StepWords>(
  Object.entries({ ...NOTICE_STEPS, ...MESSAGE_STEPS, ...CASE_STEPS }),
);

const otherStep: StepWords = ({ r, step }) =>
  step('Recorded: {what}', { what: (r.label ?? r.kind).replace(/[._]/g, ' ') });

function stepContext(r: TimelineRow, notice: string): StepContext {
  const n = String((r.position ?? 0) + 1);
  const step: StepContext['step'] = (phrase, params = {}, href = null, linkText = null) => ({
    at: r.at,
    iso: r.at.toISOString(),
    ...worded(phrase, params),
    href,
    linkText,
  });
  return {
    r,
    n,
    warning: r.ref ? r.ref.slice(0, 8) : '',
    notice,
    messages: `${notice}#messages-h`,
    step,
    onItem: (phrase, params = {}) =>
      step(phrase, { n, ...params }, itemHref(notice, r.position), `Row ${n}`),
  };
}

// A notice's steps in words, each linking to the object it concerns where the desk can open
// it. `reference` is the notice's; item anchors are those of the desk notice page.
export function timelineSteps(reference: string, rows: TimelineRow[]): TimelineStep[] {
  const notice = `/portal/desk/notices/${reference}`;
  return rows.map((r) => (STEP_WORDS.get(r.kind) ?? otherStep)(stepContext(r, notice)));
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
): Worded[] {
  const out: Worded[] = [];
  const minutes = Math.round(digestWindowSeconds / 60);
  const hours = digestWindowSeconds / 3600;
  // A part of the sentences below, read back into French by FRENCH_PATTERNS.
  const window =
    digestWindowSeconds === 3600
      ? 'hourly digest'
      : digestWindowSeconds % 3600 === 0
        ? `${hours}-hour digest`
        : `${minutes}-minute digest`;
  for (const i of items) {
    const n = String(i.position + 1);
    if (i.status === 'attributed' && i.attributedAt) {
      const due = new Date(Date.parse(i.attributedAt) + digestWindowSeconds * 1000);
      const params = { n, time: formatUtc(due), window };
      out.push(
        due > now
          ? worded('Row {n}: warning scheduled for {time} ({window})', params)
          : worded(
              'Row {n}: warning due since {time} ({window}); it goes with the next digest run',
              params,
            ),
      );
    } else if (i.status === 'queued') {
      out.push(
        i.expectedAt
          ? worded('Row {n}: waits behind the sender’s hourly quota until {time}', {
              n,
              time: formatUtc(i.expectedAt),
            })
          : worded('Row {n}: waits behind the sender’s hourly quota', { n }),
      );
    } else if (i.status === 'accepted') {
      out.push(
        worded('Row {n}: waiting to be matched to a subscriber (usually within a minute)', { n }),
      );
    }
  }
  return out;
}
