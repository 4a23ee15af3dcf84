import { Inject, Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { deterministicInside, NatPool } from '../leases/nat-pools';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import {
  AttributionRepository,
  LeaseCandidate,
  LeaseProbe,
  NatCandidate,
  NatProbe,
} from './attribution.repository';
import { AttributionResult, Evidence, Probe } from './attribution.types';

// DHCPv6 prefix delegations are /48 to /64; a notice's /128 is tried against each length.
const V6_PREFIX_LENGTHS = [40, 44, 48, 52, 56, 60, 62, 64];
const CACHE_MS = 30_000;
const FUTURE_SLACK_MS = 5 * 60_000;

interface Settings {
  sources: Map<number, { name: string; toleranceSeconds: number }>;
  pools: NatPool[];
  // Each pool's public prefix parsed once, not per probe.
  poolRanges: Array<[NatPool, [ipaddr.IPv4 | ipaddr.IPv6, number]]>;
  maxTolerance: number;
  maxQuarantine: number;
  loadedAt: number;
}

interface Pending {
  probe: Probe;
  result?: AttributionResult;
  natEvidence: Evidence[];
  // Addresses whose leases decide (the probe's own, or inside addresses behind CGNAT).
  leaseAddresses: string[];
}

// Answers "who held this address (and port) at that second" with a pseudonymous reference,
// never identity, and says so when it cannot tell (MA-1..MA-6, VA-4, VA-5).
@Injectable()
export class AttributionService {
  private settings: Settings | null = null;
  private readonly addressSpace: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(
    private readonly repo: AttributionRepository,
    private readonly pools: NatPoolsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.addressSpace = config.addressSpace.map((c) => ipaddr.parseCIDR(c));
  }

  invalidateCache(): void {
    this.settings = null;
  }

  async attribute(probe: Probe, now = new Date()): Promise<AttributionResult> {
    return (await this.attributeMany([probe], now))[0];
  }

  async attributeMany(probes: Probe[], now = new Date()): Promise<AttributionResult[]> {
    const s = await this.loadSettings();
    const lookbackDays = this.config.attribution.maxBindingDays;
    const retentionStart = now.getTime() - this.config.retention.leaseDays * 86_400_000;
    const pending: Pending[] = probes.map((probe) => ({
      probe,
      natEvidence: [],
      leaseAddresses: [],
    }));
    const natProbes: NatProbe[] = [];

    pending.forEach((p, ord) => {
      const { ip, port, at } = p.probe;
      let addr: ipaddr.IPv4 | ipaddr.IPv6;
      try {
        addr = plainIpv4(ip) ?? ipaddr.process(ip);
      } catch {
        p.result = final('not_our_address', `"${ip}" is not an IP address`);
        return;
      }
      if (!this.addressSpace.some((r) => r[0].kind() === addr.kind() && addr.match(r))) {
        p.result = final('not_our_address', 'the address is outside our address space');
        return;
      }
      if (at.getTime() < retentionStart) {
        p.result = final(
          'out_of_retention',
          `logs are kept ${this.config.retention.leaseDays} days`,
        );
        return;
      }
      if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) {
        p.result = final('no_lease', 'the time is in the future');
        return;
      }
      const canonical = addr.toString();
      const pool = s.poolRanges.find(
        ([, range]) => range[0].kind() === addr.kind() && addr.match(range),
      )?.[0];
      if (!pool) {
        p.leaseAddresses = [canonical];
        return;
      }
      if (port === undefined || port === null) {
        p.result = final(
          'needs_port',
          `the address is shared through CGNAT pool ${pool.name}; a source port is needed`,
        );
        return;
      }
      if (pool.deterministic) {
        const inside = deterministicInside(pool, canonical, port);
        if (!inside) {
          p.result = final('no_lease', `port ${port} is outside pool ${pool.name}'s port range`);
          return;
        }
        p.leaseAddresses = [inside];
        p.natEvidence.push({
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
        });
        return;
      }
      natProbes.push({ ord, ip: canonical, port, at, span: pool.blockSize - 1 });
    });

    // Hop 1 (CGNAT): the port block gives the inside address(es).
    const natRows = await this.repo.natCandidates(
      natProbes,
      s.maxTolerance,
      lookbackDays,
      s.maxQuarantine,
    );
    const natByOrd = groupBy(natRows, (r) => r.ord);
    for (const np of natProbes) {
      const p = pending[np.ord];
      const t = np.at.getTime();
      const rows = natByOrd.get(np.ord) ?? [];
      const covering = rows.filter((r) =>
        covers(r.starts, r.ends ?? r.confirmedUntil, t, this.tol(s, r.sourceId)),
      );
      if (covering.length === 0) {
        const quarantined = rows.some((r) => r.ends && r.ends.getTime() < t);
        p.result = final(
          'no_lease',
          quarantined
            ? 'the port was released just before this time and is in quarantine (RFC 6888): it belongs to nobody'
            : (lastConfirmed(rows, t) ?? 'no port block holds this address and port at this time'),
        );
        continue;
      }
      p.natEvidence = covering.map((r) => natEvidence(r, t, s));
      p.leaseAddresses = [...new Set(covering.map((r) => r.insideIp))];
    }

    // Hop 2: leases of the address (or inside addresses), all in one batched query.
    const leaseProbes: LeaseProbe[] = [];
    pending.forEach((p, ord) => {
      if (p.result) return;
      for (const a of p.leaseAddresses) {
        for (const candidate of candidateKeys(a))
          leaseProbes.push({ ord, ip: candidate, at: p.probe.at });
      }
    });
    const leaseRows =
      leaseProbes.length > 0
        ? await this.repo.leaseCandidates(leaseProbes, s.maxTolerance, lookbackDays)
        : [];
    const leasesByOrd = groupBy(leaseRows, (r) => r.ord);
    return pending.map((p, ord) => p.result ?? this.decide(p, leasesByOrd.get(ord) ?? [], s));
  }

  private decide(p: Pending, rows: LeaseCandidate[], s: Settings): AttributionResult {
    const t = p.probe.at.getTime();
    const covering = rows.filter((r) =>
      covers(r.starts, r.ends ?? r.confirmedUntil, t, this.tol(s, r.sourceId)),
    );
    const accounts = new Set(covering.map((r) => r.reference ?? `unmapped:${r.id}`));
    const evidence = [...p.natEvidence, ...covering.map((r) => leaseEvidence(r, t, s))];
    if (accounts.size === 0) {
      return {
        ...final('no_lease', 'no lease covers this address at this time'),
        evidence: p.natEvidence,
      };
    }
    if (accounts.size > 1) {
      return {
        outcome: 'ambiguous',
        subscriberRef: null,
        candidates: accounts.size,
        reason: `${accounts.size} accounts held the address within the tolerance window`,
        evidence,
      };
    }
    const ref = covering[0].reference;
    if (!ref) {
      return {
        outcome: 'no_lease',
        subscriberRef: null,
        candidates: 1,
        reason: 'a lease covers the time but its identifier maps to no subscriber account',
        evidence,
      };
    }
    return { outcome: 'unique', subscriberRef: ref, candidates: 1, reason: null, evidence };
  }

  private tol(s: Settings, sourceId: number): number {
    return s.sources.get(sourceId)?.toleranceSeconds ?? 60;
  }

  private async loadSettings(): Promise<Settings> {
    if (this.settings && Date.now() - this.settings.loadedAt < CACHE_MS) return this.settings;
    const [sources, pools] = await Promise.all([this.repo.sources(), this.pools.listPools()]);
    const tolerances = [...sources.values()].map((x) => x.toleranceSeconds);
    this.settings = {
      sources,
      pools,
      poolRanges: pools.map((x) => [x, ipaddr.parseCIDR(x.publicPrefix)]),
      maxTolerance: Math.max(60, ...tolerances),
      maxQuarantine: Math.max(0, ...pools.map((x) => x.quarantineSeconds)),
      loadedAt: Date.now(),
    };
    return this.settings;
  }
}

const DOTTED_QUAD =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// The common case, a canonical dotted quad, without ipaddr's general parser (which tries
// every IPv4 and IPv6 notation in turn); anything else goes through ipaddr.process.
function plainIpv4(ip: string): ipaddr.IPv4 | null {
  const m = DOTTED_QUAD.exec(ip);
  return m ? new ipaddr.IPv4([Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]) : null;
}

function final(outcome: AttributionResult['outcome'], reason: string): AttributionResult {
  return { outcome, subscriberRef: null, candidates: 0, reason, evidence: [] };
}

function covers(starts: Date, end: Date, t: number, tolSeconds: number): boolean {
  const tol = tolSeconds * 1000;
  return starts.getTime() - tol <= t && t <= end.getTime() + tol;
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

function strictlyCovers(starts: Date, end: Date, t: number): boolean {
  return starts.getTime() <= t && t <= end.getTime();
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
  return {
    hop: 'lease',
    table: 'lease_bindings',
    recordId: r.id,
    source: source?.name ?? String(r.sourceId),
    toleranceSeconds: source?.toleranceSeconds ?? 60,
    address: r.masklen === 32 || r.masklen === 128 ? r.address : `${r.address}/${r.masklen}`,
    starts: r.starts.toISOString(),
    ends: r.ends?.toISOString() ?? null,
    endIsActual: r.endIsActual,
    confirmedUntil: r.confirmedUntil.toISOString(),
    onlyWithinTolerance: !strictlyCovers(r.starts, end, t),
    subscriberRef: r.reference,
  };
}

function natEvidence(r: NatCandidate, t: number, s: Settings): Evidence {
  const source = s.sources.get(r.sourceId);
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
    onlyWithinTolerance: !strictlyCovers(r.starts, r.ends ?? r.confirmedUntil, t),
    subscriberRef: null,
    ports: [r.portLo, r.portHi],
    insideAddress: r.insideIp,
    pool: r.pool,
  };
}
