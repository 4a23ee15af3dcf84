export type AttributionOutcome =
  'unique' | 'ambiguous' | 'no_lease' | 'needs_port' | 'out_of_retention' | 'not_our_address';

export interface Probe {
  ip: string;
  port?: number | null;
  at: Date;
  // The transport protocol of the observed connection, when the notice states it. A port block
  // of another protocol cannot hold such a probe; unknown: blocks of every protocol compete.
  protocol?: 'tcp' | 'udp' | null;
}

// The transport protocol a notice field states, if it states one plainly (TCP or UDP). A P2P
// protocol name (BitTorrent runs over TCP and uTP/UDP) states none.
export function transportProtocol(value: string | null | undefined): 'tcp' | 'udp' | null {
  const v = value?.trim().toLowerCase();
  return v === 'tcp' || v === 'udp' ? v : null;
}

// One record used to decide, with where it came from (MA-3, MA-5).
export interface Evidence {
  hop: 'nat' | 'lease';
  table: 'lease_bindings' | 'nat_port_blocks' | 'nat_pools';
  recordId: string;
  source: string;
  toleranceSeconds: number;
  address: string;
  starts: string | null;
  ends: string | null;
  endIsActual: boolean | null;
  confirmedUntil: string | null;
  // True when the record covers the time only thanks to the clock tolerance.
  onlyWithinTolerance: boolean;
  // Desk only: for a record that does not hold the time, how many seconds it ends before or
  // starts after it.
  secondsAway?: number;
  subscriberRef: string | null;
  ports?: [number, number];
  insideAddress?: string;
  pool?: string | null;
  // A per-protocol port block's protocol (null: every protocol).
  protocol?: string | null;
}

export interface AttributionResult {
  outcome: AttributionOutcome;
  // Only for `unique`: the pseudonymous reference, never identity.
  subscriberRef: string | null;
  // How many accounts were candidates (ambiguous reports a count, never a list).
  candidates: number;
  reason: string | null;
  evidence: Evidence[];
}
