import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRow, checkedRows, idRow } from '../../database/checked-rows';
import { PROTECTED_COLUMNS } from '../../database/queries/blocking.sql';
import { updatedRows } from '../../database/queries/messaging.sql';
import { protectedEntryRow, protectedFingerprintRow, protectedRow } from './blocking.rows';
import { ProtectedRow } from './blocking.types';
import { ProtectedEntry } from './protected-index';

// The never-block list (BO-3).
@Injectable()
export class ProtectedListRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // Changes with every insert (a newer created_at) and every delete (a lower count).
  async protectedFingerprint(): Promise<string> {
    const rows: unknown[] = await this.ds.query(
      `SELECT count(*) AS n, max(created_at)::text AS latest FROM blocking_protected`,
    );
    const r = checkedRow(protectedFingerprintRow, 'protectedFingerprint', rows[0]);
    return `${r.n}:${r.latest ?? '-'}`;
  }

  // Only what the check needs, for building the index.
  async protectedEntries(): Promise<ProtectedEntry[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT kind, value, asn::text AS asn, note FROM blocking_protected`,
    );
    return checkedRows(protectedEntryRow, 'protectedEntries', rows);
  }

  async listProtected(): Promise<ProtectedRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${PROTECTED_COLUMNS} FROM blocking_protected ORDER BY kind, value`,
    );
    return checkedRows(protectedRow, 'listProtected', rows);
  }

  async insertProtected(
    em: EntityManager,
    entries: readonly ProtectedEntry[],
    source: string,
    by: string,
  ): Promise<ProtectedRow[]> {
    if (entries.length === 0) return [];
    const rows: unknown[] = await em.query(
      `INSERT INTO blocking_protected (kind, value, asn, note, source, created_by)
       SELECT k, v, a::bigint, n, $5, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t (k, v, a, n)
       ON CONFLICT (kind, value) DO NOTHING
       RETURNING ${PROTECTED_COLUMNS}`,
      [
        entries.map((e) => e.kind),
        entries.map((e) => e.value),
        entries.map((e) => e.asn),
        entries.map((e) => e.note),
        source,
        by,
      ],
    );
    return checkedRows(protectedRow, 'insertProtected', rows);
  }

  async deleteProtected(em: EntityManager, id: string): Promise<ProtectedRow | null> {
    const res: unknown = await em.query(
      `DELETE FROM blocking_protected WHERE id = $1 RETURNING ${PROTECTED_COLUMNS}`,
      [id],
    );
    return checkedRows(protectedRow, 'deleteProtected', updatedRows(res))[0] ?? null;
  }

  // A reloaded source file replaces that source's entries: those no longer in it go.
  async deleteProtectedOfSourceExcept(
    em: EntityManager,
    source: string,
    keep: readonly ProtectedEntry[],
  ): Promise<number> {
    const res: unknown = await em.query(
      `DELETE FROM blocking_protected WHERE source = $1
          AND (kind || ' ' || value) <> ALL($2::text[]) RETURNING id`,
      [source, keep.map((e) => `${e.kind} ${e.value}`)],
    );
    return checkedRows(idRow, 'deleteProtectedOfSourceExcept', updatedRows(res)).length;
  }
}
