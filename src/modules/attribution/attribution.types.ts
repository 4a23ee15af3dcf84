export type AttributionOutcome =
  'unique' | 'ambiguous' | 'no_lease' | 'needs_port' | 'out_of_retention' | 'not_our_address';

export interface Probe {
  ip: string;
  port?: number | null;
  at: Date;
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
