import { Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import { NatPool } from '../leases/nat-pools';
import { NatPoolsRepository } from '../leases/nat-pools.repository';
import { Cidr, V4Range, v4Ranges } from './address-classes';
import { AttributionRepository } from './attribution.repository';

const CACHE_MS = 30_000;

// What attribution reads from the database besides the records: each log source's name and
// clock tolerance, and the CGNAT pools with their prefixes parsed once.
export interface AttributionSettings {
  sources: Map<number, { name: string; toleranceSeconds: number }>;
  pools: NatPool[];
  // Each pool's public prefix parsed once, not per probe.
  poolRanges: Array<[NatPool, Cidr]>;
  // The IPv4 ones again as integers, for the dotted-quad fast path.
  poolV4: V4Range[];
  maxTolerance: number;
  maxQuarantine: number;
  loadedAt: number;
}

// A source's clock tolerance in seconds (60 for a source not yet known).
export function toleranceOf(s: AttributionSettings, sourceId: number): number {
  return s.sources.get(sourceId)?.toleranceSeconds ?? 60;
}

// The settings, read at most every CACHE_MS; `invalidate` makes the next read fresh (after a
// source's tolerance or a pool changes in this process).
@Injectable()
export class AttributionSettingsCache {
  private settings: AttributionSettings | null = null;

  constructor(
    private readonly repo: AttributionRepository,
    private readonly pools: NatPoolsRepository,
  ) {}

  invalidate(): void {
    this.settings = null;
  }

  async get(): Promise<AttributionSettings> {
    if (this.settings && Date.now() - this.settings.loadedAt < CACHE_MS) return this.settings;
    const [sources, pools] = await Promise.all([this.repo.sources(), this.pools.listPools()]);
    const tolerances = [...sources.values()].map((x) => x.toleranceSeconds);
    const poolRanges = pools.map((x): [NatPool, Cidr] => [x, ipaddr.parseCIDR(x.publicPrefix)]);
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
