import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRow, checkedRows, idRow } from '../../database/checked-rows';
import { DECIDE_BY, REQUEST_COLUMNS, REQUEST_FROM } from '../../database/queries/blocking.sql';
import { AuditActor } from '../identity/audit.types';
import { updateRequestRow } from './blocking.rows';
import {
  Evidence,
  RefusalGround,
  TargetKind,
  UpdateBasis,
  UpdateRequestRow,
} from './blocking.types';

export interface NewUpdateRequest {
  reference: string;
  orderId: string;
  organisationId: string | null;
  kind: TargetKind;
  value: string;
  mirrorOf: string;
  evidence: Evidence;
  flags: string[];
  submittedBy: AuditActor;
  submittedAt: Date;
}

export interface UpdateDecisionRecord {
  status: 'approved' | 'refused';
  basisKind: UpdateBasis | null;
  basisReference: string | null;
  refusalGround: RefusalGround | null;
  reason: string;
  overrideJustification: string | null;
  decidedAt: Date;
  decidedBy: string;
}

// Counsel's proposals to extend an order to mirrors, and legal's decisions on them (BO-2).
@Injectable()
export class UpdateRequestsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async insertUpdateRequests(
    em: EntityManager,
    rows: readonly NewUpdateRequest[],
  ): Promise<string[]> {
    const out: string[] = [];
    for (const r of rows) {
      const inserted: unknown[] = await em.query(
        `INSERT INTO blocking_update_requests (reference, order_id, organisation_id, kind, value,
           mirror_of, evidence, flags, status, submitted_by_kind, submitted_by_id, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11) RETURNING id`,
        [
          r.reference,
          r.orderId,
          r.organisationId,
          r.kind,
          r.value,
          r.mirrorOf,
          JSON.stringify(r.evidence),
          JSON.stringify(r.flags),
          r.submittedBy.kind,
          r.submittedBy.id,
          r.submittedAt,
        ],
      );
      out.push(checkedRow(idRow, 'insertUpdateRequests', inserted[0]).id);
    }
    return out;
  }

  async findUpdateRequests(ids: readonly string[]): Promise<UpdateRequestRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${REQUEST_COLUMNS} ${REQUEST_FROM}
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return checkedRows(updateRequestRow, 'findUpdateRequests', rows);
  }

  async lockUpdateRequests(em: EntityManager, ids: readonly string[]): Promise<UpdateRequestRow[]> {
    const rows: unknown[] = await em.query(
      `SELECT ${REQUEST_COLUMNS} ${REQUEST_FROM}
        WHERE r.id = ANY($1::uuid[]) ORDER BY r.submitted_at, r.reference FOR UPDATE OF r`,
      [ids],
    );
    return checkedRows(updateRequestRow, 'lockUpdateRequests', rows);
  }

  async recordUpdateDecision(
    em: EntityManager,
    id: string,
    d: UpdateDecisionRecord,
  ): Promise<void> {
    await em.query(
      `UPDATE blocking_update_requests SET status = $2, basis_kind = $3, basis_reference = $4,
         refusal_ground = $5, decision_reason = $6, override_justification = $7, decided_at = $8,
         decided_by = $9
        WHERE id = $1`,
      [
        id,
        d.status,
        d.basisKind,
        d.basisReference,
        d.refusalGround,
        d.reason,
        d.overrideJustification,
        d.decidedAt,
        d.decidedBy,
      ],
    );
  }

  // Counsel's own requests, or (organisationId null) all: pending ones first, soonest deadline
  // to decide first (legal's review queue), then the decided ones newest first.
  async listUpdateRequests(opts: {
    organisationId: string | null;
    status?: string;
    limit?: number;
  }): Promise<UpdateRequestRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${REQUEST_COLUMNS} ${REQUEST_FROM}
        WHERE ($1::uuid IS NULL OR r.organisation_id = $1) AND ($2::text IS NULL OR r.status = $2)
        ORDER BY (r.status = 'pending') DESC,
          CASE WHEN r.status = 'pending' THEN ${DECIDE_BY} END,
          CASE WHEN r.status <> 'pending' THEN r.decided_at END DESC,
          r.submitted_at, r.reference
        LIMIT $3`,
      [opts.organisationId, opts.status ?? null, opts.limit ?? 1000],
    );
    return checkedRows(updateRequestRow, 'listUpdateRequests', rows);
  }
}
