import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, countRow, outcomeRow } from '../../database/checked-rows';
import { Page } from '../../database/page';
import { openFirst } from '../../database/queries/messaging.sql';

export interface ProposalRow {
  id: string;
  subscriberRef: string;
  messageId: string | null;
  action: string;
  stage: number;
  strikes: number;
  addressedToRole: string;
  status: string;
  decidedBy: string | null;
  reasons: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const proposalRow = z
  .object({
    id: col.uuid,
    subscriber_ref: col.text,
    message_id: col.uuid.nullable(),
    action: col.text,
    stage: col.int,
    strikes: col.int,
    addressed_to_role: col.text,
    status: col.text,
    decided_by: col.text.nullable(),
    reasons: col.text.nullable(),
    decided_at: col.timestamptz.nullable(),
    created_at: col.timestamptz,
  })
  .transform((r): ProposalRow => ({
    id: r.id,
    subscriberRef: r.subscriber_ref,
    messageId: r.message_id,
    action: r.action,
    stage: r.stage,
    strikes: r.strikes,
    addressedToRole: r.addressed_to_role,
    status: r.status,
    decidedBy: r.decided_by,
    reasons: r.reasons,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  }));

// Escalation proposals (ER-5): what the digest proposes and a human decides.
@Injectable()
export class EscalationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async recordProposal(
    em: EntityManager,
    p: {
      accountId: string;
      messageId: string;
      action: string;
      stage: number;
      strikes: number;
      addressedToRole: string;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO escalation_proposals (subscriber_account_id, message_id, action, stage, strikes,
         addressed_to_role) VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.accountId, p.messageId, p.action, p.stage, p.strikes, p.addressedToRole],
    );
  }

  async listProposals(status: string | null, limit: number): Promise<ProposalRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
         JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
        WHERE ($1::text IS NULL OR p.status = $1) ORDER BY p.created_at DESC LIMIT $2`,
      [status, limit],
    );
    return checkedRows(proposalRow, 'listProposals', rows);
  }

  // Open proposals first (oldest first), then decided ones, newest first.
  async pageProposals(offset: number, limit: number): Promise<Page<ProposalRow>> {
    const [rows, count] = await Promise.all([
      this.ds.query<unknown[]>(
        `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
           JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
          ORDER BY ${openFirst('p')}
          LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      this.ds.query<unknown[]>(`SELECT count(*)::int AS n FROM escalation_proposals`),
    ]);
    return {
      total: checkedRows(countRow, 'pageProposals', count)[0].n,
      rows: checkedRows(proposalRow, 'pageProposals', rows),
    };
  }

  async findProposal(id: string): Promise<ProposalRow | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
         JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
        WHERE p.id = $1`,
      [id],
    );
    return checkedRows(proposalRow, 'findProposal', rows)[0] ?? null;
  }

  async decideProposal(
    id: string,
    d: { status: 'approved' | 'declined'; decidedBy: string; reasons: string },
  ): Promise<'decided' | 'already_decided' | 'not_found'> {
    const rows: unknown[] = await this.ds.query(
      `WITH upd AS (
         UPDATE escalation_proposals SET status = $2, decided_by = $3, reasons = $4,
                decided_at = now()
          WHERE id = $1 AND status = 'open' RETURNING 'decided'::text AS status)
       SELECT status FROM upd UNION ALL SELECT 'exists' FROM escalation_proposals WHERE id = $1`,
      [id, d.status, d.decidedBy, d.reasons],
    );
    const outcomes = checkedRows(outcomeRow, 'decideProposal', rows);
    if (outcomes.some((r) => r.status === 'decided')) return 'decided';
    return outcomes.length ? 'already_decided' : 'not_found';
  }
}
