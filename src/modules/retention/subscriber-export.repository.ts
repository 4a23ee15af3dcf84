import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

type Row = Record<string, unknown>;

// Everything held about one account outside the identity store (RA-8).
@Injectable()
export class SubscriberExportRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Without account_number, which the service role cannot read (issue 16): the export reads
  // it through IdentityService.
  async account(reference: string): Promise<Row | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT id, reference, regime, created_at FROM subscriber_accounts
        WHERE reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }

  identifiers(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT identifier_type, identifier, valid_from::text, valid_until::text
         FROM account_identifiers WHERE account_id = $1 ORDER BY identifier_type, identifier`,
      [accountId],
    );
  }

  bindings(reference: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT b.id::text, host(b.ip) AS ip, b.starts, b.ends, b.confirmed_until, s.name AS source
         FROM lease_bindings b JOIN lease_sources s ON s.id = b.source_id
        WHERE b.account_ref = $1 ORDER BY b.starts LIMIT 100000`,
      [reference],
    );
  }

  noticeItems(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT n.reference AS notice_reference, n.received_at, n.owner_name, i.position,
              host(i.ip) AS ip, i.port, i.observed_at, i.title, i.file_name, i.status,
              i.attribution_outcome, i.attribution, i.regime, i.forwarded_at
         FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.subscriber_account_id = $1 ORDER BY i.observed_at`,
      [accountId],
    );
  }

  messages(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT id, kind, template, regime, context, status, created_at, sent_at
         FROM outbound_messages WHERE subscriber_account_id = $1 ORDER BY created_at`,
      [accountId],
    );
  }

  disclosures(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT DISTINCT r.reference, r.kind, r.issuing_body, r.case_number, r.status,
              r.received_at, r.allowed_fields
         FROM disclosure_requests r
         JOIN disclosure_request_notices rn ON rn.request_id = r.id
         JOIN notice_items i ON i.notice_id = rn.notice_id AND i.subscriber_account_id = $1
        ORDER BY r.received_at`,
      [accountId],
    );
  }

  holds(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT id, reason, created_at, released_at FROM legal_holds
        WHERE subject_type = 'account' AND subject_id = $1 ORDER BY created_at`,
      [accountId],
    );
  }

  auditEntries(accountId: string): Promise<Row[]> {
    return this.ds.query(
      `SELECT seq::text, at, actor_kind, actor_role, action, purpose FROM audit_log
        WHERE subject_type = 'subscriber_account' AND subject_id = $1 ORDER BY seq`,
      [accountId],
    );
  }
}
