import { candidateKeys } from './address-classes';
import { LeaseCandidate, LeaseGroup, NatCandidate, NatProbe } from './attribution.repository';
import { AttributionSettings, toleranceOf } from './attribution-settings';
import { AttributionResult, Evidence, Probe } from './attribution.types';
import { DecidedResult, natEvidence, noLease } from './decided-result';
import { AccountTally, holds, inQuarantine, near } from './matching-rule';

// The matching rule (matching-rule.ts, docs/attribution.md) applied to the records the
// database returned: pure functions of the records, the probe and the settings.

// One attributeMany call: what the per-group decisions need while answers arrive.
export interface Batch {
  probes: Probe[];
  results: AttributionResult[];
  // Evidence of the CGNAT hop, for probes that went through one.
  natEvidence: Map<number, Evidence[]>;
  // For probes through a dynamic CGNAT pool: the lease keys of the inside addresses whose
  // block holds the time (the others are only competitors).
  natHolders: Map<number, Set<string>>;
  s: AttributionSettings;
}

// The CGNAT hop of one probe: a final answer, or the lease keys to look up next (those of
// every block near the time, as competitors) with the keys that can hold the time.
export type NatHopOutcome =
  { result: AttributionResult } | { evidence: Evidence[]; holderKeys: Set<string>; keys: string[] };

export function decideNatHop(
  np: NatProbe,
  candidates: readonly NatCandidate[],
  s: AttributionSettings,
): NatHopOutcome {
  const t = np.at.getTime();
  // A block of another protocol never held the probe's port for it; with the probe's
  // protocol unknown, blocks of every protocol compete (and a protocol-less block serves
  // every protocol).
  const rows = candidates.filter(
    (r) => np.protocol === null || !r.protocol || r.protocol === np.protocol,
  );
  // A port in its post-release quarantine belongs to nobody, whatever block lies near.
  if (rows.some((r) => inQuarantine(r.ends?.getTime() ?? null, t, np.quarantineSeconds))) {
    return {
      result: noLease(
        'the port was released just before this time and is in quarantine (RFC 6888): it belongs to nobody',
        rows.map((r) => natEvidence(r, t, s)),
      ),
    };
  }
  const nearRows = rows.filter((r) =>
    near(r.starts.getTime(), blockEnd(r), t, toleranceOf(s, r.sourceId)),
  );
  const holding = nearRows.filter((r) => holds(r.starts.getTime(), blockEnd(r), t));
  if (holding.length === 0) {
    // Tolerance never creates a match: a block only near the time holds nothing.
    return {
      result: noLease(
        lastConfirmed(rows, t) ?? 'no port block holds this address and port at this time',
        nearRows.map((r) => natEvidence(r, t, s)),
      ),
    };
  }
  // Leases are looked up for every block near the time (competitors); only those on the
  // inside address of a block that holds the time can hold it.
  const holderKeys = new Set<string>();
  for (const r of holding) for (const k of candidateKeys(r.insideIp)) holderKeys.add(k);
  const keys = new Set(holderKeys);
  for (const r of nearRows) for (const k of candidateKeys(r.insideIp)) keys.add(k);
  return { evidence: nearRows.map((r) => natEvidence(r, t, s)), holderKeys, keys: [...keys] };
}

// Decides every probe of one group from that group's answer (all of a probe's keys are in
// one group).
export function decideGroup(batch: Batch, group: LeaseGroup, rows: LeaseCandidate[]): void {
  // Usually one candidate per probe; the rest (handovers, renewals, prefixes) go in `more`.
  const first = new Map<number, LeaseCandidate>();
  let more: Map<number, LeaseCandidate[]> | null = null;
  for (const r of rows) {
    if (!first.has(r.ord)) first.set(r.ord, r);
    else {
      more ??= new Map();
      const m = more.get(r.ord);
      if (m) m.push(r);
      else more.set(r.ord, [r]);
    }
  }
  let last = -1;
  for (const ord of group.ords) {
    if (ord === last) continue;
    last = ord;
    batch.results[ord] = decide(batch, ord, first.get(ord), more?.get(ord));
  }
}

// The matching rule (matching-rule.ts): some account holds t and no other account's record
// lies within its tolerance.
function decide(
  batch: Batch,
  ord: number,
  first: LeaseCandidate | undefined,
  more: LeaseCandidate[] | undefined,
): AttributionResult {
  const s = batch.s;
  const t = batch.probes[ord].at.getTime();
  const nat = batch.natEvidence.get(ord);
  // Behind dynamic CGNAT only leases of a holding block's inside address can hold t.
  const holderKeys = batch.natHolders.get(ord);
  // The usual probe has one candidate: decided without a tally, a closure or a list.
  if (!more) {
    const end = first ? (first.ends ?? first.confirmedUntil) : 0;
    if (!first || !near(first.starts, end, t, toleranceOf(s, first.sourceId))) {
      return nothingNear(nat);
    }
    const holder = holds(first.starts, end, t) && (!holderKeys || holderKeys.has(first.address));
    return decideOne(first, holder, nat, t, s);
  }
  const tally = new AccountTally();
  let nearOne: LeaseCandidate | undefined;
  let nearSeveral: LeaseCandidate[] | undefined;
  for (const c of first ? [first, ...more] : more) {
    const end = c.ends ?? c.confirmedUntil;
    if (!near(c.starts, end, t, toleranceOf(s, c.sourceId))) continue;
    const holder = holds(c.starts, end, t) && (!holderKeys || holderKeys.has(c.address));
    tally.add(c.reference ?? `unmapped:${c.id}`, holder);
    if (!nearOne) nearOne = c;
    else (nearSeveral ??= [nearOne]).push(c);
  }
  if (!nearOne) return nothingNear(nat);
  if (!nearSeveral) return decideOne(nearOne, tally.holder, nat, t, s);
  if (!tally.holder) return noHolder(nat, nearSeveral, t, s);
  const accounts = tally.count;
  if (accounts > 1) {
    return new DecidedResult(
      'ambiguous',
      null,
      accounts,
      `${accounts} accounts held the address within the tolerance window`,
      nat,
      nearSeveral,
      t,
      s,
    );
  }
  return decideOne(nearOne, true, nat, t, s, nearSeveral);
}

function nothingNear(nat: Evidence[] | undefined): AttributionResult {
  return {
    outcome: 'no_lease',
    subscriberRef: null,
    candidates: 0,
    reason: 'no lease covers this address at this time',
    evidence: nat ?? [],
  };
}

// One account's records (one record, or several of the same account) near t.
function decideOne(
  c: LeaseCandidate,
  holder: boolean,
  nat: Evidence[] | undefined,
  t: number,
  s: AttributionSettings,
  records: readonly LeaseCandidate[] = [c],
): AttributionResult {
  if (!holder) return noHolder(nat, records, t, s);
  if (!c.reference) {
    return new DecidedResult(
      'no_lease',
      null,
      1,
      'a lease covers the time but its identifier maps to no subscriber account',
      nat,
      records,
      t,
      s,
    );
  }
  return new DecidedResult('unique', c.reference, 1, null, nat, records, t, s);
}

// Records lie within tolerance of t but none holds it: tolerance never makes a match.
function noHolder(
  nat: Evidence[] | undefined,
  records: readonly LeaseCandidate[],
  t: number,
  s: AttributionSettings,
): AttributionResult {
  return new DecidedResult(
    'no_lease',
    null,
    0,
    'no lease holds this address at this time; a lease lies only within the clock tolerance, which never makes a match',
    nat,
    records,
    t,
    s,
  );
}

function blockEnd(r: NatCandidate): number {
  return (r.ends ?? r.confirmedUntil).getTime();
}

// An open record (no end seen yet) is held only as far as it was last confirmed.
function lastConfirmed(
  rows: Array<{ starts: Date; ends: Date | null; confirmedUntil: Date }>,
  t: number,
): string | null {
  const open = rows.filter(
    (r) => r.ends === null && r.starts.getTime() <= t && r.confirmedUntil.getTime() < t,
  );
  if (open.length === 0) return null;
  const last = new Date(Math.max(...open.map((r) => r.confirmedUntil.getTime())));
  return `an open binding was last confirmed at ${last.toISOString()}; holding after that is not assumed`;
}
