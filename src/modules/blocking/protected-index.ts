import { ParsedValue, parseTargetValue } from './target-values';

export interface ProtectedEntry {
  kind: 'fqdn' | 'cidr' | 'asn';
  value: string;
  asn: string | null;
  note: string;
}

export interface WidthLimits {
  // An IPv4 target with a prefix shorter than this is too wide to be one server (BO-3).
  ipv4: number;
  ipv6: number;
}

export type CheckResult =
  { ok: true } | { ok: false; reason: 'protected' | 'too_wide'; detail: string };

const OK: CheckResult = { ok: true };

interface Range {
  start: bigint;
  end: bigint;
  entry: ProtectedEntry;
}

// The protected list as a lookup structure (BO-3): a protected name shelters itself and every
// name under it (a target naming its parent is allowed: exports let the protected name pass
// through, see blocking-export.service.ts); a target
// range is refused when it overlaps any protected range, or when its origin AS (looked up through
// the configured resolver, see target-signals.ts) is a protected AS number.
// Ranges are sorted by start with a running maximum of their ends, so one binary search answers
// "does anything overlap [start, end]".
export class ProtectedIndex {
  private readonly names = new Map<string, ProtectedEntry>();
  private readonly asns = new Map<string, ProtectedEntry>();
  private readonly ranges: Record<4 | 6, { list: Range[]; maxEnd: bigint[] }>;
  readonly size: number;

  constructor(
    entries: readonly ProtectedEntry[],
    private readonly limits: WidthLimits,
  ) {
    this.size = entries.length;
    const byFamily: Record<4 | 6, Range[]> = { 4: [], 6: [] };
    for (const e of entries) {
      if (e.kind === 'fqdn') {
        this.names.set(e.value, e);
      } else if (e.kind === 'asn') {
        this.asns.set(e.value, e);
      } else {
        const p = parseTargetValue(e.value);
        if ('error' in p || p.kind === 'fqdn') continue;
        byFamily[p.family].push({ start: p.start, end: p.end, entry: e });
      }
    }
    this.ranges = { 4: index(byFamily[4]), 6: index(byFamily[6]) };
  }

  allNames(): string[] {
    return [...this.names.keys()];
  }

  // A normalised name (as stored): itself or a parent on the list.
  checkName(fqdn: string): CheckResult {
    if (this.names.size === 0) return OK;
    // The name, then each parent, without building the list (hot in exports).
    let at = 0;
    for (;;) {
      const hit = this.names.get(at === 0 ? fqdn : fqdn.slice(at));
      if (hit) return refused('protected', `${fqdn} is under protected ${describe(hit)}`);
      const dot = fqdn.indexOf('.', at);
      if (dot < 0 || fqdn.indexOf('.', dot + 1) < 0) return OK;
      at = dot + 1;
    }
  }

  check(target: ParsedValue, originAsns: readonly string[] = []): CheckResult {
    if (target.kind === 'fqdn') return this.checkName(target.value);
    const min = target.family === 4 ? this.limits.ipv4 : this.limits.ipv6;
    if (target.prefix < min) {
      return refused(
        'too_wide',
        `${target.value} is wider than /${min}: shared infrastructure, not one server`,
      );
    }
    const hit = overlap(this.ranges[target.family], target.start, target.end);
    if (hit)
      return refused('protected', `${target.value} overlaps protected ${describe(hit.entry)}`);
    for (const asn of originAsns) {
      const as = this.asns.get(asn);
      if (as)
        return refused('protected', `${target.value} is announced by protected ${describe(as)}`);
    }
    return { ok: true };
  }
}

function refused(reason: 'protected' | 'too_wide', detail: string): CheckResult {
  return { ok: false, reason, detail };
}

function describe(e: ProtectedEntry): string {
  if (e.kind === 'asn') return `AS${e.value}${e.note ? ` "${e.note}"` : ''}`;
  const asn = e.asn ? ` (AS${e.asn})` : '';
  const note = e.note ? ` "${e.note}"` : '';
  return `${e.kind} ${e.value}${asn}${note}`;
}

function index(list: Range[]): { list: Range[]; maxEnd: bigint[] } {
  list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const maxEnd: bigint[] = [];
  let max = -1n;
  for (const r of list) {
    if (r.end > max) max = r.end;
    maxEnd.push(max);
  }
  return { list, maxEnd };
}

function overlap(
  idx: { list: Range[]; maxEnd: bigint[] },
  start: bigint,
  end: bigint,
): Range | null {
  // The last range starting at or before `end`.
  let lo = 0;
  let hi = idx.list.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (idx.list[mid].start <= end) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (last < 0 || idx.maxEnd[last] < start) return null;
  for (let i = last; i >= 0; i--) if (idx.list[i].end >= start) return idx.list[i];
  return null;
}
