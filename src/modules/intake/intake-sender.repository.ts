import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, idRow } from '../../database/checked-rows';
import { SenderQualityRow } from './intake.types';
import type { SenderFacts } from './policy/notice-policy';

const senderRow = z
  .object({
    name: col.text,
    accreditation: col.text,
    postal_address: col.text.nullable(),
    contact_email: col.text.nullable(),
    owners: col.textArray,
  })
  .transform((r): SenderFacts => ({
    name: r.name,
    accreditation: r.accreditation,
    postalAddress: r.postal_address,
    contactEmail: r.contact_email,
    owners: r.owners,
  }));
const qualityRow = z
  .object({
    id: col.uuid,
    name: col.text,
    accreditation: col.text,
    notices: col.bigint,
    items: col.bigint,
    refused: col.bigint,
    unmatched: col.bigint,
    challenged: col.bigint,
    forwarded: col.bigint,
  })
  .transform((r): SenderQualityRow => ({
    organisationId: r.id,
    organisationName: r.name,
    accreditation: r.accreditation,
    notices: r.notices,
    items: r.items,
    refused: r.refused,
    unmatched: r.unmatched,
    challenged: r.challenged,
    forwarded: r.forwarded,
  }));

// Senders (organisations) as intake sees them: who a notice is from, what intake knows of
// them, and how good their notices have been (VA-6).
@Injectable()
export class IntakeSenderRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findSender(organisationId: string): Promise<SenderFacts | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT o.name, o.accreditation, o.postal_address, o.contact_email,
              COALESCE(array_agg(r.owner_name) FILTER (WHERE r.owner_name IS NOT NULL), '{}') AS owners
         FROM organisations o LEFT JOIN represented_owners r ON r.organisation_id = o.id
        WHERE o.id = $1 GROUP BY o.id`,
      [organisationId],
    );
    return checkedRows(senderRow, 'findSender', rows)[0] ?? null;
  }

  // A registered sender address matches exactly, or by domain when registered as "@domain".
  async findOrganisationBySenderAddress(address: string): Promise<string | null> {
    const a = address.trim().toLowerCase();
    const domain = `@${a.split('@').pop() ?? ''}`;
    const rows: unknown[] = await this.ds.query(
      `SELECT id FROM organisations
        WHERE EXISTS (SELECT 1 FROM unnest(sender_addresses) s WHERE lower(s) IN ($1, $2))
        ORDER BY created_at LIMIT 1`,
      [a, domain],
    );
    return checkedRows(idRow, 'findOrganisationBySenderAddress', rows)[0]?.id ?? null;
  }

  async organisationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM organisations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  // VA-6: how good a sender's notices have been.
  // Every sender's figures, or only those of the given organisations.
  async senderQuality(organisationIds?: readonly string[]): Promise<SenderQualityRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT o.id, o.name, o.accreditation,
              count(DISTINCT n.id) AS notices,
              count(i.id) AS items,
              count(i.id) FILTER (WHERE i.status = 'refused') AS refused,
              count(i.id) FILTER (WHERE i.attribution_outcome IS NOT NULL
                                    AND i.attribution_outcome <> 'unique') AS unmatched,
              count(i.id) FILTER (WHERE i.challenged_at IS NOT NULL) AS challenged,
              count(i.id) FILTER (WHERE i.status = 'forwarded') AS forwarded
         FROM organisations o
         LEFT JOIN notices n ON n.organisation_id = o.id
         LEFT JOIN notice_items i ON i.notice_id = n.id AND i.status <> 'duplicate'
        WHERE ($1::uuid[] IS NULL OR o.id = ANY($1::uuid[]))
        GROUP BY o.id ORDER BY o.name`,
      [organisationIds ?? null],
    );
    return checkedRows(qualityRow, 'senderQuality', rows);
  }
}
