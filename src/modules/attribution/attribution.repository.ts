import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { leaseCandidatesSql, NAT_BLOCK_CANDIDATES } from '../../database/queries/attribution.sql';

export interface LeaseProbe {
  ord: number;
  ip: string;
  at: Date;
}

export interface LeaseCandidate {
  ord: number;
  id: string;
  sourceId: number;
  address: string;
  masklen: number;
  starts: Date;
  ends: Date | null;
  confirmedUntil: Date;
  endIsActual: boolean;
  reference: string | null;
}

export interface NatProbe {
  ord: number;
  ip: string;
  port: number;
  at: Date;
  span: number;
}

export interface NatCandidate {
  ord: number;
  id: string;
  sourceId: number;
  publicIp: string;
  portLo: number;
  portHi: number;
  insideIp: string;
  pool: string | null;
  starts: Date;
  ends: Date | null;
  confirmedUntil: Date;
}

const MONTH = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);

// Only reads lease and NAT history and the account mapping; never the identity schema.
@Injectable()
export class AttributionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Probes are grouped by month so each query carries literal partition bounds.
  async leaseCandidates(
    probes: LeaseProbe[],
    toleranceSeconds: number,
    lookbackDays: number,
  ): Promise<LeaseCandidate[]> {
    const groups = new Map<number, LeaseProbe[]>();
    for (const p of probes) {
      const k = MONTH(p.at);
      const g = groups.get(k);
      if (g) g.push(p);
      else groups.set(k, [p]);
    }
    const out: LeaseCandidate[] = [];
    for (const group of groups.values()) {
      let min = group[0].at.getTime();
      let max = min;
      for (const p of group) {
        const t = p.at.getTime();
        if (t < min) min = t;
        if (t > max) max = t;
      }
      const lower = new Date(min - lookbackDays * 86_400_000).toISOString();
      const upper = new Date(max + toleranceSeconds * 1000).toISOString();
      const rows: Array<Record<string, unknown>> = await this.ds.query(
        leaseCandidatesSql(lower, upper),
        [
          group.map((p) => p.ord),
          group.map((p) => p.ip),
          group.map((p) => p.at.getTime()),
          `${toleranceSeconds} seconds`,
          `${lookbackDays} days`,
        ],
      );
      for (const r of rows) {
        out.push({
          ord: Number(r.ord),
          id: String(r.id),
          sourceId: Number(r.source_id),
          address: String(r.address),
          masklen: Number(r.masklen),
          starts: new Date(Number(r.starts)),
          ends: r.ends === null ? null : new Date(Number(r.ends)),
          confirmedUntil: new Date(Number(r.confirmed_until)),
          endIsActual: Boolean(r.end_is_actual),
          reference: (r.reference as string | null) ?? null,
        });
      }
    }
    return out;
  }

  async natCandidates(
    probes: NatProbe[],
    toleranceSeconds: number,
    lookbackDays: number,
    quarantineSeconds: number,
  ): Promise<NatCandidate[]> {
    if (probes.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.ds.query(NAT_BLOCK_CANDIDATES, [
      probes.map((p) => p.ord),
      probes.map((p) => p.ip),
      probes.map((p) => p.port),
      probes.map((p) => p.at),
      probes.map((p) => p.span),
      `${toleranceSeconds} seconds`,
      `${lookbackDays} days`,
      `${quarantineSeconds} seconds`,
    ]);
    return rows.map((r) => ({
      ord: Number(r.ord),
      id: String(r.id),
      sourceId: Number(r.source_id),
      publicIp: String(r.public_ip),
      portLo: Number(r.port_lo),
      portHi: Number(r.port_hi),
      insideIp: String(r.inside_ip),
      pool: (r.pool as string | null) ?? null,
      starts: r.starts as Date,
      ends: (r.ends as Date | null) ?? null,
      confirmedUntil: r.confirmed_until as Date,
    }));
  }

  async sources(): Promise<Map<number, { name: string; toleranceSeconds: number }>> {
    const rows: Array<{ id: number; name: string; tolerance_seconds: number }> =
      await this.ds.query(`SELECT id, name, tolerance_seconds FROM lease_sources`);
    return new Map(
      rows.map((r) => [r.id, { name: r.name, toleranceSeconds: r.tolerance_seconds }]),
    );
  }
}
