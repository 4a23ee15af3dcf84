import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AuditEntry, AuditEntryInput, AuditVerification } from './audit.types';

// One constant advisory lock serialises appends, so every entry links to the one before it.
const AUDIT_LOCK_KEY = 7_341_120_001;

interface AuditRow {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  purpose: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Appends inside the caller's transaction: the entry commits or rolls back with the act.
  async append(em: EntityManager, input: AuditEntryInput): Promise<AuditEntry> {
    const [entry] = await this.appendMany(em, [input]);
    return entry;
  }

  // Several entries in order under one lock acquisition, with one read of the chain's head and
  // one INSERT: each entry still links to the one before it.
  async appendMany(em: EntityManager, inputs: readonly AuditEntryInput[]): Promise<AuditEntry[]> {
    if (inputs.length === 0) return [];
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_LOCK_KEY]);
    const last: Array<{ hash: string }> = await em.query(
      `SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
    );
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
    const at = new Date();
    const entries = inputs.map((input) => {
      const details = input.details ?? {};
      const hash = auditHash({
        prevHash,
        at,
        actorKind: input.actor.kind,
        actorId: input.actor.id,
        actorRole: input.actor.role,
        action: input.action,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        purpose: input.purpose,
        details,
      });
      const entry = { ...input, details, seq: '', at, prevHash, hash };
      prevHash = hash;
      return entry;
    });
    const col = <K extends keyof AuditEntry>(k: K) => entries.map((e) => e[k]);
    // The rows go in in array order (ORDER BY ord), so seq follows the chain.
    const rows: Array<{ seq: string }> = await em.query(
      `INSERT INTO audit_log (at, actor_kind, actor_id, actor_role, action, subject_type,
         subject_id, purpose, details, prev_hash, hash)
       SELECT $1, t.actor_kind, t.actor_id, t.actor_role, t.action, t.subject_type, t.subject_id,
              t.purpose, t.details::jsonb, t.prev_hash, t.hash
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::text[])
              WITH ORDINALITY AS t (actor_kind, actor_id, actor_role, action, subject_type,
                                    subject_id, purpose, details, prev_hash, hash, ord)
        ORDER BY t.ord
       RETURNING seq`,
      [
        at,
        entries.map((e) => e.actor.kind),
        entries.map((e) => e.actor.id),
        entries.map((e) => e.actor.role),
        col('action'),
        col('subjectType'),
        col('subjectId'),
        col('purpose'),
        entries.map((e) => JSON.stringify(e.details)),
        col('prevHash'),
        col('hash'),
      ],
    );
    // RETURNING follows insertion order; seq values ascend with it.
    const seqs = rows.map((r) => r.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    return entries.map((e, i) => ({ ...e, seq: seqs[i] }));
  }

  async list(opts: {
    subjectType?: string;
    subjectId?: string;
    limit: number;
    beforeSeq?: string;
  }): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await this.ds.query(
      `SELECT * FROM audit_log
        WHERE ($1::text IS NULL OR subject_type = $1) AND ($2::text IS NULL OR subject_id = $2)
          AND ($3::bigint IS NULL OR seq < $3)
        ORDER BY seq DESC LIMIT $4`,
      [opts.subjectType ?? null, opts.subjectId ?? null, opts.beforeSeq ?? null, opts.limit],
    );
    return rows.map(toEntry);
  }

  // Walks the whole chain in order, in pages, and reports the first entry that does not fit.
  async verify(pageSize = 5000): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let after = '0';
    let entries = 0;
    for (;;) {
      const rows: AuditRow[] = await this.ds.query(
        `SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, pageSize],
      );
      for (const r of rows) {
        entries++;
        if (r.prev_hash !== prevHash) {
          return {
            ok: false,
            entries,
            firstBroken: {
              seq: r.seq,
              problem:
                'link to the previous entry does not match (an entry was removed, inserted or changed before it)',
            },
          };
        }
        const expected = auditHash({
          prevHash: r.prev_hash,
          at: r.at,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          purpose: r.purpose,
          details: r.details,
        });
        if (expected !== r.hash) {
          return {
            ok: false,
            entries,
            firstBroken: {
              seq: r.seq,
              problem: 'content does not match its hash (the entry was altered)',
            },
          };
        }
        prevHash = r.hash;
        after = r.seq;
      }
      if (rows.length < pageSize) return { ok: true, entries, firstBroken: null };
    }
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: {
      kind: r.actor_kind as AuditEntry['actor']['kind'],
      id: r.actor_id,
      role: r.actor_role,
    },
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    purpose: r.purpose,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
