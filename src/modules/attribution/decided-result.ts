import { NatPool } from '../leases/nat-pools';
import { LeaseCandidate, NatCandidate } from './attribution.repository';
import { AttributionSettings, toleranceOf } from './attribution-settings';
import { AttributionResult, Evidence } from './attribution.types';
import { isoInstant } from './iso-instant';
import { holds, secondsAway } from './matching-rule';

// The answers attribution gives, and the evidence that goes with them (MA-3, MA-5).

// An answer decided before any record was read (not ours, out of retention, needs a port).
export function final(outcome: AttributionResult['outcome'], reason: string): AttributionResult {
  return { outcome, subscriberRef: null, candidates: 0, reason, evidence: [] };
}

export function noLease(reason: string, evidence: Evidence[]): AttributionResult {
  return { outcome: 'no_lease', subscriberRef: null, candidates: 0, reason, evidence };
}

// A decided result whose evidence is built when first read: only the edges (HTTP answer,
// stored attribution) read it, and turning every record's times into ISO strings for callers
// that only want the outcome cost more than the decision itself. `evidence` is an own
// enumerable property, so JSON, spreading and deep equality see it like any other.
export class DecidedResult implements AttributionResult {
  declare evidence: Evidence[];
  #evidence: Evidence[] | null = null;
  readonly #nat: readonly Evidence[] | undefined;
  readonly #leases: readonly LeaseCandidate[];
  readonly #t: number;
  readonly #s: AttributionSettings;

  constructor(
    public outcome: AttributionResult['outcome'],
    public subscriberRef: string | null,
    public candidates: number,
    public reason: string | null,
    nat: readonly Evidence[] | undefined,
    leases: readonly LeaseCandidate[],
    t: number,
    s: AttributionSettings,
  ) {
    this.#nat = nat;
    this.#leases = leases;
    this.#t = t;
    this.#s = s;
    Object.defineProperty(this, 'evidence', LAZY_EVIDENCE);
  }

  getEvidence(): Evidence[] {
    if (this.#evidence) return this.#evidence;
    const evidence = this.#nat ? [...this.#nat] : [];
    for (const c of this.#leases) {
      const e = leaseEvidence(c, this.#t, this.#s);
      // An answer that names nobody carries no reference in its records either.
      if (this.outcome === 'no_lease') e.subscriberRef = null;
      evidence.push(e);
    }
    this.#evidence = evidence;
    return evidence;
  }

  setEvidence(value: Evidence[]): void {
    this.#evidence = value;
  }
}

// One accessor descriptor for all results (a getter closure per result cost more than the
// decision). The accessor stays: turning it into a data property on first read changed the
// object's shape and cost as much as building the evidence.
const LAZY_EVIDENCE: PropertyDescriptor = {
  get(this: DecidedResult): Evidence[] {
    return this.getEvidence();
  },
  set(this: DecidedResult, value: Evidence[]): void {
    this.setEvidence(value);
  },
  enumerable: true,
  configurable: true,
};

function leaseEvidence(r: LeaseCandidate, t: number, s: AttributionSettings): Evidence {
  const end = r.ends ?? r.confirmedUntil;
  const source = s.sources.get(r.sourceId);
  const ends = r.ends === null ? null : isoInstant(r.ends);
  return {
    hop: 'lease',
    table: 'lease_bindings',
    recordId: r.id,
    source: source?.name ?? String(r.sourceId),
    toleranceSeconds: toleranceOf(s, r.sourceId),
    address: r.address,
    starts: isoInstant(r.starts),
    ends,
    endIsActual: r.endIsActual,
    // A closed binding is usually confirmed up to its end: one string for both.
    confirmedUntil:
      ends !== null && r.confirmedUntil === r.ends ? ends : isoInstant(r.confirmedUntil),
    onlyWithinTolerance: !holds(r.starts, end, t),
    subscriberRef: r.reference,
    ...awayFrom(r.starts, end, t),
  };
}

// For the desk only (evidence never reaches a complainant): how far a record that does not hold
// the time lies from it.
function awayFrom(starts: number, end: number, t: number): { secondsAway?: number } {
  const away = secondsAway(starts, end, t);
  return away === 0 ? {} : { secondsAway: away };
}

export function natEvidence(r: NatCandidate, t: number, s: AttributionSettings): Evidence {
  const source = s.sources.get(r.sourceId);
  const end = (r.ends ?? r.confirmedUntil).getTime();
  return {
    hop: 'nat',
    table: 'nat_port_blocks',
    recordId: r.id,
    source: source?.name ?? String(r.sourceId),
    toleranceSeconds: toleranceOf(s, r.sourceId),
    address: r.publicIp,
    starts: r.starts.toISOString(),
    ends: r.ends?.toISOString() ?? null,
    endIsActual: r.ends !== null,
    confirmedUntil: r.confirmedUntil.toISOString(),
    onlyWithinTolerance: !holds(r.starts.getTime(), end, t),
    subscriberRef: null,
    ...awayFrom(r.starts.getTime(), end, t),
    ports: [r.portLo, r.portHi],
    insideAddress: r.insideIp,
    pool: r.pool,
    protocol: r.protocol,
  };
}

// The CGNAT hop through a deterministic pool: computed from its configuration, no record.
export function deterministicEvidence(pool: NatPool, address: string, inside: string): Evidence {
  return {
    hop: 'nat',
    table: 'nat_pools',
    recordId: String(pool.id),
    source: `deterministic pool ${pool.name}`,
    toleranceSeconds: 0,
    address,
    starts: null,
    ends: null,
    endIsActual: null,
    confirmedUntil: null,
    onlyWithinTolerance: false,
    subscriberRef: null,
    insideAddress: inside,
    pool: pool.name,
  };
}
