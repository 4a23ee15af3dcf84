import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRows } from '../../database/checked-rows';
import { exportStateRow } from './blocking.rows';
import { ExportStateRow } from './blocking.types';

// The exports' serial and the digest of the state it describes (BO-5).
@Injectable()
export class BlockingExportsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async lockExportStateRow(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(7341120018)`);
  }

  async lockExportState(em: EntityManager): Promise<ExportStateRow | null> {
    const rows: unknown[] = await em.query(
      `SELECT serial, content_sha256 FROM blocking_export_state WHERE id = 1 FOR UPDATE`,
    );
    return checkedRows(exportStateRow, 'lockExportState', rows)[0] ?? null;
  }

  // Concurrent first exports meet on the primary key; the loser re-reads.
  async saveExportState(
    em: EntityManager,
    serial: number,
    sha256: string,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO blocking_export_state (id, serial, content_sha256, changed_at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET serial = $1, content_sha256 = $2, changed_at = $3`,
      [serial, sha256, at],
    );
  }
}
