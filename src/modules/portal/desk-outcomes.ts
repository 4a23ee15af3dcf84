import { RULE_TITLES } from './notice-words';
import type { ItemOutcomeCount } from './portal-stats.repository';

// outbound_messages.status, in the order a message moves through them.
export const DELIVERY_STATUSES = [
  'pending',
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'cancelled',
] as const;

export interface OutcomeLine {
  key: string;
  label: string;
  today: number;
  month: number;
}

export interface OutcomeSummary {
  // Mutually exclusive: they add up to every item of the period.
  categories: OutcomeLine[];
  // The refusals split by the rule that failed (its check name is the reason code).
  refusedByRule: OutcomeLine[];
  // Items not forwarded for a reason other than an attribution outcome (regime policy, ...).
  otherNotForwarded: OutcomeLine[];
  total: { today: number; month: number };
}

// Attribution outcomes that stop an item (notice_items.reason_code of not_forwarded items).
const ATTRIBUTION_OUTCOMES: Array<[string, string]> = [
  ['ambiguous', 'Ambiguous (several candidate accounts)'],
  ['no_lease', 'No lease at that time'],
  ['needs_port', 'Needs a source port (CGNAT)'],
  ['out_of_retention', 'Out of lease-log retention'],
  ['not_our_address', 'Not our address'],
];

// Why an item was not forwarded, other than an attribution outcome (notice_items.reason_code).
const OTHER_REASONS: Record<string, string> = {
  regime_policy: 'The messaging policy of its regime does not forward notices',
  notice_invalidated: 'The notice was marked invalid',
  warning_dead_lettered: 'The warning could not be delivered',
  warning_outcome_unknown: 'The warning’s delivery could not be confirmed',
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// A line's words; the code stays beside them on the page (small print) for those who quote it.
export const ruleInWords = (code: string): string =>
  RULE_TITLES[code] ? capitalised(RULE_TITLES[code]) : 'A rule without a description';
export const otherReasonInWords = (code: string): string => OTHER_REASONS[code] ?? 'Another reason';

const BY_STATUS: Array<[string, string]> = [
  ['forwarded', 'Forwarded to the subscriber'],
  ['attributed', 'Attributed, warning not sent yet'],
  ['accepted', 'Accepted, waiting for attribution'],
  ['queued', 'Queued behind the sender’s quota'],
  ['duplicate', 'Duplicate of an earlier item'],
  ['refused', 'Refused by a rule'],
];

// Groups (status, reason code) counts into the lines the desk dashboard shows.
export function summariseOutcomes(rows: ItemOutcomeCount[]): OutcomeSummary {
  const line = (key: string, label: string): OutcomeLine => ({ key, label, today: 0, month: 0 });
  const add = (l: OutcomeLine, r: ItemOutcomeCount) => {
    l.today += r.today;
    l.month += r.month;
  };
  const categories = new Map<string, OutcomeLine>();
  for (const [key, label] of BY_STATUS) categories.set(key, line(key, label));
  for (const [key, label] of ATTRIBUTION_OUTCOMES) categories.set(key, line(key, label));
  const other = line('not_forwarded_other', 'Not forwarded for another reason');
  categories.set(other.key, other);
  const rules = new Map<string, OutcomeLine>();
  const others = new Map<string, OutcomeLine>();
  const total = { today: 0, month: 0 };
  for (const r of rows) {
    total.today += r.today;
    total.month += r.month;
    const code = r.reasonCode ?? 'unspecified';
    if (r.status === 'not_forwarded') {
      const known = categories.get(code);
      if (known && ATTRIBUTION_OUTCOMES.some(([k]) => k === code)) {
        add(known, r);
      } else {
        add(other, r);
        if (!others.has(code)) others.set(code, line(code, otherReasonInWords(code)));
        add(others.get(code)!, r);
      }
      continue;
    }
    const byStatus = categories.get(r.status);
    if (byStatus && BY_STATUS.some(([k]) => k === r.status)) add(byStatus, r);
    else add(other, r);
    if (r.status === 'refused') {
      if (!rules.has(code)) rules.set(code, line(code, ruleInWords(code)));
      add(rules.get(code)!, r);
    }
  }
  const sorted = (m: Map<string, OutcomeLine>) =>
    [...m.values()].sort((a, b) => b.month - a.month || a.key.localeCompare(b.key));
  return {
    categories: [...categories.values()],
    refusedByRule: sorted(rules),
    otherNotForwarded: sorted(others),
    total,
  };
}
