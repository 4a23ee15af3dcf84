import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
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

  // Probes are grouped by month so each query carries literal partition bounds. The groups of
  // one batch run at once on separate pool connections: the server executes one while this
  // process decodes another's answer.
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
    const answers = await Promise.all(
      [...groups.values()].map(async (group) => {
        const r = await this.pgPool().query<{ candidates: string | null }>(
          ...leaseCandidatesQuery(group, toleranceSeconds, lookbackDays),
        );
        return r.rows[0]?.candidates ?? null;
      }),
    );
    const out: LeaseCandidate[] = [];
    for (const text of answers) if (text) decodeLeaseCandidates(text, out);
    return out;
  }

  // The hot path goes to TypeORM's pg pool directly: a query runner per statement (acquire,
  // wrap, release, result normalisation) cost ~20 % of a 10k-probe batch.
  private pgPool(): Pool {
    return (this.ds.driver as unknown as { master: Pool }).master;
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

// The statement and parameters for one month's group of probes (shared with bench:attribution,
// whose bare-SQL baseline sends exactly this).
export function leaseCandidatesQuery(
  group: Array<{ ord: number; ip: string; at: Date }>,
  toleranceSeconds: number,
  lookbackDays: number,
): [string, unknown[]] {
  let min = group[0].at.getTime();
  let max = min;
  const ords = new Array<number>(group.length);
  const ips = new Array<string>(group.length);
  const times = new Array<number>(group.length);
  for (let i = 0; i < group.length; i++) {
    const p = group[i];
    const t = p.at.getTime();
    if (t < min) min = t;
    if (t > max) max = t;
    ords[i] = p.ord;
    ips[i] = p.ip;
    times[i] = t;
  }
  const lower = new Date(min - lookbackDays * 86_400_000).toISOString();
  const upper = new Date(max + toleranceSeconds * 1000).toISOString();
  return [
    leaseCandidatesSql(lower, upper),
    [ords, ips, times, `${toleranceSeconds} seconds`, `${lookbackDays} days`],
  ];
}

// Decodes the compact answer of leaseCandidatesSql (see the field list there).
export function decodeLeaseCandidates(text: string, out: LeaseCandidate[]): void {
  for (const record of text.split('\x1e')) {
    const f = record.split('\x1f');
    out.push({
      ord: Number(f[0]),
      id: f[1],
      sourceId: Number(f[2]),
      address: f[3],
      masklen: Number(f[4]),
      starts: new Date(Number(f[5])),
      ends: f[6] === '' ? null : new Date(Number(f[6])),
      confirmedUntil: new Date(Number(f[7])),
      endIsActual: f[8] === 'true',
      // The reference is last and may itself hold the separator only if someone put control
      // characters into it; rejoin to be safe.
      reference: f[9] === '' ? null : f.slice(9).join('\x1f').slice(1),
    });
  }
}
