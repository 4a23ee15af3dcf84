// Where a sender's items stand, in the three groups counsel asks about (SN-2): forwarded,
// not forwarded and why, still pending. Reasons only, never who.

export interface StatusReasonCount {
  status: string;
  reasonCode: string | null;
  count: number;
}

export interface CounselLine {
  key: string;
  label: string;
  count: number;
}

export interface CounselOutcomes {
  forwarded: number;
  notForwarded: { total: number; lines: CounselLine[] };
  pending: { total: number; lines: CounselLine[] };
  // All items of the period: forwarded + not forwarded + pending.
  total: number;
}

// Attribution outcomes (notice_items.reason_code of not_forwarded items) in the sender's words.
const NOT_MATCHED: Record<string, string> = {
  ambiguous: 'Matched no single subscriber (several candidates)',
  no_lease: 'No subscriber held the address at that time',
  needs_port: 'Shared (CGNAT) address without a source port',
  out_of_retention: 'Outside our log retention',
  not_our_address: 'Not our address',
};

const PENDING: Array<[string, string]> = [
  ['accepted', 'Accepted, being matched against our logs'],
  ['queued', 'Queued behind your hourly quota (not dropped)'],
  ['attributed', 'Matched, the warning is being sent'],
];

// `ruleLabel` words a refusal's rule (its check name is the reason code).
export function summariseCounselOutcomes(
  rows: StatusReasonCount[],
  ruleLabel: (code: string) => string,
): CounselOutcomes {
  let forwarded = 0;
  const pending = new Map<string, CounselLine>(
    PENDING.map(([key, label]) => [key, { key, label, count: 0 }]),
  );
  const stopped = new Map<string, CounselLine>();
  const stop = (key: string, label: string, n: number) => {
    const line = stopped.get(key) ?? { key, label, count: 0 };
    line.count += n;
    stopped.set(key, line);
  };
  for (const r of rows) {
    const code = r.reasonCode ?? 'unspecified';
    if (r.status === 'forwarded') forwarded += r.count;
    else if (pending.has(r.status)) pending.get(r.status)!.count += r.count;
    else if (r.status === 'refused')
      stop(`refused:${code}`, `Refused: ${ruleLabel(code)}`, r.count);
    else if (r.status === 'duplicate') stop('duplicate', 'Duplicate of an earlier item', r.count);
    else if (r.status === 'not_forwarded')
      stop(`not_forwarded:${code}`, NOT_MATCHED[code] ?? `Not forwarded: ${code}`, r.count);
    else stop(`other:${r.status}`, r.status, r.count);
  }
  const sum = (lines: CounselLine[]) => lines.reduce((n, l) => n + l.count, 0);
  const stoppedLines = [...stopped.values()].sort(
    (a, b) => b.count - a.count || a.key.localeCompare(b.key),
  );
  const pendingLines = [...pending.values()];
  const notForwarded = { total: sum(stoppedLines), lines: stoppedLines };
  const pend = { total: sum(pendingLines), lines: pendingLines };
  return {
    forwarded,
    notForwarded,
    pending: pend,
    total: forwarded + notForwarded.total + pend.total,
  };
}
