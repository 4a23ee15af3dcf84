import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { leaseCandidatesSql, NAT_BLOCK_CANDIDATES } from '../../database/queries/attribution.sql';

// A lease binding that may hold a probe's address near its time. Times are epoch ms; only
// evidence, built when someone reads it, turns them into ISO strings.
export interface LeaseCandidate {
  ord: number;
  id: string;
  sourceId: number;
  // The probe key the binding equals: a host address or a delegated prefix ("2001:db8::/56").
  address: string;
  starts: number;
  ends: number | null;
  confirmedUntil: number;
  endIsActual: boolean;
  reference: string | null;
}

// The probes of one statement: one month (so its partition bounds are literals), at most
// LEASE_CHUNK keys, and every key of a probe in the same group (so a group's answer decides
// its probes on its own).
export interface LeaseGroup {
  ords: number[];
  keys: string[];
  times: number[];
  min: number;
  max: number;
}

export interface NatProbe {
  ord: number;
  ip: string;
  port: number;
  at: Date;
  // The probe's transport protocol, if known; decided in JS, not sent.
  protocol: 'tcp' | 'udp' | null;
  span: number;
  // The pool's port quarantine after a release (RFC 6888); decided in JS, not sent.
  quarantineSeconds: number;
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
  // NULL: the block serves every protocol.
  protocol: string | null;
  starts: Date;
  ends: Date | null;
  confirmedUntil: Date;
}

// Probe keys per statement. Smaller groups let the server start on the first while the caller
// still classifies the rest of a batch, and let the caller decide one group's answer while the
// server runs others; each statement also costs a plan and a round trip. 1,000 beat 2,500 and
// 5,000 in bench:attribution; a 10k batch (the API's largest) is then ~10 statements, about
// the pool's size (docs/decisions.md, 8).
export const LEASE_CHUNK = 1000;

// Collects a batch's lease probes into month groups and hands each group over as soon as it
// is full, so its statement can be sent before the batch is fully classified.
export class LeaseProbeBatcher {
  private readonly open = new Map<number, LeaseGroup>();
  // Month of the last probe: probes of one batch mostly fall in one or two months.
  private monthStart = 0;
  private monthEnd = 0;

  constructor(
    private readonly onGroup: (group: LeaseGroup) => void,
    private readonly chunk = LEASE_CHUNK,
  ) {}

  // All keys of one probe (an address, or an IPv6 address and its candidate prefixes).
  add(ord: number, keys: string | readonly string[], at: number): void {
    if (at < this.monthStart || at >= this.monthEnd) {
      const d = new Date(at);
      this.monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      this.monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
    let g = this.open.get(this.monthStart);
    if (!g) {
      g = { ords: [], keys: [], times: [], min: at, max: at };
      this.open.set(this.monthStart, g);
    }
    if (typeof keys === 'string') {
      g.ords.push(ord);
      g.keys.push(keys);
      g.times.push(at);
    } else {
      for (const k of keys) {
        g.ords.push(ord);
        g.keys.push(k);
        g.times.push(at);
      }
    }
    if (at < g.min) g.min = at;
    if (at > g.max) g.max = at;
    if (g.keys.length >= this.chunk) {
      this.open.delete(this.monthStart);
      this.onGroup(g);
    }
  }

  // Hands over the groups not yet full.
  flush(): void {
    for (const g of this.open.values()) this.onGroup(g);
    this.open.clear();
  }
}

// Only reads lease and NAT history and the account mapping; never the identity schema.
@Injectable()
export class AttributionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // One group's candidates: every binding of its keys within the tolerance window.
  async leaseCandidates(
    group: LeaseGroup,
    toleranceSeconds: number,
    lookbackDays: number,
  ): Promise<LeaseCandidate[]> {
    const r = await this.pgPool().query<{ candidates: string | null }>(
      ...leaseCandidatesQuery(group, toleranceSeconds, lookbackDays),
    );
    const out: LeaseCandidate[] = [];
    const text = r.rows[0]?.candidates;
    if (text) decodeLeaseCandidates(text, group, out);
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
      protocol: (r.protocol as string | null) ?? null,
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

// The statement and parameters for one group (shared with bench:attribution, whose bare-SQL
// baseline sends exactly this).
export function leaseCandidatesQuery(
  group: LeaseGroup,
  toleranceSeconds: number,
  lookbackDays: number,
): [string, unknown[]] {
  const lower = new Date(group.min - lookbackDays * 86_400_000).toISOString();
  const upper = new Date(group.max + toleranceSeconds * 1000).toISOString();
  return [
    leaseCandidatesSql(lower, upper),
    [
      arrayLiteral(group.keys),
      `{${group.times.join(',')}}`,
      `${toleranceSeconds} seconds`,
      `${lookbackDays} days`,
    ],
  ];
}

const PLAIN_ELEMENT = /^[0-9A-Fa-f.:/]+$/;

// A PostgreSQL array literal of addresses. pg's own array serialiser quotes and escapes every
// element; canonical addresses and prefixes need neither, so the common case is one join.
export function arrayLiteral(values: readonly string[]): string {
  if (values.every((v) => PLAIN_ELEMENT.test(v))) return `{${values.join(',')}}`;
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

const FIELD = 0x1f;

// Decodes the compact answer of leaseCandidatesSql (see the field list there) for the group
// it answers. A scan over the string: splitting it into ten strings per record and building
// Dates made decoding a main source of garbage on the hot path.
export function decodeLeaseCandidates(
  text: string,
  group: LeaseGroup,
  out: LeaseCandidate[],
): void {
  const r = new CompactReader(text);
  while (!r.done()) {
    const n = r.int(); // 1-based position of the probe key in the group
    const id = r.text();
    const sourceId = r.int();
    const starts = r.int();
    const ends = r.empty() ? null : r.int();
    const confirmedUntil = r.int();
    const endIsActual = r.text() === 't';
    // Last, and read to the record's end whatever characters it holds: '' = unmapped.
    const reference = r.rest();
    out.push({
      ord: group.ords[n - 1],
      id,
      sourceId,
      address: group.keys[n - 1],
      starts,
      ends,
      confirmedUntil,
      endIsActual,
      reference: reference === '' ? null : reference.slice(1),
    });
  }
}

// Reads \x1f-separated fields of \x1e-separated records; each read consumes its separator.
class CompactReader {
  private pos = 0;

  constructor(private readonly s: string) {}

  done(): boolean {
    return this.pos >= this.s.length;
  }

  // A field that is empty (consumed) or not (left to read).
  empty(): boolean {
    if (this.s.charCodeAt(this.pos) !== FIELD) return false;
    this.pos++;
    return true;
  }

  // A decimal integer, possibly negative (epoch ms before 1970), without making a string.
  int(): number {
    const s = this.s;
    let i = this.pos;
    const negative = s.charCodeAt(i) === 0x2d;
    if (negative) i++;
    let v = 0;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i))
      v = v * 10 + c - 0x30;
    this.pos = i + 1;
    return negative ? -v : v;
  }

  text(): string {
    let end = this.s.indexOf('\x1f', this.pos);
    if (end < 0) end = this.s.length;
    const v = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return v;
  }

  rest(): string {
    let end = this.s.indexOf('\x1e', this.pos);
    if (end < 0) end = this.s.length;
    const v = this.s.slice(this.pos, end);
    this.pos = end + 1;
    return v;
  }
}
