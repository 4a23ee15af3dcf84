// The matching rule (MA-1, MA-3; docs/attribution.md), in one place. All times are epoch ms.
//
// - A record HOLDS an instant t when starts <= t <= end, where end is the actual end, else the
//   last confirmation of an open record (never "now").
// - A record is NEAR t when it would hold t with its source's clock tolerance added on both
//   sides: starts - tol <= t <= end + tol.
// - `unique` only when some account holds t (after both CGNAT hops) and no other account has a
//   record near t. Tolerance only adds competitors; it never creates a match.
// - A port released at R belongs to nobody in (R, R + quarantine] (RFC 6888).

export function holds(starts: number, end: number, t: number): boolean {
  return starts <= t && t <= end;
}

export function near(starts: number, end: number, t: number, toleranceSeconds: number): boolean {
  const ms = toleranceSeconds * 1000;
  return starts - ms <= t && t <= end + ms;
}

// Whole seconds between t and the record's holding (0 when it holds t), rounded up, so the
// desk reads "ends 30 s before" rather than a fraction.
export function secondsAway(starts: number, end: number, t: number): number {
  if (t < starts) return Math.ceil((starts - t) / 1000);
  if (t > end) return Math.ceil((t - end) / 1000);
  return 0;
}

// True when t falls in the quarantine after a release at `released` (null: not released).
export function inQuarantine(
  released: number | null,
  t: number,
  quarantineSeconds: number,
): boolean {
  return released !== null && released < t && t <= released + quarantineSeconds * 1000;
}

// The accounts of the records near one probe, counted as they are walked: most probes have
// one candidate record, so no Set is made until a second account appears.
export class AccountTally {
  private first: string | null = null;
  private more: Set<string> | null = null;
  holder = false;

  add(account: string, holdsT: boolean): void {
    if (holdsT) this.holder = true;
    if (this.first === null) this.first = account;
    else if (account !== this.first) (this.more ??= new Set([this.first])).add(account);
  }

  get count(): number {
    return this.more ? this.more.size : this.first === null ? 0 : 1;
  }
}
