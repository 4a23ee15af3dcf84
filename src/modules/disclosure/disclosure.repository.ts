import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor } from '../identity/audit.types';
import { documentFrozen } from './disclosure.errors';
import {
  CoveredItemRow,
  DisclosableField,
  DisclosureRequestRow,
  RefusalGround,
  RequestKind,
  RequestStatus,
  TransitionRow,
} from './disclosure.types';

const COLUMNS = `id, reference, organisation_id, kind, channel, issuing_body, case_number,
  notice_references, allowed_fields, objection_window_days, received_at, respond_by, status,
  refusal_grounds, window_ends_at, motion_pending, document_sha256, document_size,
  created_by_kind, created_by_id, updated_at`;

export interface NewRequest {
  reference: string;
  organisationId: string | null;
  kind: RequestKind;
  channel: 'api' | 'paper';
  issuingBody: string;
  caseNumber: string;
  noticeReferences: string[];
  allowedFields: DisclosableField[];
  objectionWindowDays: number;
  receivedAt: Date;
  respondBy: Date | null;
  createdBy: AuditActor;
}

export interface StatusChange {
  to: RequestStatus;
  at: Date;
  actor: AuditActor;
  reason: string;
  grounds?: RefusalGround[];
  windowEndsAt?: Date | null;
  motionPending?: boolean;
}

// The record of a produced package; its content is in the identity schema (PackageContentStore).
export interface StoredPackage {
  sha256: string;
  produced_at: Date;
  purged_at: Date | null;
}

@Injectable()
export class DisclosureRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // Notices by reference; a complainant may only name its own organisation's notices.
  // Read with a share lock, so a suspension being written waits for the act it would forbid.
  async organisationAccreditation(em: EntityManager, id: string): Promise<string | null> {
    const rows: Array<{ accreditation: string }> = await em.query(
      `SELECT accreditation FROM organisations WHERE id = $1 FOR SHARE`,
      [id],
    );
    return rows[0]?.accreditation ?? null;
  }

  async findNoticeIds(
    em: EntityManager,
    references: string[],
    organisationId: string | null,
  ): Promise<Array<{ id: string; reference: string }>> {
    return em.query(
      `SELECT id, reference FROM notices
        WHERE reference = ANY($1::text[]) AND ($2::uuid IS NULL OR organisation_id = $2)`,
      [references, organisationId],
    );
  }

  async insertRequest(em: EntityManager, r: NewRequest, noticeIds: string[]): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO disclosure_requests (reference, organisation_id, kind, channel, issuing_body,
         case_number, notice_references, allowed_fields, objection_window_days, received_at,
         respond_by, status, created_by_kind, created_by_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $10)
       RETURNING id`,
      [
        r.reference,
        r.organisationId,
        r.kind,
        r.channel,
        r.issuingBody,
        r.caseNumber,
        r.noticeReferences,
        r.allowedFields,
        r.objectionWindowDays,
        r.receivedAt,
        r.respondBy,
        r.createdBy.kind,
        r.createdBy.id,
      ],
    );
    const id = rows[0].id;
    await em.query(
      `INSERT INTO disclosure_request_notices (request_id, notice_id)
       SELECT $1, unnest($2::uuid[])`,
      [id, noticeIds],
    );
    await this.insertTransition(em, id, null, {
      to: 'received',
      at: r.receivedAt,
      actor: r.createdBy,
      reason: 'request recorded',
    });
    return id;
  }

  async find(id: string, em?: EntityManager): Promise<DisclosureRequestRow | null> {
    const rows: DisclosureRequestRow[] = await (em ?? this.ds).query(
      `SELECT ${COLUMNS} FROM disclosure_requests WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  // Locks the row so two decisions on one request are taken one after the other.
  // FOR NO KEY UPDATE: serialises every change to a request as FOR UPDATE would, but lets
  // production store the package's content on the identity connection meanwhile, whose foreign
  // key check takes a KEY SHARE lock on this row (FOR UPDATE would wait on us forever).
  async lock(em: EntityManager, id: string): Promise<DisclosureRequestRow | null> {
    const rows: DisclosureRequestRow[] = await em.query(
      `SELECT ${COLUMNS} FROM disclosure_requests WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async listForOrganisation(organisationId: string): Promise<DisclosureRequestRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM disclosure_requests WHERE organisation_id = $1
        ORDER BY received_at DESC LIMIT 500`,
      [organisationId],
    );
  }

  // The review queue: open requests, the most urgent first (no deadline last).
  async listOpen(): Promise<DisclosureRequestRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM disclosure_requests
        WHERE status NOT IN ('produced', 'refused', 'withdrawn')
        ORDER BY respond_by ASC NULLS LAST, received_at ASC LIMIT 1000`,
    );
  }

  // How many requests are open (the queue above lists at most 1000 of them).
  async countOpen(): Promise<number> {
    const rows: Array<{ n: number }> = await this.ds.query(
      `SELECT count(*)::int AS n FROM disclosure_requests
        WHERE status NOT IN ('produced', 'refused', 'withdrawn')`,
    );
    return rows[0].n;
  }

  async changeStatus(
    em: EntityManager,
    current: DisclosureRequestRow,
    c: StatusChange,
  ): Promise<void> {
    await em.query(
      `UPDATE disclosure_requests
          SET status = $2, updated_at = $3,
              refusal_grounds = COALESCE($4, refusal_grounds),
              window_ends_at = CASE WHEN $5::boolean THEN $6 ELSE window_ends_at END,
              motion_pending = COALESCE($7, motion_pending)
        WHERE id = $1`,
      [
        current.id,
        c.to,
        c.at,
        c.grounds ?? null,
        c.windowEndsAt !== undefined,
        c.windowEndsAt ?? null,
        c.motionPending ?? null,
      ],
    );
    await this.insertTransition(em, current.id, current.status, c);
  }

  private async insertTransition(
    em: EntityManager,
    requestId: string,
    from: RequestStatus | null,
    c: StatusChange,
  ): Promise<void> {
    // The document's hash is computed from the stored bytes at this moment, not copied from
    // the column, so the transition records the order the step was actually taken on.
    await em.query(
      `INSERT INTO disclosure_transitions (request_id, from_status, to_status, actor_kind,
         actor_id, actor_role, at, reason, grounds, document_sha256)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9,
              (SELECT encode(sha256(document), 'hex') FROM disclosure_requests WHERE id = $1)`,
      [
        requestId,
        from,
        c.to,
        c.actor.kind,
        c.actor.id,
        c.actor.role,
        c.at,
        c.reason,
        c.grounds ?? null,
      ],
    );
  }

  async listTransitions(requestId: string): Promise<TransitionRow[]> {
    return this.ds.query(
      `SELECT from_status, to_status, actor_kind, actor_id, actor_role, at, reason, grounds,
              document_sha256
         FROM disclosure_transitions WHERE request_id = $1 ORDER BY id`,
      [requestId],
    );
  }

  async coveredItems(requestId: string, em?: EntityManager): Promise<CoveredItemRow[]> {
    return (em ?? this.ds).query(
      `SELECT i.id AS item_id, n.reference AS notice_reference, i.position, host(i.ip) AS ip,
              i.port, i.observed_at, i.status, i.attribution_outcome, i.subscriber_ref,
              i.subscriber_account_id, i.regime, i.attribution
         FROM disclosure_request_notices rn
         JOIN notices n ON n.id = rn.notice_id
         JOIN notice_items i ON i.notice_id = n.id
        WHERE rn.request_id = $1
        ORDER BY n.reference, i.position`,
      [requestId],
    );
  }

  async storeDocument(
    em: EntityManager,
    id: string,
    bytes: Buffer,
    sha256: string,
    at: Date,
  ): Promise<void> {
    try {
      await em.query(
        `UPDATE disclosure_requests SET document = $2, document_sha256 = $3, document_size = $4,
                updated_at = $5 WHERE id = $1`,
        [id, bytes, sha256, bytes.length, at],
      );
    } catch (e) {
      // The trigger's refusal (a path that skipped the service's check) reads as the same 409.
      const err = e as { driverError?: { message?: string }; message?: string };
      const m = /disclosure_document_frozen: .* request (\S+) .*\(status (\w+)\)/.exec(
        err.driverError?.message ?? err.message ?? '',
      );
      if (m) throw documentFrozen(m[1], m[2]);
      throw e;
    }
  }

  async readDocument(id: string): Promise<Buffer | null> {
    const rows: Array<{ document: Buffer | null }> = await this.ds.query(
      `SELECT document FROM disclosure_requests WHERE id = $1`,
      [id],
    );
    return rows[0]?.document ?? null;
  }

  async savePackage(
    em: EntityManager,
    requestId: string,
    pkg: { sha256: string; at: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO disclosure_packages (request_id, sha256, produced_at) VALUES ($1, $2, $3)`,
      [requestId, pkg.sha256, pkg.at],
    );
  }

  async readPackage(requestId: string, em?: EntityManager): Promise<StoredPackage | null> {
    const rows: StoredPackage[] = await (em ?? this.ds).query(
      `SELECT sha256, produced_at, purged_at FROM disclosure_packages
        WHERE request_id = $1`,
      [requestId],
    );
    return rows[0] ?? null;
  }

  async accountIdByReference(reference: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM subscriber_accounts WHERE reference = $1`,
      [reference],
    );
    return rows[0]?.id ?? null;
  }
}
