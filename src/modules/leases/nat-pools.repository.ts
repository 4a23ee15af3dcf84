import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NatPool } from './nat-pools';

export type NewNatPool = Omit<NatPool, 'id'>;

@Injectable()
export class NatPoolsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async upsertPool(p: NewNatPool): Promise<NatPool> {
    await this.ds.query(
      `INSERT INTO nat_pools (name, public_prefix, inside_prefix, port_min, port_max, block_size, deterministic, quarantine_seconds)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (name) DO UPDATE SET public_prefix = EXCLUDED.public_prefix,
         inside_prefix = EXCLUDED.inside_prefix, port_min = EXCLUDED.port_min,
         port_max = EXCLUDED.port_max, block_size = EXCLUDED.block_size,
         deterministic = EXCLUDED.deterministic, quarantine_seconds = EXCLUDED.quarantine_seconds`,
      [
        p.name,
        p.publicPrefix,
        p.insidePrefix,
        p.portMin,
        p.portMax,
        p.blockSize,
        p.deterministic,
        p.quarantineSeconds,
      ],
    );
    return (await this.listPools()).find((x) => x.name === p.name)!;
  }

  async listPools(): Promise<NatPool[]> {
    const rows: Array<{
      id: number;
      name: string;
      public_prefix: string;
      inside_prefix: string | null;
      port_min: number;
      port_max: number;
      block_size: number;
      deterministic: boolean;
      quarantine_seconds: number;
    }> = await this.ds.query(
      `SELECT id, name, public_prefix::text, inside_prefix::text, port_min, port_max, block_size,
              deterministic, quarantine_seconds FROM nat_pools ORDER BY name`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      publicPrefix: r.public_prefix,
      insidePrefix: r.inside_prefix,
      portMin: Number(r.port_min),
      portMax: Number(r.port_max),
      blockSize: Number(r.block_size),
      deterministic: Boolean(r.deterministic),
      quarantineSeconds: Number(r.quarantine_seconds),
    }));
  }
}
