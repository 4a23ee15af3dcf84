import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DataSource, EntityManager } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AuditEntry, AuditEntryInput, AuditVerification } from './audit.types';

// One constant advisory lock serialises appends, so every entry links to the one before it.
const AUDIT_LOCK_KEY = 7_341_120_001;

// A signed checkpoint of the chain's head is written after this many entries, or when the last
// one is older than this, whichever comes first (issue 16).
export const CHECKPOINT_EVERY_ENTRIES = 100;
export const CHECKPOINT_EVERY_MS = 10 * 60_000;

interface CheckpointRow {
  seq: string;
  hash: string;
  at: Date;
  mac: string;
}

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
  private readonly logger = new Logger('audit');
  // The checkpoints' HMAC key: derived from SECRET_KEY, never stored in the database, so a
  // database owner who rewrites the chain cannot sign a matching checkpoint.
  private readonly checkpointKey: Buffer;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.checkpointKey = createHmac('sha256', config.secretKey)
      .update('notice-relay audit checkpoint v1')
      .digest();
  }

  checkpointMac(seq: string, hash: string): string {
    return createHmac('sha256', this.checkpointKey).update(`${seq}:${hash}`).digest('hex');
  }

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
    const last: Array<{ seq: string; hash: string }> = await em.query(
      `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
    );
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
    // Gap-free numbering (issue 16): under the chain's lock each entry takes the next number
    // after the head, not the identity sequence's (which a rolled-back append would skip), so
    // any missing number is a deleted entry and `verify` says so.
    const firstSeq = (BigInt(last[0]?.seq ?? '0') + 1n).toString();
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
      `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_role, action, subject_type,
         subject_id, purpose, details, prev_hash, hash) OVERRIDING SYSTEM VALUE
       SELECT $12::bigint + t.ord - 1, $1, t.actor_kind, t.actor_id, t.actor_role, t.action, t.subject_type, t.subject_id,
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
        firstSeq,
      ],
    );
    // RETURNING follows insertion order; seq values ascend with it.
    const seqs = rows.map((r) => r.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await this.checkpointIfDue(em, seqs[seqs.length - 1], prevHash, at);
    return entries.map((e, i) => ({ ...e, seq: seqs[i] }));
  }

  // Under the chain's lock: signs the new head when enough entries or time have passed since
  // the last checkpoint. Also logged, so a copy lives outside the database.
  private async checkpointIfDue(em: EntityManager, seq: string, hash: string, at: Date) {
    const last: Array<{ seq: string; at: Date }> = await em.query(
      `SELECT seq, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`,
    );
    const due =
      !last[0] ||
      BigInt(seq) - BigInt(last[0].seq) >= BigInt(CHECKPOINT_EVERY_ENTRIES) ||
      at.getTime() - last[0].at.getTime() >= CHECKPOINT_EVERY_MS;
    if (!due) return;
    const mac = this.checkpointMac(seq, hash);
    await em.query(`INSERT INTO audit_checkpoints (seq, hash, at, mac) VALUES ($1, $2, $3, $4)`, [
      seq,
      hash,
      at,
      mac,
    ]);
    this.logger.log({ auditCheckpoint: { seq, hash, mac } }, 'audit chain checkpoint');
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
    const chain = await this.verifyChain(pageSize);
    if (!chain.ok) return chain;
    return this.verifyCheckpoints(chain.entries);
  }

  // Every checkpoint must carry our signature and still match the entry it names: a rewritten
  // and re-hashed chain no longer matches, and deleted last entries leave a checkpoint that
  // names an entry that is gone.
  private async verifyCheckpoints(entries: number): Promise<AuditVerification> {
    const checkpoints: CheckpointRow[] = await this.ds.query(
      `SELECT c.seq, c.hash, c.at, c.mac, l.hash AS entry_hash
         FROM audit_checkpoints c LEFT JOIN audit_log l ON l.seq = c.seq ORDER BY c.seq`,
    );
    for (const c of checkpoints as Array<CheckpointRow & { entry_hash: string | null }>) {
      const expected = Buffer.from(this.checkpointMac(c.seq, c.hash), 'hex');
      const given = Buffer.from(c.mac, 'hex');
      const broken = (problem: string): AuditVerification => ({
        ok: false,
        entries,
        firstBroken: { seq: c.seq, problem },
      });
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return broken('a checkpoint signature does not match (forged with another key)');
      }
      if (c.entry_hash === null) {
        return broken('an entry named by a signed checkpoint is gone (entries were deleted)');
      }
      if (c.entry_hash !== c.hash) {
        return broken(
          'the chain differs from a signed checkpoint (entries were rewritten and re-chained)',
        );
      }
    }
    return { ok: true, entries, firstBroken: null };
  }

  private async verifyChain(pageSize: number): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let after = '0';
    let entries = 0;
    // Entries numbered before gap-free numbering began may have gaps (rolled-back appends).
    const start: Array<{ gapless_after: string }> = await this.ds.query(
      `SELECT gapless_after FROM audit_chain_start`,
    );
    const gaplessAfter = BigInt(start[0]?.gapless_after ?? '0');
    for (;;) {
      const rows: AuditRow[] = await this.ds.query(
        `SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, pageSize],
      );
      for (const r of rows) {
        entries++;
        const seq = BigInt(r.seq);
        if (seq > gaplessAfter && seq !== BigInt(after) + 1n) {
          return {
            ok: false,
            entries,
            firstBroken: {
              seq: r.seq,
              problem: `sequence gap: entries ${BigInt(after) + 1n} to ${seq - 1n} are missing (deleted)`,
            },
          };
        }
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
