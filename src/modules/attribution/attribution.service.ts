import { Inject, Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { deterministicInside, NatPool } from '../leases/nat-pools';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import {
  AttributionRepository,
  LeaseCandidate,
  LeaseGroup,
  LeaseProbeBatcher,
  NatCandidate,
  NatProbe,
} from './attribution.repository';
import { AttributionResult, Evidence, Probe } from './attribution.types';
import { isoInstant } from './iso-instant';
import { AccountTally, holds, inQuarantine, near, secondsAway } from './matching-rule';

// DHCPv6 prefix delegations are /48 to /64; a notice's /128 is tried against each length.
const V6_PREFIX_LENGTHS = [40, 44, 48, 52, 56, 60, 62, 64];
const CACHE_MS = 30_000;
const FUTURE_SLACK_MS = 5 * 60_000;

// An IPv4 prefix as integers: the address shifted right by `shift` equals `network`.
interface V4Range {
  network: number;
  shift: number;
}

interface Settings {
  sources: Map<number, { name: string; toleranceSeconds: number }>;
  pools: NatPool[];
  // Each pool's public prefix parsed once, not per probe.
  poolRanges: Array<[NatPool, [ipaddr.IPv4 | ipaddr.IPv6, number]]>;
  // The IPv4 ones again as integers, for the dotted-quad fast path.
  poolV4: V4Range[];
  maxTolerance: number;
  maxQuarantine: number;
  loadedAt: number;
}

// One attributeMany call: what the per-group decisions need while answers arrive.
interface Batch {
  probes: Probe[];
  results: AttributionResult[];
  // Evidence of the CGNAT hop, for probes that went through one.
  natEvidence: Map<number, Evidence[]>;
  // For probes through a dynamic CGNAT pool: the lease keys of the inside addresses whose
  // block holds the time (the others are only competitors).
  natHolders: Map<number, Set<string>>;
  s: Settings;
}

// Answers "who held this address (and port) at that second" with a pseudonymous reference,
// never identity, and says so when it cannot tell (MA-1..MA-6, VA-4, VA-5).
@Injectable()
export class AttributionService {
  private settings: Settings | null = null;
  private readonly addressSpace: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  private readonly addressSpaceV4: V4Range[];

  constructor(
    private readonly repo: AttributionRepository,
    private readonly pools: NatPoolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.addressSpace = config.addressSpace.map((c) => ipaddr.parseCIDR(c));
    this.addressSpaceV4 = v4Ranges(this.addressSpace);
  }

  invalidateCache(): void {
    this.settings = null;
  }

  async attribute(probe: Probe, now = new Date()): Promise<AttributionResult> {
    return (await this.attributeMany([probe], now))[0];
  }

  // Probes are classified in one pass; lease probes go out in month groups of at most
  // LEASE_CHUNK keys as soon as a group is full, and each group's answer is decided as it
  // arrives, so the server works on one group while this process classifies or decides
  // another (docs/decisions.md, 8).
  async attributeMany(probes: Probe[], now = new Date()): Promise<AttributionResult[]> {
    const s = await this.loadSettings();
    const lookbackDays = this.config.attribution.maxBindingDays;
    const retentionStart = now.getTime() - this.config.retention.leaseDays * 86_400_000;
    const latest = now.getTime() + FUTURE_SLACK_MS;
    const batch: Batch = {
      probes,
      results: new Array<AttributionResult>(probes.length),
      natEvidence: new Map(),
      natHolders: new Map(),
      s,
    };
    const decided: Array<Promise<void>> = [];
    const batcher = new LeaseProbeBatcher((group) => {
      decided.push(
        this.repo
          .leaseCandidates(group, s.maxTolerance, lookbackDays)
          .then((rows) => this.decideGroup(batch, group, rows)),
      );
    });
    try {
      const natProbes: NatProbe[] = [];
      for (let ord = 0; ord < probes.length; ord++) {
        const { ip, at } = probes[ord];
        const t = at.getTime();
        // The common case, a canonical dotted quad outside any CGNAT pool, skips ipaddr's
        // general parser (which tries every IPv4 and IPv6 notation in turn) and its objects.
        const v4 = dottedQuad(ip);
        if (v4 >= 0 && t >= retentionStart && t <= latest) {
          if (!inV4(this.addressSpaceV4, v4)) {
            batch.results[ord] = final(
              'not_our_address',
              'the address is outside our address space',
            );
            continue;
          }
          if (!inV4(s.poolV4, v4)) {
            batcher.add(ord, ip, t);
            continue;
          }
        }
        this.classify(ord, retentionStart, latest, batch, batcher, natProbes);
      }
      // Hop 1 (CGNAT) runs while the groups already sent run too.
      if (natProbes.length > 0) await this.natHop(natProbes, lookbackDays, batch, batcher);
      batcher.flush();
      await Promise.all(decided);
    } catch (e) {
      // Let statements already sent finish, so none of them rejects unobserved.
      await Promise.allSettled(decided);
      throw e;
    }
    return batch.results;
  }

  // Everything but the fast path: other notations, IPv6, CGNAT pools, and the refusals.
  private classify(
    ord: number,
    retentionStart: number,
    latest: number,
    batch: Batch,
    batcher: LeaseProbeBatcher,
    natProbes: NatProbe[],
  ): void {
    const { ip, port, at } = batch.probes[ord];
    const t = at.getTime();
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      addr = ipaddr.process(ip);
    } catch {
      batch.results[ord] = final('not_our_address', `"${ip}" is not an IP address`);
      return;
    }
    if (!this.addressSpace.some((r) => r[0].kind() === addr.kind() && addr.match(r))) {
      batch.results[ord] = final('not_our_address', 'the address is outside our address space');
      return;
    }
    if (Number.isNaN(t)) {
      batch.results[ord] = final('no_lease', 'the time is not a valid instant');
      return;
    }
    if (t < retentionStart) {
      batch.results[ord] = final(
        'out_of_retention',
        `logs are kept ${this.config.retention.leaseDays} days`,
      );
      return;
    }
    if (t > latest) {
      batch.results[ord] = final('no_lease', 'the time is in the future');
      return;
    }
    const canonical = addr.toString();
    const pool = batch.s.poolRanges.find(
      ([, range]) => range[0].kind() === addr.kind() && addr.match(range),
    )?.[0];
    if (!pool) {
      batcher.add(ord, candidateKeys(canonical), t);
      return;
    }
    if (port === undefined || port === null) {
      batch.results[ord] = final(
        'needs_port',
        `the address is shared through CGNAT pool ${pool.name}; a source port is needed`,
      );
      return;
    }
    if (pool.deterministic) {
      const inside = deterministicInside(pool, canonical, port);
      if (!inside) {
        batch.results[ord] = final(
          'no_lease',
          `port ${port} is outside pool ${pool.name}'s port range`,
        );
        return;
      }
      batch.natEvidence.set(ord, [
        {
          hop: 'nat',
          table: 'nat_pools',
          recordId: String(pool.id),
          source: `deterministic pool ${pool.name}`,
          toleranceSeconds: 0,
          address: canonical,
          starts: null,
          ends: null,
          endIsActual: null,
          confirmedUntil: null,
          onlyWithinTolerance: false,
          subscriberRef: null,
          insideAddress: inside,
          pool: pool.name,
        },
      ]);
      batcher.add(ord, candidateKeys(inside), t);
      return;
    }
    natProbes.push({
      ord,
      ip: canonical,
      port,
      at,
      protocol: batch.probes[ord].protocol ?? null,
      span: pool.blockSize - 1,
      quarantineSeconds: pool.quarantineSeconds,
    });
  }

  // Hop 1 (CGNAT): the port block gives the inside address(es), whose leases then decide.
  private async natHop(
    natProbes: NatProbe[],
    lookbackDays: number,
    batch: Batch,
    batcher: LeaseProbeBatcher,
  ): Promise<void> {
    const s = batch.s;
    const natRows = await this.repo.natCandidates(
      natProbes,
      s.maxTolerance,
      lookbackDays,
      s.maxQuarantine,
    );
    const natByOrd = groupBy(natRows, (r) => r.ord);
    for (const np of natProbes) {
      const t = np.at.getTime();
      // A block of another protocol never held the probe's port for it; with the probe's
      // protocol unknown, blocks of every protocol compete (and a protocol-less block serves
      // every protocol).
      const rows = (natByOrd.get(np.ord) ?? []).filter(
        (r) => np.protocol === null || !r.protocol || r.protocol === np.protocol,
      );
      // A port in its post-release quarantine belongs to nobody, whatever block lies near.
      if (rows.some((r) => inQuarantine(r.ends?.getTime() ?? null, t, np.quarantineSeconds))) {
        batch.results[np.ord] = noLease(
          'the port was released just before this time and is in quarantine (RFC 6888): it belongs to nobody',
          rows.map((r) => natEvidence(r, t, s)),
        );
        continue;
      }
      const nearRows = rows.filter((r) =>
        near(r.starts.getTime(), blockEnd(r), t, tol(s, r.sourceId)),
      );
      const holding = nearRows.filter((r) => holds(r.starts.getTime(), blockEnd(r), t));
      if (holding.length === 0) {
        // Tolerance never creates a match: a block only near the time holds nothing.
        batch.results[np.ord] = noLease(
          lastConfirmed(rows, t) ?? 'no port block holds this address and port at this time',
          nearRows.map((r) => natEvidence(r, t, s)),
        );
        continue;
      }
      batch.natEvidence.set(
        np.ord,
        nearRows.map((r) => natEvidence(r, t, s)),
      );
      // Leases are looked up for every block near the time (competitors); only those on the
      // inside address of a block that holds the time can hold it.
      const holderKeys = new Set<string>();
      for (const r of holding) for (const k of candidateKeys(r.insideIp)) holderKeys.add(k);
      batch.natHolders.set(np.ord, holderKeys);
      const keys = new Set(holderKeys);
      for (const r of nearRows) for (const k of candidateKeys(r.insideIp)) keys.add(k);
      batcher.add(np.ord, [...keys], t);
    }
  }

  // Decides every probe of one group from that group's answer (all of a probe's keys are in
  // one group).
  private decideGroup(batch: Batch, group: LeaseGroup, rows: LeaseCandidate[]): void {
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
      batch.results[ord] = this.decide(batch, ord, first.get(ord), more?.get(ord));
    }
  }

  // The matching rule (matching-rule.ts): some account holds t and no other account's record
  // lies within its tolerance.
  private decide(
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
      if (!first || !near(first.starts, end, t, tol(s, first.sourceId))) {
        return {
          outcome: 'no_lease',
          subscriberRef: null,
          candidates: 0,
          reason: 'no lease covers this address at this time',
          evidence: nat ?? [],
        };
      }
      const holder = holds(first.starts, end, t) && (!holderKeys || holderKeys.has(first.address));
      return this.decideOne(first, holder, nat, t, s);
    }
    const tally = new AccountTally();
    let nearOne: LeaseCandidate | undefined;
    let nearSeveral: LeaseCandidate[] | undefined;
    for (const c of first ? [first, ...more] : more) {
      const end = c.ends ?? c.confirmedUntil;
      if (!near(c.starts, end, t, tol(s, c.sourceId))) continue;
      const holder = holds(c.starts, end, t) && (!holderKeys || holderKeys.has(c.address));
      tally.add(c.reference ?? `unmapped:${c.id}`, holder);
      if (!nearOne) nearOne = c;
      else (nearSeveral ??= [nearOne]).push(c);
    }
    if (!nearOne) {
      return {
        outcome: 'no_lease',
        subscriberRef: null,
        candidates: 0,
        reason: 'no lease covers this address at this time',
        evidence: nat ?? [],
      };
    }
    if (!nearSeveral) return this.decideOne(nearOne, tally.holder, nat, t, s);
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
    return this.decideOne(nearOne, true, nat, t, s, nearSeveral);
  }

  // One account's records (one record, or several of the same account) near t.
  private decideOne(
    c: LeaseCandidate,
    holder: boolean,
    nat: Evidence[] | undefined,
    t: number,
    s: Settings,
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

  private async loadSettings(): Promise<Settings> {
    if (this.settings && Date.now() - this.settings.loadedAt < CACHE_MS) return this.settings;
    const [sources, pools] = await Promise.all([this.repo.sources(), this.pools.listPools()]);
    const tolerances = [...sources.values()].map((x) => x.toleranceSeconds);
    const poolRanges = pools.map((x): [NatPool, [ipaddr.IPv4 | ipaddr.IPv6, number]] => [
      x,
      ipaddr.parseCIDR(x.publicPrefix),
    ]);
    this.settings = {
      sources,
      pools,
      poolRanges,
      poolV4: v4Ranges(poolRanges.map(([, range]) => range)),
      maxTolerance: Math.max(60, ...tolerances),
      maxQuarantine: Math.max(0, ...pools.map((x) => x.quarantineSeconds)),
      loadedAt: Date.now(),
    };
    return this.settings;
  }
}

// The address as an unsigned 32-bit number when `ip` is a canonical dotted quad (four decimal
// octets, no leading zeros), else -1; such a string is already ipaddr's canonical form.
export function dottedQuad(ip: string): number {
  const len = ip.length;
  if (len < 7 || len > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + c - 0x30;
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function v4Ranges(ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>): V4Range[] {
  const out: V4Range[] = [];
  for (const [base, bits] of ranges) {
    if (base.kind() !== 'ipv4') continue;
    const shift = 32 - bits;
    // Shifting by 32 is shifting by 0 in JS: a /0 is written as "everything".
    out.push(
      shift >= 32
        ? { network: 0, shift: -1 }
        : { network: dottedQuad(base.toString()) >>> shift, shift },
    );
  }
  return out;
}

function inV4(ranges: V4Range[], v4: number): boolean {
  for (const r of ranges) {
    if (r.shift < 0 || v4 >>> r.shift === r.network) return true;
  }
  return false;
}

function final(outcome: AttributionResult['outcome'], reason: string): AttributionResult {
  return { outcome, subscriberRef: null, candidates: 0, reason, evidence: [] };
}

// A decided result whose evidence is built when first read: only the edges (HTTP answer,
// stored attribution) read it, and turning every record's times into ISO strings for callers
// that only want the outcome cost more than the decision itself. `evidence` is an own
// enumerable property, so JSON, spreading and deep equality see it like any other.
class DecidedResult implements AttributionResult {
  declare evidence: Evidence[];
  #evidence: Evidence[] | null = null;
  readonly #nat: readonly Evidence[] | undefined;
  readonly #leases: readonly LeaseCandidate[];
  readonly #t: number;
  readonly #s: Settings;

  constructor(
    public outcome: AttributionResult['outcome'],
    public subscriberRef: string | null,
    public candidates: number,
    public reason: string | null,
    nat: readonly Evidence[] | undefined,
    leases: readonly LeaseCandidate[],
    t: number,
    s: Settings,
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

function tol(s: Settings, sourceId: number): number {
  return s.sources.get(sourceId)?.toleranceSeconds ?? 60;
}

function blockEnd(r: NatCandidate): number {
  return (r.ends ?? r.confirmedUntil).getTime();
}

// Records lie within tolerance of t but none holds it: tolerance never makes a match.
function noHolder(
  nat: Evidence[] | undefined,
  records: readonly LeaseCandidate[],
  t: number,
  s: Settings,
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

function noLease(reason: string, evidence: Evidence[]): AttributionResult {
  return { outcome: 'no_lease', subscriberRef: null, candidates: 0, reason, evidence };
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

// IPv4: the address itself. IPv6: the /128 and every delegation length that could hold it.
export function candidateKeys(address: string): string[] {
  // Addresses arrive canonical (ipaddr's toString): an IPv4 one is its own only key.
  if (!address.includes(':')) return [address];
  const addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv4') return [addr.toString()];
  const out = [addr.toString()];
  for (const len of V6_PREFIX_LENGTHS) {
    out.push(
      `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${len}`).toString()}/${len}`,
    );
  }
  return out;
}

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function leaseEvidence(r: LeaseCandidate, t: number, s: Settings): Evidence {
  const end = r.ends ?? r.confirmedUntil;
  const source = s.sources.get(r.sourceId);
  const ends = r.ends === null ? null : isoInstant(r.ends);
  return {
    hop: 'lease',
    table: 'lease_bindings',
    recordId: r.id,
    source: source?.name ?? String(r.sourceId),
    toleranceSeconds: source?.toleranceSeconds ?? 60,
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

function natEvidence(r: NatCandidate, t: number, s: Settings): Evidence {
  const source = s.sources.get(r.sourceId);
  const end = (r.ends ?? r.confirmedUntil).getTime();
  return {
    hop: 'nat',
    table: 'nat_port_blocks',
    recordId: r.id,
    source: source?.name ?? String(r.sourceId),
    toleranceSeconds: source?.toleranceSeconds ?? 60,
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
