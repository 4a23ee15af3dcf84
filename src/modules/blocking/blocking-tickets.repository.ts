import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRow, checkedRows, idRow } from '../../database/checked-rows';
import { ticketRow } from './blocking.rows';
import { TicketRow } from './blocking.types';

export interface TicketRecord {
  ticketId: string;
  reporter: string;
  orderId: string | null;
  reportedAt: Date;
  receivedAt: Date;
  processedAt: Date;
  items: unknown[];
  importedBy: string;
}

// Piracy-Shield-style tickets as imported, with each item's answer.
@Injectable()
export class BlockingTicketsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async ticketExists(ticketId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM blocking_tickets WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows.length > 0;
  }

  async insertTicket(em: EntityManager, t: TicketRecord): Promise<string> {
    const rows: unknown[] = await em.query(
      `INSERT INTO blocking_tickets (ticket_id, reporter, order_id, reported_at, received_at,
         processed_at, items, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        t.ticketId,
        t.reporter,
        t.orderId,
        t.reportedAt,
        t.receivedAt,
        t.processedAt,
        JSON.stringify(t.items),
        t.importedBy,
      ],
    );
    return checkedRow(idRow, 'insertTicket', rows[0]).id;
  }

  async listTickets(limit = 200): Promise<TicketRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT k.id, k.ticket_id, k.reporter, o.reference AS order_reference, k.reported_at,
              k.received_at, k.processed_at, k.items
         FROM blocking_tickets k LEFT JOIN blocking_orders o ON o.id = k.order_id
        ORDER BY k.received_at DESC LIMIT $1`,
      [limit],
    );
    return checkedRows(ticketRow, 'listTickets', rows);
  }
}
