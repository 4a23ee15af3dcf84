import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AuditLogFilter {
  // A human reference (NR-…, CH-…, SUB-…, a request's or order's reference, a person's or an
  // organisation's name) or a stored id.
  subject?: string;
  // A person's name or e-mail, an API key's name, a system component, or a stored id.
  actor?: string;
  // An action code (`identity.read`) or a family (`disclosure`).
  action?: string;
  from?: Date;
  // Exclusive.
  to?: Date;
  beforeSeq?: string;
  limit: number;
}

// One entry as people read it: who (name and role), what (the action code, put in words by the
// page), about what (the object's own reference), when, why.
export interface AuditLogEntry {
  seq: string;
  at: Date;
  actorKind: string;
  actorId: string;
  actorRole: string;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectReference: string | null;
  purpose: string;
  details: Record<string, unknown>;
  hash: string;
}

// The human reference of each kind of subject, looked up by the stored id (text).
const SUBJECT_REFERENCE = `
  CASE a.subject_type
    WHEN 'notice' THEN (SELECT reference FROM notices WHERE id::text = a.subject_id)
    WHEN 'challenge' THEN (SELECT reference FROM challenges WHERE id::text = a.subject_id)
    WHEN 'disclosure_request' THEN
      (SELECT reference FROM disclosure_requests WHERE id::text = a.subject_id)
    WHEN 'subscriber_account' THEN
      (SELECT reference FROM subscriber_accounts WHERE id::text = a.subject_id)
    WHEN 'user' THEN (SELECT display_name FROM users WHERE id::text = a.subject_id)
    WHEN 'organisation' THEN (SELECT name FROM organisations WHERE id::text = a.subject_id)
    WHEN 'api_key' THEN (SELECT name FROM api_keys WHERE id::text = a.subject_id)
    WHEN 'blocking_order' THEN (SELECT reference FROM blocking_orders WHERE id::text = a.subject_id)
  END`;

const ACTOR_NAME = `
  CASE a.actor_kind
    WHEN 'user' THEN (SELECT display_name FROM users WHERE id::text = a.actor_id)
    WHEN 'api_key' THEN (SELECT name FROM api_keys WHERE id::text = a.actor_id)
  END`;

// Reads the audit log for legal staff with names and references resolved. The subject and
// actor filters are turned into stored ids first (small lookups by reference or name), so the
// log itself is read newest first by its key, never joined wholesale.
@Injectable()
export class AuditLogQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async page(f: AuditLogFilter): Promise<AuditLogEntry[]> {
    const { sql, params } = await this.statement(f);
    const rows: Array<Record<string, unknown>> = await this.ds.query(sql, params);
    return rows.map((r) => ({
      seq: String(r.seq),
      at: r.at as Date,
      actorKind: r.actor_kind as string,
      actorId: r.actor_id as string,
      actorRole: r.actor_role as string,
      actorName: (r.actor_name as string | null) ?? null,
      action: r.action as string,
      subjectType: r.subject_type as string,
      subjectId: r.subject_id as string,
      subjectReference: (r.subject_reference as string | null) ?? null,
      purpose: r.purpose as string,
      details: (r.details as Record<string, unknown>) ?? {},
      hash: r.hash as string,
    }));
  }

  // The plan PostgreSQL chooses for a page (tests check that each filter has its index,
  // migration 1796230000000-audit-log-filters).
  async explain(f: AuditLogFilter): Promise<string> {
    const { sql, params } = await this.statement(f);
    const rows: Array<{ 'QUERY PLAN': string }> = await this.ds.query(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  // Only the filters given become conditions. An actor or a subject (each a few candidate ids)
  // is read per id, newest first, from its (id, seq) index and merged, so a page stops after
  // its rows however old that actor's entries are; a time window uses audit_log_at_idx. The
  // page's entries are chosen first, and only those get their names and references looked up.
  private async statement(f: AuditLogFilter): Promise<{ sql: string; params: unknown[] }> {
    const unique = (ids: string[]) => [...new Set(ids)];
    const subjects = f.subject ? unique(await this.subjectIds(f.subject)) : null;
    const actors = f.actor ? unique(await this.actorIds(f.actor)) : null;
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const limit = p(f.limit);
    const conds: string[] = [];
    // The subject is the narrower of the two when both are given.
    const by = subjects
      ? { column: 'subject_id', ids: subjects }
      : actors
        ? { column: 'actor_id', ids: actors }
        : null;
    if (subjects && actors) conds.push(`a.actor_id = ANY(${p(actors)}::text[])`);
    if (f.action)
      conds.push(`(a.action = ${p(f.action)} OR a.action LIKE $${params.length} || '.%')`);
    if (f.from) conds.push(`a.at >= ${p(f.from)}`);
    if (f.to) conds.push(`a.at < ${p(f.to)}`);
    if (f.beforeSeq) conds.push(`a.seq < ${p(f.beforeSeq)}::bigint`);
    const where = (extra: string[]) =>
      extra.length + conds.length ? `WHERE ${[...extra, ...conds].join(' AND ')}` : '';
    const page = by
      ? `SELECT a.seq FROM unnest(${p(by.ids)}::text[]) AS k(id)
           CROSS JOIN LATERAL (SELECT a.seq FROM audit_log a ${where([`a.${by.column} = k.id`])}
                                ORDER BY a.seq DESC LIMIT ${limit}) a
          ORDER BY a.seq DESC LIMIT ${limit}`
      : `SELECT a.seq FROM audit_log a ${where([])} ORDER BY a.seq DESC LIMIT ${limit}`;
    return {
      sql: `WITH page AS (${page})
       SELECT a.seq, a.at, a.actor_kind, a.actor_id, a.actor_role, a.action, a.subject_type,
              a.subject_id, a.purpose, a.details, a.hash,
              ${ACTOR_NAME} AS actor_name, ${SUBJECT_REFERENCE} AS subject_reference
         FROM page JOIN audit_log a ON a.seq = page.seq
        ORDER BY a.seq DESC`,
      params,
    };
  }

  // The action codes present in the log, for the filter's choices.
  async actions(): Promise<string[]> {
    const rows: Array<{ action: string }> = await this.ds.query(
      `SELECT DISTINCT action FROM audit_log ORDER BY action`,
    );
    return rows.map((r) => r.action);
  }

  private async subjectIds(text: string): Promise<string[]> {
    const t = text.trim();
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id::text AS id FROM notices WHERE reference = $1
       UNION SELECT id::text FROM challenges WHERE reference = $1
       UNION SELECT id::text FROM disclosure_requests WHERE reference = $1
       UNION SELECT id::text FROM subscriber_accounts WHERE reference = $1
       UNION SELECT id::text FROM blocking_orders WHERE reference = $1
       UNION SELECT id::text FROM users WHERE lower(display_name) = lower($1) OR lower(email) = lower($1)
       UNION SELECT id::text FROM organisations WHERE lower(name) = lower($1)
       UNION SELECT id::text FROM api_keys WHERE lower(name) = lower($1)`,
      [t],
    );
    return [t, ...rows.map((r) => r.id)];
  }

  private async actorIds(text: string): Promise<string[]> {
    const t = text.trim();
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id::text AS id FROM users
        WHERE display_name ILIKE '%' || $1 || '%' OR lower(email) = lower($1)
       UNION SELECT id::text FROM api_keys WHERE name ILIKE '%' || $1 || '%'`,
      [t.replace(/[\\%_]/g, (c) => `\\${c}`)],
    );
    return [t, ...rows.map((r) => r.id)];
  }
}
