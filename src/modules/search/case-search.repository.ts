import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { CaseSearchFilters, CaseSearchQuery, SortKey } from './case-search.query';

// Counts stop here: past it the page says "more than 10,000" and shows no facet counts,
// so neither the total nor the facets ever count a million rows.
export const COUNT_CAP = 10_000;

// One found item with its notice; pseudonymous references only (no account id, no identity).
export interface CaseSearchRow {
  noticeId: string;
  reference: string;
  caseId: string | null;
  receivedAt: Date;
  noticeStatus: string;
  senderName: string | null;
  position: number;
  ip: string | null;
  port: number | null;
  observedAt: Date | null;
  title: string | null;
  fileName: string | null;
  status: string;
  reasonCode: string | null;
  subscriberRef: string | null;
  messageStatus: string | null;
  challengeStatus: string | null;
}

export interface FacetCount {
  value: string | null;
  label?: string;
  count: number;
}

export interface CaseFacets {
  status: FacetCount[];
  reason: FacetCount[];
  sender: FacetCount[];
  message: FacetCount[];
}

export interface CaseSearchPage {
  rows: CaseSearchRow[];
  // Exact up to COUNT_CAP; `capped` says there are more.
  total: number;
  capped: boolean;
  // Null when capped: counting every match is what the cap avoids.
  facets: CaseFacets | null;
}

const ORDER: Record<SortKey, string> = {
  received: 'n.received_at',
  observed: 'i.observed_at',
  reference: 'n.reference',
  sender: 'o.name',
  ip: 'i.ip',
  port: 'i.port',
  status: 'i.status',
};

// Backslash, % and _ are literal in what the desk typed.
function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The WHERE clause of a search: each filter one indexed condition (migration
// 1796090000000-case-search), parameters numbered from 1.
export function whereClause(f: CaseSearchFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const conds: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.text) {
    conds.push(
      `(coalesce(i.title, '') || ' ' || coalesce(i.file_name, '')) ILIKE ${p(likePattern(f.text))}`,
    );
  }
  if (f.prefix) conds.push(`i.ip <<= ${p(f.prefix)}::inet`);
  if (f.port !== undefined) conds.push(`i.port = ${p(f.port)}`);
  if (f.seenFrom) conds.push(`i.observed_at >= ${p(f.seenFrom)}`);
  if (f.seenTo) conds.push(`i.observed_at < ${p(f.seenTo)}`);
  if (f.receivedFrom) conds.push(`n.received_at >= ${p(f.receivedFrom)}`);
  if (f.receivedTo) conds.push(`n.received_at < ${p(f.receivedTo)}`);
  if (f.reference) conds.push(`n.reference ILIKE ${p(likePattern(f.reference))}`);
  if (f.caseId) conds.push(`n.case_id ILIKE ${p(likePattern(f.caseId))}`);
  if (f.subscriberRef) conds.push(`i.subscriber_ref = ${p(f.subscriberRef)}`);
  if (f.senderId) conds.push(`n.organisation_id = ${p(f.senderId)}`);
  if (f.itemStatus) conds.push(`i.status = ${p(f.itemStatus)}`);
  if (f.reasonCode) conds.push(`i.reason_code = ${p(f.reasonCode)}`);
  if (f.assignedTo) conds.push(`n.assigned_to = ${p(f.assignedTo)}`);
  if (f.unassigned) conds.push(`n.assigned_to IS NULL`);
  if (f.messageStatus) {
    conds.push(`EXISTS (SELECT 1 FROM outbound_message_items mi
        JOIN outbound_messages m ON m.id = mi.message_id
       WHERE mi.item_id = i.id AND m.status = ${p(f.messageStatus)})`);
  }
  if (f.challengeStatus) {
    conds.push(`EXISTS (SELECT 1 FROM outbound_message_items mi
        JOIN challenges c ON c.message_id = mi.message_id
       WHERE mi.item_id = i.id AND c.status = ${p(f.challengeStatus)})`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

// Whether a search filters on the notice (not only on its items).
function noticeFiltered(f: CaseSearchFilters): boolean {
  return Boolean(
    f.receivedFrom ||
    f.receivedTo ||
    f.reference ||
    f.caseId ||
    f.senderId ||
    f.assignedTo ||
    f.unassigned,
  );
}

const FROM = `FROM notice_items i
  JOIN notices n ON n.id = i.notice_id
  LEFT JOIN organisations o ON o.id = n.organisation_id`;

// The columns a row shows and the CSV carries; the message and challenge of an item are its
// latest (an item is warned about once, outbound_message_items_item).
const COLUMNS = `n.id AS notice_id, n.reference, n.case_id, n.received_at, n.status AS notice_status,
  o.name AS sender_name, i.position, host(i.ip) AS ip, i.port, i.observed_at, i.title,
  i.file_name, i.status, i.reason_code, i.subscriber_ref,
  (SELECT m.status FROM outbound_message_items mi JOIN outbound_messages m ON m.id = mi.message_id
    WHERE mi.item_id = i.id LIMIT 1) AS message_status,
  (SELECT c.status FROM outbound_message_items mi JOIN challenges c ON c.message_id = mi.message_id
    WHERE mi.item_id = i.id ORDER BY c.created_at DESC LIMIT 1) AS challenge_status`;

function orderBy(q: Pick<CaseSearchQuery, 'sort' | 'descending'>): string {
  const dir = q.descending ? 'DESC' : 'ASC';
  // NULLS LAST both ways: a missing port or time never heads the list.
  return `ORDER BY ${ORDER[q.sort]} ${dir} NULLS LAST, n.reference ${dir}, i.position ASC`;
}

interface RawRow {
  notice_id: string;
  reference: string;
  case_id: string | null;
  received_at: Date;
  notice_status: string;
  sender_name: string | null;
  position: number;
  ip: string | null;
  port: number | null;
  observed_at: Date | null;
  title: string | null;
  file_name: string | null;
  status: string;
  reason_code: string | null;
  subscriber_ref: string | null;
  message_status: string | null;
  challenge_status: string | null;
}

function toRow(r: RawRow): CaseSearchRow {
  return {
    noticeId: r.notice_id,
    reference: r.reference,
    caseId: r.case_id,
    receivedAt: r.received_at,
    noticeStatus: r.notice_status,
    senderName: r.sender_name,
    position: r.position,
    ip: r.ip,
    port: r.port,
    observedAt: r.observed_at,
    title: r.title,
    fileName: r.file_name,
    status: r.status,
    reasonCode: r.reason_code,
    subscriberRef: r.subscriber_ref,
    messageStatus: r.message_status,
    challengeStatus: r.challenge_status,
  };
}

// The CSV's header and the fields of a row, in one place so the export and its test agree.
export const CSV_HEADER = [
  'notice',
  'sender',
  'case_id',
  'received_utc',
  'row',
  'ip',
  'port',
  'observed_utc',
  'title',
  'file_name',
  'status',
  'reason_code',
  'subscriber_ref',
  'message_status',
  'challenge_status',
];

export function csvRecord(r: CaseSearchRow): Array<string | number> {
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  return [
    r.reference,
    r.senderName ?? '',
    r.caseId ?? '',
    iso(r.receivedAt),
    r.position + 1,
    r.ip ?? '',
    r.port ?? '',
    iso(r.observedAt),
    r.title ?? '',
    r.fileName ?? '',
    r.status,
    r.reasonCode ?? '',
    r.subscriberRef ?? '',
    r.messageStatus ?? '',
    r.challengeStatus ?? '',
  ];
}

// The desk's case search over notice items and their notices, messages and challenges.
@Injectable()
export class CaseSearchRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async search(q: CaseSearchQuery): Promise<CaseSearchPage> {
    const where = whereClause(q.filters);
    const n = where.params.length;
    const raw: RawRow[] = await this.ds.query(
      `SELECT ${COLUMNS} ${FROM} ${where.sql} ${orderBy(q)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    // Filters on items alone count items alone: every item has its notice, so the join adds
    // nothing but a lookup per match.
    const from = noticeFiltered(q.filters) ? FROM : 'FROM notice_items i';
    const counted: Array<{ total: string }> = await this.ds.query(
      `SELECT count(*) AS total FROM (SELECT 1 ${from} ${where.sql} LIMIT ${COUNT_CAP + 1}) s`,
      where.params,
    );
    const total = Number(counted[0].total);
    const capped = total > COUNT_CAP;
    return {
      rows: raw.map(toRow),
      total: capped ? COUNT_CAP : total,
      capped,
      facets: capped ? null : await this.facets(where),
    };
  }

  // Counts per item status, reason, sender and message status of the matching items, in one
  // statement (GROUPING SETS), run only when the matches are at most COUNT_CAP.
  private async facets(where: { sql: string; params: unknown[] }): Promise<CaseFacets> {
    const rows: Array<{
      status: string | null;
      reason_code: string | null;
      sender: string | null;
      sender_name: string | null;
      message_status: string | null;
      g: number;
      count: string;
    }> = await this.ds.query(
      `WITH hits AS (
         SELECT i.status, i.reason_code, n.organisation_id::text AS sender, o.name AS sender_name,
                (SELECT m.status FROM outbound_message_items mi
                   JOIN outbound_messages m ON m.id = mi.message_id
                  WHERE mi.item_id = i.id LIMIT 1) AS message_status
           ${FROM} ${where.sql})
       SELECT status, reason_code, sender, sender_name, message_status,
              GROUPING(status, reason_code, sender, message_status) AS g, count(*) AS count
         FROM hits
        GROUP BY GROUPING SETS ((status), (reason_code), (sender, sender_name), (message_status))
        ORDER BY count(*) DESC`,
      where.params,
    );
    // GROUPING's bits, highest first: status, reason_code, sender, message_status.
    const facets: CaseFacets = { status: [], reason: [], sender: [], message: [] };
    for (const r of rows) {
      const count = Number(r.count);
      if (r.g === 0b0111) facets.status.push({ value: r.status, count });
      else if (r.g === 0b1011) facets.reason.push({ value: r.reason_code, count });
      else if (r.g === 0b1101) {
        facets.sender.push({ value: r.sender, label: r.sender_name ?? undefined, count });
      } else if (r.g === 0b1110) facets.message.push({ value: r.message_status, count });
    }
    return facets;
  }

  // Every matching row in the page's order, read through a cursor (pg-query-stream) 500 rows
  // at a time and written to `out` through `stages` (e.g. a CSV stringifier): memory stays
  // flat whatever the number of rows. pipeline() destroys the cursor if `out` goes away.
  async exportRows(
    q: Pick<CaseSearchQuery, 'filters' | 'sort' | 'descending'>,
    stages: Transform[],
    out: Writable,
  ): Promise<void> {
    const where = whereClause(q.filters);
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      // TypeORM's postgres runner exposes the pg client it holds once connected.
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const rows = client.query(
        new QueryStream(`SELECT ${COLUMNS} ${FROM} ${where.sql} ${orderBy(q)}`, where.params, {
          batchSize: 500,
        }),
      );
      const toRows = new Transform({
        objectMode: true,
        transform(r: RawRow, _enc, done) {
          done(null, toRow(r));
        },
      });
      await pipeline([rows, toRows, ...stages, out]);
    } finally {
      await runner.release();
    }
  }

  // The plan PostgreSQL chooses for a search (the benchmark prints it). `withoutSeqScan`
  // tells the planner to avoid sequential scans, so a test on a small table can show that an
  // index is usable for the query's shape (a tiny table is otherwise always read whole).
  async explain(q: CaseSearchQuery, opts: { withoutSeqScan?: boolean } = {}): Promise<string> {
    const where = whereClause(q.filters);
    const n = where.params.length;
    return this.ds.transaction(async (m) => {
      if (opts.withoutSeqScan) await m.query(`SET LOCAL enable_seqscan = off`);
      const rows: Array<{ 'QUERY PLAN': string }> = await m.query(
        `EXPLAIN SELECT ${COLUMNS} ${FROM} ${where.sql} ${orderBy(q)} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...where.params, q.pageSize, (q.page - 1) * q.pageSize],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
}
