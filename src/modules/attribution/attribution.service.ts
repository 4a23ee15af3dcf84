import { Inject, Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { deterministicInside } from '../leases/nat-pools';
import {
  Cidr,
  V4Range,
  candidateKeys,
  dottedQuad,
  inRanges,
  inV4,
  v4Ranges,
} from './address-classes';
import { AttributionRepository, LeaseProbeBatcher, NatProbe } from './attribution.repository';
import { AttributionSettingsCache } from './attribution-settings';
import { AttributionResult, Probe } from './attribution.types';
import { deterministicEvidence, final } from './decided-result';
import { Batch, decideGroup, decideNatHop } from './decision';

const FUTURE_SLACK_MS = 5 * 60_000;

// Answers "who held this address (and port) at that second" with a pseudonymous reference,
// never identity, and says so when it cannot tell (MA-1..MA-6, VA-4, VA-5). This class
// classifies probes and sends the lookups; address arithmetic is in address-classes.ts, the
// settings cache in attribution-settings.ts, the decision in decision.ts and the answers with
// their lazily built evidence in decided-result.ts.
@Injectable()
export class AttributionService {
  private readonly addressSpace: Cidr[];
  private readonly addressSpaceV4: V4Range[];

  constructor(
    private readonly repo: AttributionRepository,
    private readonly settings: AttributionSettingsCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.addressSpace = config.addressSpace.map((c) => ipaddr.parseCIDR(c));
    this.addressSpaceV4 = v4Ranges(this.addressSpace);
  }

  invalidateCache(): void {
    this.settings.invalidate();
  }

  async attribute(probe: Probe, now = new Date()): Promise<AttributionResult> {
    return (await this.attributeMany([probe], now))[0];
  }

  // Probes are classified in one pass; lease probes go out in month groups of at most
  // LEASE_CHUNK keys as soon as a group is full, and each group's answer is decided as it
  // arrives, so the server works on one group while this process classifies or decides
  // another (docs/decisions.md, 8).
  async attributeMany(probes: Probe[], now = new Date()): Promise<AttributionResult[]> {
    const s = await this.settings.get();
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
          .then((rows) => decideGroup(batch, group, rows)),
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
    if (!inRanges(addr, this.addressSpace)) {
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
      batch.natEvidence.set(ord, [deterministicEvidence(pool, canonical, inside)]);
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
    const natByOrd = new Map<number, typeof natRows>();
    for (const r of natRows) {
      const g = natByOrd.get(r.ord);
      if (g) g.push(r);
      else natByOrd.set(r.ord, [r]);
    }
    for (const np of natProbes) {
      const hop = decideNatHop(np, natByOrd.get(np.ord) ?? [], s);
      if ('result' in hop) {
        batch.results[np.ord] = hop.result;
        continue;
      }
      batch.natEvidence.set(np.ord, hop.evidence);
      batch.natHolders.set(np.ord, hop.holderKeys);
      batcher.add(np.ord, hop.keys, np.at.getTime());
    }
  }
}
